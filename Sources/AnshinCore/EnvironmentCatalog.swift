import Foundation

/// The environment catalog: each environment of a project named once, with its AWS account,
/// Terraform inputs, URLs and ribbon, read from `anshin.yml` at the repository root.
///
/// Without `anshin.yml`, environments are inferred from `<env>.tfvars` / `<env>.tfbackend`
/// pairs beside each other, the layout of a single Terraform directory serving many environments.
public struct EnvironmentCatalog: Sendable, Hashable {
    /// Where the catalog came from.
    public enum Origin: Sendable, Hashable {
        case file(String)
        /// Inferred from `.tfvars`/`.tfbackend` pairs.
        case inferred
    }

    public var project: String?
    /// Environments in the order the catalog lists them (inferred ones sorted by name).
    public var environments: [Environment]
    public var origin: Origin
    /// Secret detection rules of the team's own (`secrets.rules`).
    public var secretRules: [CustomSecretRule]
    /// Settings of the ribbon browser extension as a whole (`ribbon:` at the top).
    public var ribbon: RibbonSettings
    /// How `anshin tf` runs Terraform (`terraform:` at the top of the file).
    public var terraformTool: TerraformToolSettings
    /// Where `anshin params` keeps each environment's parameters (`params:`).
    public var parameters: ParameterSettings
    /// Thresholds of the audit (`audit:`).
    public var audit: AuditSettings = AuditSettings()

    public init(project: String?, environments: [Environment], origin: Origin, secretRules: [CustomSecretRule] = [],
                ribbon: RibbonSettings = RibbonSettings(),
                terraformTool: TerraformToolSettings = TerraformToolSettings(), parameters: ParameterSettings = ParameterSettings()) {
        self.project = project
        self.environments = environments
        self.origin = origin
        self.secretRules = secretRules
        self.ribbon = ribbon
        self.terraformTool = terraformTool
        self.parameters = parameters
    }

    public subscript(name: String) -> Environment? { environments.first { $0.name == name } }

    /// The environment called `name`; else an error, naming `field` (the option or setting that
    /// named it), that suggests the nearest name and lists the known ones.
    public func environment(named name: String, field: String = "--env") throws(ConfigurationError) -> Environment {
        if let environment = self[name] { return environment }
        let known = environments.map(\.name)
        throw ConfigurationError(field: field, message: "no environment \"\(name)\"" + Suggestion.phrase(for: name, in: known)
                                     + " (known: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
    }

    /// The catalog file's name at the repository root.
    public static let fileName = "anshin.yml"

    /// Reads `anshin.yml` under `root`, or infers the environments when there is none.
    public static func load(root: URL) throws(ConfigurationError) -> EnvironmentCatalog {
        let url = root.appendingPathComponent(fileName)
        if FileManager.default.fileExists(atPath: url.path) {
            let text: String
            do {
                text = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw ConfigurationError(path: fileName, message: "cannot read: \(SystemErrorText.describe(error))")
            }
            let catalog = try parse(text, file: fileName)
            try catalog.checkFiles(root: root)
            return catalog
        }
        return infer(root: root)
    }

    /// Environments named by `<env>.tfvars` and `<env>.tfbackend` files found together in `root`.
    public static func infer(root: URL) -> EnvironmentCatalog {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        let vars = Set(names.filter { $0.hasSuffix(".tfvars") }.map { String($0.dropLast(".tfvars".count)) })
        let backends = Set(names.filter { $0.hasSuffix(".tfbackend") }.map { String($0.dropLast(".tfbackend".count)) })
        let environments = vars.intersection(backends)
            .filter { $0 != "terraform" && Environment.isValidName($0) }
            .sorted()
            .map { name in
                Environment(name: name, production: Environment.looksLikeProduction(name),
                            terraform: TerraformTarget(vars: "\(name).tfvars", backend: "\(name).tfbackend"))
            }
        return EnvironmentCatalog(project: nil, environments: environments, origin: .inferred)
    }

    static let topFields = ["project", "environments", "secrets", "ribbon", "terraform", "params", "audit", "monitors", "alerts", "groups"]
    static let auditFields = ["log_retention_days", "production"]
    static let environmentFields = ["production", "protected", "aws", "terraform", "urls", "ribbon"]
    static let awsFields = ["profile", "account", "regions", "role"]
    static let terraformFields = ["dir", "vars", "backend"]
    static let ribbonFields = ["label", "color", "text", "title", "hidden", "reason"]
    static let ribbonSettingsFields = ["name", "update_url", "firefox_id"]
    static let toolFields = ["program", "data_dir"]
    static let parameterFields = ["path", "kms_key"]

    /// Parses the text of a catalog file named `file` (for error messages).
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> EnvironmentCatalog {
        guard let root = try YAMLValue.parse(text, file: file) else {
            throw ConfigurationError(path: file, message: "the file is empty; it needs at least \"environments:\"")
        }
        var project: String?
        var environments: [Environment] = []
        var sawEnvironments = false
        var secretRules: [CustomSecretRule] = []
        var ribbon = RibbonSettings()
        var tool = TerraformToolSettings()
        var parameters = ParameterSettings()
        var audit = AuditSettings()
        for (key, value) in try root.mapping(allowed: topFields) {
            switch key {
            case "project":
                project = try value.string()
            case "secrets":
                secretRules = try CustomSecretRule.parseSection(value)
            case "ribbon":
                ribbon = try parseRibbonSettings(value)
            case "terraform":
                tool = try parseTool(value)
            case "params":
                parameters = try parseParameters(value)
            case "audit":
                audit = try parseAudit(value)
            case "monitors", "alerts", "groups":
                // Read by the monitor (`MonitorConfiguration`), which validates them on its own.
                continue
            default:
                sawEnvironments = true
                for (name, body) in try value.mapping() {
                    guard Environment.isValidName(name) else {
                        throw body.error("invalid environment name \"\(name)\": use lower-case letters, digits, - and _, starting with a letter or digit")
                    }
                    environments.append(try parseEnvironment(name: name, body))
                }
            }
        }
        guard sawEnvironments else { throw root.error("missing required field \"environments\"") }
        var catalog = EnvironmentCatalog(project: project, environments: environments, origin: .file(file), secretRules: secretRules,
                                         ribbon: ribbon, terraformTool: tool, parameters: parameters)
        catalog.audit = audit
        return catalog
    }

    private static func parseAudit(_ value: YAMLValue) throws(ConfigurationError) -> AuditSettings {
        var settings = AuditSettings()
        for (key, field) in try value.mapping(allowed: auditFields) {
            if key == "production" {
                settings.production = try field.bool()
                continue
            }
            let text = try field.string()
            guard let days = Int(text), (1...3653).contains(days) else {
                throw field.error("expected a number of days from 1 to 3653, got \"\(text)\"")
            }
            settings.logRetentionDays = days
        }
        return settings
    }

    private static func parseTool(_ value: YAMLValue) throws(ConfigurationError) -> TerraformToolSettings {
        var settings = TerraformToolSettings()
        for (key, field) in try value.mapping(allowed: toolFields) {
            let text = try field.string()
            if key == "program" {
                guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw field.error("expected terraform, tofu or the path of one")
                }
                settings.program = text
            } else {
                guard let mode = TerraformToolSettings.DataDirectory(rawValue: text) else {
                    throw field.error("expected per-environment or shared, got \"\(text)\"")
                }
                settings.dataDirectory = mode
            }
        }
        return settings
    }

    private static func parseParameters(_ value: YAMLValue) throws(ConfigurationError) -> ParameterSettings {
        var settings = ParameterSettings()
        for (key, field) in try value.mapping(allowed: parameterFields) {
            let text = try field.string()
            if key == "path" {
                if let problem = ParameterSettings.problem(inPath: text) { throw field.error(problem) }
                settings.path = text
            } else {
                guard !text.isEmpty, !text.contains(" ") else { throw field.error("expected a KMS key id, ARN or alias/NAME") }
                settings.kmsKey = text
            }
        }
        return settings
    }

    private static func parseEnvironment(name: String, _ body: YAMLValue) throws(ConfigurationError) -> Environment {
        var environment = Environment(name: name, production: Environment.looksLikeProduction(name))
        if body.node.null != nil { return environment }
        for (key, value) in try body.mapping(allowed: environmentFields) {
            switch key {
            case "production":
                environment.production = try value.bool()
                environment.productionSetting = environment.production
            case "protected":
                environment.protectedSetting = try value.bool()
            case "aws":
                environment.aws = try parseAWS(value)
            case "terraform":
                environment.terraform = try parseTerraform(value)
            case "urls":
                environment.urls = try value.strings()
                for (index, url) in environment.urls.enumerated() {
                    guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""),
                          parsed.host?.isEmpty == false else {
                        let item = (try? value.sequence())?[safe: index] ?? value
                        throw item.error("expected an http(s) URL, got \"\(url)\"")
                    }
                }
            default:
                environment.ribbon = try parseRibbon(value, environment: name)
            }
        }
        return environment
    }

    private static func parseAWS(_ value: YAMLValue) throws(ConfigurationError) -> AWSTarget {
        var target = AWSTarget()
        for (key, field) in try value.mapping(allowed: awsFields) {
            switch key {
            case "profile":
                target.profile = try field.string()
            case "account":
                let account = try field.string()
                guard account.count == 12, account.allSatisfy(\.isASCIIDigit) else {
                    throw field.error("expected a 12-digit AWS account id, got \"\(account)\" (quote it so YAML keeps leading zeros)")
                }
                target.account = account
            case "regions":
                let regions = try field.strings()
                let items = field.node.sequence != nil ? try field.sequence() : [field]
                for (region, item) in zip(regions, items) where !AWSTarget.isValidRegion(region) {
                    throw item.error("\"\(region)\" is not an AWS region name (like ap-northeast-1)")
                }
                guard !regions.isEmpty else { throw field.error("expected at least one region") }
                target.regions = regions
            default:
                let role = try field.string()
                guard !role.contains(" ") else { throw field.error("expected an IAM role name or ARN, got \"\(role)\"") }
                target.role = role
            }
        }
        return target
    }

    private static func parseTerraform(_ value: YAMLValue) throws(ConfigurationError) -> TerraformTarget {
        var target = TerraformTarget()
        for (key, field) in try value.mapping(allowed: terraformFields) {
            let text = try field.string()
            switch key {
            case "dir": target.dir = text
            case "vars": target.vars = text
            default: target.backend = text
            }
        }
        return target
    }

    /// `hidden`, or a mapping: `label`, `color`, `text` (the label's colour), `title` (true or a
    /// prefix for the tab title), or `hidden: true` with a `reason`.
    private static func parseRibbon(_ value: YAMLValue, environment: String) throws(ConfigurationError) -> Ribbon {
        if let scalar = value.node.scalar {
            guard scalar.string == "hidden" else {
                throw value.error("expected \"hidden\" or a mapping with label and color, got \(value.describe)")
            }
            return .hidden(reason: nil)
        }
        var style = RibbonStyle()
        var hidden = false
        var reason: String?
        var styled: [YAMLValue] = []
        for (key, field) in try value.mapping(allowed: ribbonFields) {
            switch key {
            case "hidden":
                hidden = try field.bool()
            case "reason":
                reason = try field.string()
            case "title":
                styled.append(field)
                if let flag = try? field.bool() {
                    style.titlePrefix = flag ? "[\(environment.uppercased())]" : nil
                } else {
                    style.titlePrefix = try field.string()
                }
            case "label":
                styled.append(field)
                style.label = try field.string()
            default:
                styled.append(field)
                let text = try field.string()
                guard Ribbon.isValidColor(text) else { throw field.error("expected a colour as #rrggbb, got \"\(text)\"") }
                if key == "color" { style.color = text } else { style.textColor = text }
            }
        }
        if hidden {
            if let field = styled.first {
                throw field.error("a hidden ribbon is not drawn, so it takes no label, colour or title")
            }
            return .hidden(reason: reason)
        }
        if reason != nil { throw value.error("\"reason\" explains \"hidden: true\"; this ribbon is shown") }
        return .shown(style)
    }

    private static func parseRibbonSettings(_ value: YAMLValue) throws(ConfigurationError) -> RibbonSettings {
        var settings = RibbonSettings()
        for (key, field) in try value.mapping(allowed: ribbonSettingsFields) {
            let text = try field.string()
            switch key {
            case "name":
                settings.name = text
            case "update_url":
                guard let url = URL(string: text), url.scheme == "https" || url.scheme == "http", url.host?.isEmpty == false else {
                    throw field.error("expected the http(s) URL where the update manifest will be served, got \"\(text)\"")
                }
                settings.updateURL = text
            default:
                // Firefox takes an email-like id or a GUID in braces.
                let isEmailLike = text.split(separator: "@", omittingEmptySubsequences: false).count == 2
                    && !text.hasPrefix("@") && !text.hasSuffix("@") && !text.contains(" ")
                guard isEmailLike || (text.hasPrefix("{") && text.hasSuffix("}")) else {
                    throw field.error("expected a Firefox add-on id such as ribbon@example.com, got \"\(text)\"")
                }
                settings.firefoxID = text
            }
        }
        return settings
    }

    /// Fails when an environment names Terraform files that do not exist.
    func checkFiles(root: URL) throws(ConfigurationError) {
        for environment in environments {
            guard let terraform = environment.terraform else { continue }
            let dir = root.appendingPathComponent(terraform.dir)
            for file in [terraform.vars, terraform.backend].compactMap({ $0 }) {
                let path = dir.appendingPathComponent(file).path
                if !FileManager.default.fileExists(atPath: path) {
                    let shown = terraform.dir == "." ? file : "\(terraform.dir)/\(file)"
                    throw ConfigurationError(path: EnvironmentCatalog.fileName,
                                             field: "environments.\(environment.name).terraform",
                                             message: "\(shown) does not exist")
                }
            }
        }
    }
}

/// One environment: a name and how to reach it.
public struct Environment: Sendable, Hashable {
    public var name: String
    /// Production environments get the strictest checks (Multi-AZ databases, deletion protection).
    public var production: Bool
    /// `protected:` as the catalog sets it; nil when it does not.
    public var protectedSetting: Bool?
    /// `production:` as the catalog sets it; nil when it does not (``production`` then follows
    /// the name).
    public var productionSetting: Bool?
    public var aws: AWSTarget?
    public var terraform: TerraformTarget?
    public var urls: [String]
    public var ribbon: Ribbon

    public init(name: String, production: Bool = false, aws: AWSTarget? = nil, terraform: TerraformTarget? = nil,
                urls: [String] = [], ribbon: Ribbon = .automatic, protected: Bool? = nil) {
        self.name = name
        self.production = production
        self.protectedSetting = protected
        self.aws = aws
        self.terraform = terraform
        self.urls = urls
        self.ribbon = ribbon
    }

    /// Whether commands that change this environment's infrastructure or state ask for its name
    /// to be typed first: as `protected:` says, else when it is a production environment.
    public var isProtected: Bool { protectedSetting ?? production }

    /// Lower-case letters, digits, `-` and `_`, starting with a letter or digit.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCIILowerOrDigit else { return false }
        return name.allSatisfy { $0.isASCIILowerOrDigit || $0 == "-" || $0 == "_" }
    }

    /// Names that conventionally mean production.
    public static func looksLikeProduction(_ name: String) -> Bool {
        ["prd", "prod", "production", "live", "prod1", "prd1"].contains(name)
    }

    /// Names that conventionally mean an environment other than production.
    public static func looksLikeNonProduction(_ name: String) -> Bool {
        ["stg", "stage", "staging", "dev", "develop", "development", "qa", "test", "testing", "uat", "sandbox", "sbx", "demo",
         "preprod", "pre-prod", "perf", "nonprod", "non-prod", "preview", "local", "ci", "integration", "int", "review"].contains(name)
    }
}

/// How `anshin tf` runs Terraform, from the `terraform:` section at the top of `anshin.yml`.
public struct TerraformToolSettings: Sendable, Hashable {
    /// Where each environment's `.terraform` data lives.
    public enum DataDirectory: String, Sendable, Hashable {
        /// One data directory per environment (`TF_DATA_DIR`): switching environments never
        /// touches another environment's backend settings.
        case perEnvironment = "per-environment"
        /// The stack's one `.terraform`, re-initialised with `-reconfigure` for each environment.
        case shared
    }

    /// `terraform`, `tofu`, or a path; nil picks whichever is on `PATH`.
    public var program: String?
    public var dataDirectory: DataDirectory

    public init(program: String? = nil, dataDirectory: DataDirectory = .perEnvironment) {
        self.program = program
        self.dataDirectory = dataDirectory
    }
}

/// Thresholds of the audit, from the `audit:` section of `anshin.yml`.
public struct AuditSettings: Sendable, Hashable {
    /// The shortest retention, in days, of log groups holding audit and security logs
    /// (`log_retention_days`, 365 by default).
    public var logRetentionDays: Int
    /// How the audit judges what it cannot tell from the catalog or a name (`production`): a
    /// root module without an environment, or an environment whose name says neither production
    /// nor otherwise. nil: as production, the safer reading (production-only checks run).
    public var production: Bool?

    public init(logRetentionDays: Int = 365, production: Bool? = nil) {
        self.logRetentionDays = logRetentionDays
        self.production = production
    }
}

/// Where `anshin params` keeps parameters, from the `params:` section of `anshin.yml`.
public struct ParameterSettings: Sendable, Hashable {
    /// The default path template.
    public static let defaultPath = "/{project}/{env}/{name}"
    /// The KMS key of SecureStrings when none is configured: the account's AWS managed key for SSM.
    public static let defaultKMSKey = "alias/aws/ssm"

    /// The path template: `{env}` and a final `{name}` are required, `{project}` is optional.
    public var path: String?
    /// The KMS key (id, ARN or `alias/NAME`) that encrypts SecureStrings.
    public var kmsKey: String?

    public init(path: String? = nil, kmsKey: String? = nil) {
        self.path = path
        self.kmsKey = kmsKey
    }

    /// What is wrong with a path template, nil when nothing is.
    public static func problem(inPath template: String) -> String? {
        guard template.hasPrefix("/") else { return "a parameter path starts with /, got \"\(template)\"" }
        guard template.hasSuffix("/{name}") else { return "a parameter path ends with /{name}, got \"\(template)\"" }
        guard template.contains("{env}") else { return "a parameter path needs {env}, so environments stay apart: \"\(template)\"" }
        var rest = template
        for placeholder in ["{project}", "{env}", "{name}"] { rest = rest.replacingOccurrences(of: placeholder, with: "x") }
        if rest.contains("{") || rest.contains("}") {
            return "a parameter path knows only {project}, {env} and {name}: \"\(template)\""
        }
        if rest.contains("//") { return "a parameter path has no empty level: \"\(template)\"" }
        guard rest.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/_.-".contains($0)) }) else {
            return "a parameter path holds only letters, digits and / _ . -: \"\(template)\""
        }
        return nil
    }
}

/// Where an environment lives in AWS.
public struct AWSTarget: Sendable, Hashable {
    public var profile: String?
    public var account: String?
    public var regions: [String]
    /// Role to assume in the account (name or ARN), when not the profile's own.
    public var role: String?

    public init(profile: String? = nil, account: String? = nil, regions: [String] = [], role: String? = nil) {
        self.profile = profile
        self.account = account
        self.regions = regions
        self.role = role
    }

    /// Region names such as `us-east-1`, `ap-northeast-1`, `us-gov-west-1`, `eu-central-2`.
    public static func isValidRegion(_ name: String) -> Bool {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let last = parts.last, !last.isEmpty, last.allSatisfy(\.isASCIIDigit) else { return false }
        return parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLowercase } }
    }
}

/// The Terraform inputs of an environment, relative to the repository root.
public struct TerraformTarget: Sendable, Hashable {
    /// The root module directory.
    public var dir: String
    /// Variables file passed as `-var-file`.
    public var vars: String?
    /// Partial backend configuration passed as `-backend-config`.
    public var backend: String?

    public init(dir: String = ".", vars: String? = nil, backend: String? = nil) {
        self.dir = dir
        self.vars = vars
        self.backend = backend
    }
}

/// The environment ribbon the browser extension draws.
public enum Ribbon: Sendable, Hashable {
    /// Not configured: drawn with a label and colour chosen from the environment's name.
    case automatic
    /// Drawn nowhere: customers see this environment's screens. A `reason` marks the choice as
    /// deliberate, which production needs to pass `anshin ribbon check`.
    case hidden(reason: String?)
    /// Drawn; what is not given is chosen as for ``automatic``.
    case shown(RibbonStyle)

    /// A colour written as `#rrggbb` or `#rgb`.
    public static func isValidColor(_ text: String) -> Bool {
        let hex = text.dropFirst()
        return text.first == "#" && (hex.count == 6 || hex.count == 3) && hex.allSatisfy(\.isHexDigit)
    }
}

/// What a shown ribbon looks like; nil fields take their defaults.
public struct RibbonStyle: Sendable, Hashable {
    /// The text on the ribbon.
    public var label: String?
    /// The ribbon's colour, `#rrggbb` or `#rgb`.
    public var color: String?
    /// The label's colour.
    public var textColor: String?
    /// Put before the tab's title (`[PRD]`); nil leaves titles alone.
    public var titlePrefix: String?

    public init(label: String? = nil, color: String? = nil, textColor: String? = nil, titlePrefix: String? = nil) {
        self.label = label
        self.color = color
        self.textColor = textColor
        self.titlePrefix = titlePrefix
    }
}

/// Settings of the ribbon extension as a whole, from `ribbon:` at the top of the catalog.
public struct RibbonSettings: Sendable, Hashable {
    /// The extension's name in the browser.
    public var name: String?
    /// Where a self-hosted update manifest is served, for forced installs outside the Chrome Web Store.
    public var updateURL: String?
    /// The add-on id Firefox knows the extension by.
    public var firefoxID: String?

    public init(name: String? = nil, updateURL: String? = nil, firefoxID: String? = nil) {
        self.name = name
        self.updateURL = updateURL
        self.firefoxID = firefoxID
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILowerOrDigit: Bool { isASCII && (isLowercase || isNumber) }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

/// Whether the audit treats an environment as production, and what told it.
public struct ProductionJudgement: Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable {
        /// `production:` of the environment in `anshin.yml`.
        case setting
        /// The environment's name (`prd`, `staging`).
        case name
        /// `audit: { production: … }` in `anshin.yml`.
        case auditSetting
        /// Nothing told: production, the safer reading.
        case saferDefault
    }

    public var production: Bool
    public var reason: Reason
}

extension EnvironmentCatalog {
    /// Whether the audit judges `environment` (nil: a root module audited without one) as
    /// production, so that production-only checks (Multi-AZ, deletion protection, backup
    /// retention) run: as `anshin.yml` sets it; else as a conventional name says; else as
    /// `audit.production` says; else production, the safer default (a repository with one
    /// unnamed environment usually is production).
    public func productionJudgement(of environment: Environment?) -> ProductionJudgement {
        if let environment {
            if let setting = environment.productionSetting { return ProductionJudgement(production: setting, reason: .setting) }
            if Environment.looksLikeProduction(environment.name) { return ProductionJudgement(production: true, reason: .name) }
            if Environment.looksLikeNonProduction(environment.name) { return ProductionJudgement(production: false, reason: .name) }
        }
        if let setting = audit.production { return ProductionJudgement(production: setting, reason: .auditSetting) }
        return ProductionJudgement(production: true, reason: .saferDefault)
    }
}
