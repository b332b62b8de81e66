import AnshinAudit
import AnshinAWS
import AnshinCore
import AnshinGitHub
import AnshinHCL
import AnshinReports
import AnshinSecrets
import ArgumentParser
import Foundation

/// `anshin audit …`: the audits of infrastructure, from code or from live accounts.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit infrastructure against the first SRE's checks, findings labelled by pillar.",
        subcommands: [AuditTerraformCommand.self, AuditAWSCommand.self, AuditGitHubCommand.self]
    )
}

/// `anshin audit terraform [DIR]`: every root module evaluated per environment and checked.
struct AuditTerraformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terraform",
        abstract: "Audit Terraform evaluated for each environment (<env>.tfvars), sub-stacks included.",
        discussion: """
        Environments come from anshin.yml, or from <env>.tfvars + <env>.tfbackend pairs; otherwise every root \
        module of the tree (a folder of .tf files no other module calls) runs for the environments its own \
        variable and backend files, workspaces or folder name, or once without one (judged as production). \
        A tree with nothing to audit fails. Values known only after apply produce a finding only when \
        every value they can take fails the check. Secrets in variable defaults, .tfvars files and .envrc
        (TF_VAR_ exports) are found with the secret scanner's rules. Suppress with .anshin/suppressions.yml, or with a comment
        `# anshin:ignore <rule-id> <reason>` above or inside the resource.
        """
    )

    @OptionGroup var folder: FolderOptions

    @OptionGroup var terraform: TerraformInputOptions

    @Flag(help: "Audit every environment and show which findings hold in which (the default audits every environment too).")
    var allEnvs = false

    @Option(help: ArgumentHelp("An earlier JSON report: report only findings it does not contain.", valueName: "file"),
            completion: .file(extensions: ["json"]))
    var baseline: String?

    @OptionGroup var report: ReportOptions

    func validate() throws {
        if allEnvs && !terraform.environments.isEmpty { throw ValidationError("--env and --all-envs cannot be combined") }
    }

    func run() throws {
        let project = try Workspace.project(folder.path)
        let root = project.folder
        let clock = try Clock.current()
        let catalog = try EnvironmentCatalog.load(root: root)
        let progress = report.quiet ? nil : ProgressLine.standardError()
        let evaluated = LockedValue<(done: Int, total: Int)>((0, 0))
        progress?.show {
            let count = evaluated.withLock { $0 }
            return "terraform: \(count.done) of \(count.total) stacks × environments evaluated"
        }
        let result = try TerraformAudit.run(root: root, catalog: catalog, environments: try terraform.environments(in: catalog),
                                            variables: try terraform.parsedVariables(),
                                            variableFiles: try terraform.variableFilePaths(), progress: evaluated)
        progress?.finish("audited " + AssessedScope.counted(Set(result.audited.map(\.directory)).count, "stack")
                         + " × " + AssessedScope.counted(Set(result.audited.compactMap(\.environment)).count, "environment"))
        // Secrets in Terraform's inputs, with the secret scanner's rules (the team's own included).
        let detector = try Detector.including(catalog.secretRules)
        let secrets = SecretScanner(detector: detector).scanTerraformInputs(root).findings(detector: detector)
        var findings = try Suppressions.load(root: project.root).apply(to: result.findings.map { $0.from("terraform") }
                                                                           + secrets.map { $0.from("secrets") },
                                                                       today: clock.today, pathPrefix: project.relativePath)
        let notes = result.notes + project.strayNotes
            + Workspace.remember(findings, scope: "audit terraform \(project.relativePath)", project: project, clock: clock)
        if let baseline { findings = try Baseline.excluding(findings, in: baseline) }
        // The variable files' secrets are a part of the secret scan only: a later scan still judges the rest.
        let sourceRoot = SourceRoot.locate(root)
        var output = Report(target: folder.path, generatedAt: clock.timestamp, findings: findings, notes: notes,
                            failOn: report.failOn, showSuppressed: report.showSuppressed, coverage: Coverage(sources: ["terraform"], folder: sourceRoot.prefix),
                            sourceRoot: sourceRoot, environments: catalog.environments.map(\.name))
        // Asked to audit Terraform, a run that found none to audit fails rather than passes.
        output.assessedNothing = result.assessedNothing
        try report.emit(output)
        if allEnvs, try report.destinations().contains(where: { $0.path == nil && $0.format == .text && !$0.summaryOnly }) {
            print(SpreadTable.render(result.spread().filter { spread in spread.findings.contains { !$0.isSuppressed } }))
        }
        try report.conclude(output, assessed: result.audited.count)
    }
}

/// `anshin audit aws`: the read-only live audit of one account, or of every account of the Organization.
struct AuditAWSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws",
        abstract: "Audit live AWS accounts, read-only: one account, or every account of the Organization with --org.",
        discussion: """
        Credentials come from the AWS credential chain (environment, shared config and credentials files, SSO, \
        credential_process, web identity, container and instance roles). Only Describe, List and Get calls are made \
        (and GenerateCredentialReport). A service or Region that is denied or disabled is reported as not assessed. \
        Without --regions, only the profile's Region is audited.
        """
    )

    @Option(help: ArgumentHelp("The AWS profile to use (default: AWS_PROFILE or the default chain).", valueName: "name"))
    var profile: String?

    @Option(name: .customLong("env"), help: ArgumentHelp("Audit the account of this anshin.yml environment (its aws profile, account and regions).", valueName: "name"),
            completion: EnvironmentCompletion.kind)
    var environment: String?

    @Option(help: ArgumentHelp("Regions to audit, comma-separated (default: the profile's Region).", valueName: "r1,r2"))
    var regions: String?

    @Flag(help: "Audit every account of the Organization, from its management account.")
    var org = false

    @Option(help: ArgumentHelp("The role (name or ARN) assumed in each member account with --org (default: OrganizationAccountAccessRole).",
                               valueName: "name"))
    var role: String?

    @OptionGroup var folder: FolderOptions

    @OptionGroup var report: ReportOptions

    func validate() throws {
        if profile != nil && environment != nil { throw ValidationError("--profile and --env cannot be combined; the environment names its profile") }
        if role != nil && !org { throw ValidationError("--role applies only with --org") }
        _ = try Self.regionList(regions)
    }

    var regionList: [String] { (try? Self.regionList(regions)) ?? [] }

    /// `--regions r1,r2` as a list, each a Region name.
    static func regionList(_ text: String?) throws -> [String] {
        let regions = (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for region in regions where !AWSTarget.isValidRegion(region) {
            throw ValidationError("\"\(region)\" is not an AWS region name (like ap-northeast-1)")
        }
        return regions
    }

    /// What to read: the profile's account, or the account of the catalog environment named
    /// (its aws settings), in `regions`.
    static func target(root: URL, catalog: EnvironmentCatalog, environment: String?, profile: String?, regions: [String],
                       organizationRole: String?) throws -> AWSAuditTarget {
        var target = AWSAuditTarget(profile: profile, regions: regions, organizationRole: organizationRole)
        if let environment {
            let entry = try catalog.environment(named: environment)
            guard entry.aws != nil else {
                throw ConfigurationError(path: EnvironmentCatalog.fileName, field: "environments.\(environment).aws",
                                         message: "environment \"\(environment)\" has no aws settings (profile, account, regions)")
            }
            target = AWSAuditTarget(environment: entry, workspace: TerraformWorkspace(root: root, catalog: catalog),
                                    regions: regions, organizationRole: organizationRole)
        }
        target.auditLogRetentionDays = catalog.audit.logRetentionDays
        if environment == nil { target.production = catalog.productionJudgement(of: nil) }
        return target
    }

    func run() async throws {
        let project = try Workspace.project(folder.path)
        let root = project.root
        let clock = try Clock.current()
        let catalog = try EnvironmentCatalog.load(root: root)
        let target = try Self.target(root: root, catalog: catalog, environment: environment, profile: profile, regions: regionList,
                                     organizationRole: org ? (role ?? AWSAudit.defaultOrganizationRole) : nil)
        let result: AWSAuditResult
        do {
            let progress = report.quiet ? nil : ProgressLine.standardError()
            let read = LockedValue<(done: Int, total: Int)>((0, 0))
            progress?.show {
                let count = read.withLock { $0 }
                return "aws: \(count.done) of \(count.total) account\(count.total == 1 ? "" : "s") read"
                    + (org ? " (the Organization's)" : "")
            }
            result = try await AWSAudit.run(target, clock: clock, progress: read)
            progress?.finish("audited " + AssessedScope.counted(result.accounts.count, "account")
                             + (target.regions.isEmpty ? "" : " × " + AssessedScope.counted(target.regions.count, "Region")))
        } catch {
            throw Self.explain(error, profile: target.profile)
        }
        let findings = try Suppressions.load(root: root).apply(to: result.findings.map { $0.from("aws") }, today: clock.today)
        let notes = result.notes + Workspace.remember(findings, scope: "audit aws \(result.accounts.joined(separator: ","))",
                                                      project: project, clock: clock)
        let scope = result.accounts.count == 1 ? "account \(result.accounts[0])" : "\(result.accounts.count) accounts"
        let output = Report(target: "aws: \(scope)", generatedAt: clock.timestamp, findings: findings, notes: notes,
                            failOn: report.failOn, showSuppressed: report.showSuppressed,
                            coverage: Coverage(sources: ["aws"], accounts: result.accounts))
        try report.emit(output)
        try report.conclude(output, assessed: result.accounts.count)
    }

    /// What stopped the audit, the real problem first: no credentials at all before anything
    /// about a Region; a network failure is the environment's (exit 3), not a usage error.
    static func explain(_ error: AWSError, profile: String?,
                        environment: [String: String] = ProcessInfo.processInfo.environment) -> any Error {
        switch error.kind {
        case .network, .throttled, .service, .invalidResponse:
            return EnvironmentError(message: error.description)
        case .credentials:
            guard let missing = AWSAudit.missingCredentials(profile: profile, environment: environment) else {
                return ConfigurationError(message: error.description)
            }
            // Nothing configured at all: say so first, rather than that the (missing) profile has no
            // Region or which sources of the chain were tried.
            if error.message.hasPrefix("no AWS region") || missing == AWSAudit.nothingConfigured {
                return ConfigurationError(message: missing + ". " + Self.configureAdvice)
            }
            return ConfigurationError(message: error.description + ". " + Self.configureAdvice)
        case .accessDenied, .expiredToken, .invalidCredentials, .unknownRegion:
            return ConfigurationError(message: error.description)
        }
    }

    static let configureAdvice = """
        Configure credentials with `aws configure` (access keys) or `aws configure sso` and `aws sso login`, \
        then pass --profile NAME or set AWS_PROFILE (or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); \
        the Region comes from AWS_REGION, the profile's region, or --regions
        """
}

/// `anshin audit github --org ORG`: the organisation's security settings and each repository's.
struct AuditGitHubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "github",
        abstract: "Audit a GitHub organisation's settings and its repositories' protections, read-only.",
        discussion: """
        Organisation: two-factor authentication required, base repository permission, who may create public \
        repositories, forking of private repositories, SAML single sign-on, allowed Actions, the default \
        GITHUB_TOKEN permissions, whether workflows may approve pull requests, webhooks without a secret or TLS, \
        the number of owners. Each repository: branch protection or rulesets on the default branch, secret \
        scanning and push protection, Dependabot alerts, outside collaborators with admin, direct admins. The token \
        (GITHUB_TOKEN, GH_TOKEN or `gh auth token`) needs read:org, repo and, for everything, an owner's \
        admin:org and admin:org_hook; what it may not read is reported as not assessed.
        """
    )

    @Option(help: ArgumentHelp("The organisation to audit.", valueName: "org"))
    var org: String

    @OptionGroup var folder: FolderOptions

    @OptionGroup var github: GitHubOptions

    @OptionGroup var report: ReportOptions

    func validate() throws {
        guard !org.isEmpty, org.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw ValidationError("\"\(org)\" is not an organisation name (letters, digits and -)")
        }
    }

    func run() async throws {
        let project = try Workspace.project(folder.path)
        let clock = try Clock.current()
        let client = try github.client()
        let result: OrganizationAudit.Result
        do throws(GitHubError) {
            result = try await OrganizationAudit.run(org, client: client)
        } catch {
            throw error.exitStatus()
        }
        let findings = try Suppressions.load(root: project.root).apply(to: result.findings.map { $0.from("github") }, today: clock.today)
        let notes = result.notes + Workspace.remember(findings, scope: "audit github \(org)", project: project, clock: clock)
        let output = Report(target: "github: \(org)", generatedAt: clock.timestamp, findings: findings, notes: notes,
                            failOn: report.failOn, showSuppressed: report.showSuppressed,
                            coverage: Coverage(sources: ["github"], organizations: [org]))
        try report.emit(output)
        try report.conclude(output, assessed: 1)
    }
}
