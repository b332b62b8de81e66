import AnshinCore
import AnshinHCL
import Foundation
import Synchronization

/// One root module audited for one environment.
public struct TerraformAuditedModule: Sendable, Hashable {
    /// The root module's directory relative to the audited folder (`.` for the folder itself).
    public var directory: String
    /// The catalog environment, nil when the folder has none.
    public var environment: String?
    /// Managed resource instances evaluated.
    public var resources: Int

    public init(directory: String, environment: String?, resources: Int) {
        self.directory = directory
        self.environment = environment
        self.resources = resources
    }
}

/// What the Terraform audit found.
public struct TerraformAuditResult: Sendable {
    /// Findings in report order, inline suppressions applied.
    public var findings: [Finding]
    /// Evaluation problems (`warning`) and parts not assessed (`not-assessed`).
    public var notes: [Note]
    /// Every (root module, environment) pair audited, in audit order.
    public var audited: [TerraformAuditedModule]
    /// The root module of each finding, by fingerprint.
    var modules: [String: String] = [:]

    public init(findings: [Finding], notes: [Note], audited: [TerraformAuditedModule]) {
        self.findings = findings
        self.notes = notes
        self.audited = audited
    }
}

/// The static audit of Terraform: each root module evaluated for each environment
/// (`<env>.tfvars`, `<env>.tfbackend`), read into an ``Inventory`` and checked.
///
/// Root modules are the catalog's `terraform.dir` for each environment, plus independent stacks
/// below the folder (a directory with `.tf` files and its own `<env>.tfvars` or
/// `<env>.tfbackend`, such as `metabase/`), except directories only called as modules.
/// Account-level facts (a CloudTrail trail, a Config recorder, account-wide Block Public Access,
/// EBS encryption by default) are judged once per environment over all its stacks, so a
/// sub-stack is not told that it lacks the trail the main stack declares.
public enum TerraformAudit {
    /// Checks about the account as a whole, run once per environment over all its stacks.
    public static let accountLevelCheckIDs: Set<String> = [
        "cloudtrail-multi-region", "config-recorder-enabled", "s3-account-public-access-block", "ebs-encryption-by-default",
        "iam-password-policy", "securityhub-enabled", "guardduty-enabled", "account-in-organization", "organization-trail",
        "organization-log-archive-account", "management-account-workloads", "root-user-mfa", "root-user-hardware-mfa",
        "root-user-access-keys", "root-user-recent-use",
    ]

    /// A root module to audit for one environment, with its inputs (paths relative to `directory`).
    public struct Target: Sendable, Hashable {
        public var directory: String
        public var environment: Environment?
        public var varsFile: String?
        public var backendFile: String?
    }

    /// Audits the root modules under `root`.
    ///
    /// - Parameters:
    ///   - environments: the catalog environments to audit; nil audits every one with Terraform
    ///     settings. With none, the folder's root module is audited once, without an environment.
    ///   - variables: `-var` style overrides, applied to every root module that declares them.
    public static func run(root: URL, catalog: EnvironmentCatalog, environments: [String]? = nil,
                           variables: [String: String] = [:],
                           checks: [any Check] = CheckCatalog.all) throws(ConfigurationError) -> TerraformAuditResult {
        let targets = try self.targets(root: root, catalog: catalog, environments: environments)
        var findings: [Finding] = []
        var notes: [Note] = []
        var audited: [TerraformAuditedModule] = []
        var modules: [String: String] = [:]
        let accountChecks = checks.filter { accountLevelCheckIDs.contains($0.metadata.id) }
        let resourceChecks = checks.filter { !accountLevelCheckIDs.contains($0.metadata.id) }
        var order: [String?] = []
        var byEnvironment: [String?: [Int]] = [:]
        for (index, target) in targets.enumerated() {
            let name = target.environment?.name
            if byEnvironment[name] == nil { order.append(name) }
            byEnvironment[name, default: []].append(index)
        }
        // Every stack of every environment is evaluated at once, on every core; the results are
        // then read in the order above, so the report does not depend on which finished first.
        let evaluations = evaluateAll(targets, root: root, variables: variables)
        var diagnostics: [String: (note: Note, environments: [String])] = [:]
        var diagnosticOrder: [String] = []
        for name in order {
            var stacks: [(Target, Inventory, StackSuppressions)] = []
            for index in byEnvironment[name] ?? [] {
                let target = targets[index]
                let evaluation: Evaluated
                do {
                    evaluation = try evaluations[index].get()
                } catch let error as ConfigurationError {
                    throw error
                } catch let error as HCLError {
                    // Terraform itself refuses a module it cannot parse: so does the audit.
                    throw ConfigurationError(path: TerraformReader.join(target.directory, error.path), line: error.line,
                                             column: error.column, message: error.message)
                } catch {
                    notes.append(Note(kind: .notAssessed, source: "terraform",
                                      message: "\(label(target)): not evaluated: \(error)"))
                    continue
                }
                let known = Set(checks.map(\.metadata.id))
                let unknownRules = evaluation.suppressions.all.filter { !known.contains($0.ruleID) }.map { suppression in
                    Note(kind: .warning, source: "terraform",
                         message: "\(suppression.path):\(suppression.line): anshin:ignore names \"\(suppression.ruleID)\", which is not a Terraform audit rule")
                }
                for note in evaluation.notes + unknownRules {
                    let key = "\(note.kind.rawValue)|\(note.message)"
                    if diagnostics[key] == nil {
                        diagnostics[key] = (note, [])
                        diagnosticOrder.append(key)
                    }
                    if let name { diagnostics[key]?.environments.append(name) }
                }
                audited.append(TerraformAuditedModule(directory: target.directory, environment: name, resources: evaluation.resources))
                stacks.append((target, evaluation.inventory, evaluation.suppressions))
            }
            guard !stacks.isEmpty else { continue }
            let account = accountInventory(stacks.map(\.1))
            var found: [(Finding, StackSuppressions, String)] = []
            for (target, inventory, suppressions) in stacks {
                var inventory = inventory
                inventory.accountPublicAccessBlock = account.accountPublicAccessBlock
                for finding in CheckCatalog.evaluate(inventory, checks: resourceChecks) {
                    found.append((finding, suppressions, target.directory))
                }
            }
            if let first = stacks.first {
                for finding in CheckCatalog.evaluate(account, checks: accountChecks) {
                    found.append((finding, first.2, first.0.directory))
                }
            }
            for (finding, suppressions, directory) in found {
                var finding = finding
                finding.suppression = suppressions.suppression(for: finding)
                modules[finding.fingerprint] = directory
                findings.append(finding)
            }
        }
        for key in diagnosticOrder {
            guard let (note, names) = diagnostics[key] else { continue }
            let scope = names.isEmpty ? "" : " (\(names.joined(separator: ", ")))"
            notes.append(Note(kind: note.kind, source: note.source, message: note.message + scope))
        }
        var result = TerraformAuditResult(findings: findings, notes: notes, audited: audited)
        result.modules = modules
        return result
    }

    static func label(_ target: Target) -> String {
        let directory = target.directory == "." ? "root module" : "\(target.directory)/"
        return target.environment.map { "\(directory) for \($0.name)" } ?? directory
    }

    /// The environment-wide view of account-level settings: every stack's trails and recorders,
    /// and the account settings any of them declares.
    static func accountInventory(_ inventories: [Inventory]) -> Inventory {
        var account = inventories[0]
        account.trails = inventories.flatMap(\.trails)
        account.configRecorders = inventories.flatMap(\.configRecorders)
        let blocks = inventories.map(\.accountPublicAccessBlock)
        if let declared = blocks.first(where: { $0.value != nil && $0.value! != nil }) {
            account.accountPublicAccessBlock = declared
        } else if blocks.contains(.unknown) {
            account.accountPublicAccessBlock = .unknown
        } else {
            account.accountPublicAccessBlock = .known(nil)
        }
        let ebs = inventories.map(\.ebsEncryptionByDefault)
        account.ebsEncryptionByDefault = ebs.first { $0.isFalse } ?? ebs.first { $0.isTrue } ?? .unknown
        account.passwordPolicy = inventories.map(\.passwordPolicy).first { !$0.isUnknown } ?? .unknown
        account.securityHub = inventories.flatMap(\.securityHub)
        account.guardDuty = inventories.flatMap(\.guardDuty)
        account.organization = inventories.map(\.organization).first { !$0.isUnknown } ?? .unknown
        account.identityCenter = inventories.map(\.identityCenter).first { $0.isTrue } ?? .unknown
        // What the management account may run is judged over every stack deployed to it.
        account.instances = inventories.flatMap(\.instances)
        account.databases = inventories.flatMap(\.databases)
        account.cacheClusters = inventories.flatMap(\.cacheClusters)
        account.loadBalancers = inventories.flatMap(\.loadBalancers)
        account.functions = inventories.flatMap(\.functions)
        for inventory in inventories.dropFirst() {
            account.accountSettingLocations.merge(inventory.accountSettingLocations) { first, _ in first }
        }
        return account
    }

    // MARK: Evaluation

    /// What the audit keeps of one stack's evaluation (the evaluated module itself is dropped).
    struct Evaluated: Sendable {
        var inventory: Inventory
        var notes: [Note]
        var suppressions: StackSuppressions
        /// Managed resource instances.
        var resources: Int
    }

    /// Evaluates `targets` concurrently; results in the order of `targets`.
    static func evaluateAll(_ targets: [Target], root: URL, variables: [String: String]) -> [Result<Evaluated, any Error>] {
        let results = Mutex<[Result<Evaluated, any Error>?]>(Array(repeating: nil, count: targets.count))
        DispatchQueue.concurrentPerform(iterations: targets.count) { index in
            let result = Result<Evaluated, any Error> {
                let evaluation = try evaluate(targets[index], root: root, variables: variables)
                return Evaluated(inventory: evaluation.inventory, notes: evaluation.notes, suppressions: evaluation.suppressions,
                                 resources: evaluation.module.resources.filter { $0.mode == .managed }.count)
            }
            results.withLock { $0[index] = result }
        }
        return results.withLock { $0.map { $0! } }
    }

    struct Evaluation {
        var module: EvaluatedModule
        var inventory: Inventory
        var notes: [Note]
        var suppressions: StackSuppressions
    }

    /// The settings of `target`'s backend file, with its path as findings show it; nil when the
    /// target names none or the file is missing.
    static func backendFile(of target: Target, in directory: URL) throws(ConfigurationError) -> (values: [String: String], path: String)? {
        guard let name = target.backendFile,
              let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else { return nil }
        let shown = TerraformReader.join(target.directory, name)
        return (try TerraformSettings.Backend.readConfiguration(String(decoding: data, as: UTF8.self), path: shown), shown)
    }

    /// Evaluates one root module for one environment and reads its inventory.
    static func evaluate(_ target: Target, root: URL, variables: [String: String]) throws -> Evaluation {
        let directory = target.directory == "." ? root : root.appendingPathComponent(target.directory)
        let loaded = try TerraformModule.load(directory: directory.path)
        let declared = Set(loaded.variables.map(\.name))
        var files: [String] = []
        if let vars = target.varsFile, FileManager.default.fileExists(atPath: directory.appendingPathComponent(vars).path) {
            files.append(vars)
        }
        let assignments = variables.keys.sorted().filter(declared.contains).map { (name: $0, value: variables[$0] ?? "") }
        // The process environment is ignored (no TF_VAR_*), so every run of one commit audits the same thing.
        let inputs = VariableInputs(files: files, assignments: assignments, environment: [:])
        let module = ModuleEvaluator.evaluate(module: loaded, inputs: inputs)
        let backend = try backendFile(of: target, in: directory)
        let backendConfig = backend?.values ?? [:]
        let backendPath = backend?.path
        let environment = target.environment
        let source = TerraformSource(environment: environment?.name, production: environment?.production ?? false,
                                     account: environment?.aws?.account, region: environment?.aws?.regions.first,
                                     directory: target.directory, backendConfig: backendConfig, backendFile: backendPath,
                                     files: loaded.files)
        let inventory = Inventory(terraform: module, source: source)
        let notes = module.diagnostics.map { diagnostic in
            var place = ""
            if let range = diagnostic.range {
                place = "\(TerraformReader.join(target.directory, range.path)):\(range.range.start.line): "
            }
            let kind: Note.Kind = diagnostic.severity == .error ? .notAssessed : .warning
            let consequence = diagnostic.severity == .error ? " (what depends on it is treated as unknown)" : ""
            return Note(kind: kind, source: "terraform", message: place + diagnostic.message + consequence)
        }
        let suppressions = try StackSuppressions(module: module, directory: target.directory, root: root)
        return Evaluation(module: module, inventory: inventory, notes: notes, suppressions: suppressions)
    }

    // MARK: Discovery

    /// The buckets environment `name`'s stacks keep their state in: each S3 backend's `bucket`,
    /// from the environment's backend file or written in the `backend "s3"` block. A stack that
    /// cannot be read adds nothing (its audit reports why).
    public static func stateBuckets(root: URL, catalog: EnvironmentCatalog, environment name: String) -> Set<String> {
        guard catalog[name]?.terraform != nil, let targets = try? targets(root: root, catalog: catalog, environments: [name]) else { return [] }
        var buckets = Set<String>()
        for target in targets {
            let directory = target.directory == "." ? root : root.appendingPathComponent(target.directory)
            guard let settings = (try? TerraformModule.load(directory: directory.path))?.settings, settings.backendType == "s3" else { continue }
            let configured = (try? backendFile(of: target, in: directory))??.values["bucket"]
            if let bucket = configured ?? settings.backendAttributes["bucket"].flatMap(TerraformValue.string), !bucket.isEmpty {
                buckets.insert(bucket)
            }
        }
        return buckets
    }

    /// The root modules to audit, per environment in catalog order: the environment's
    /// `terraform.dir`, then the independent stacks below the folder that have its files.
    public static func targets(root: URL, catalog: EnvironmentCatalog,
                               environments names: [String]? = nil) throws(ConfigurationError) -> [Target] {
        var selected: [Environment]
        if let names {
            selected = []
            for name in names {
                guard let environment = catalog[name] else {
                    let known = catalog.environments.map(\.name).joined(separator: ", ")
                    throw ConfigurationError(message: "unknown environment \"\(name)\"" + (known.isEmpty ? "" : " (known: \(known))"))
                }
                guard environment.terraform != nil else {
                    throw ConfigurationError(path: EnvironmentCatalog.fileName, field: "environments.\(name).terraform",
                                             message: "environment \"\(name)\" has no Terraform settings to audit")
                }
                selected.append(environment)
            }
        } else {
            selected = catalog.environments.filter { $0.terraform != nil }
        }
        guard !selected.isEmpty else {
            return hasTerraformFiles(root) ? [Target(directory: ".", environment: nil, varsFile: nil, backendFile: nil)] : []
        }
        let directories = stackCandidates(root: root)
        let mainDirectories = Set(selected.compactMap { $0.terraform.map { normalise($0.dir) } })
        let calledAsModules = moduleDirectories(root: root, of: Array(mainDirectories) + directories)
        var targets: [Target] = []
        for environment in selected {
            guard let terraform = environment.terraform else { continue }
            let main = normalise(terraform.dir)
            targets.append(Target(directory: main, environment: environment, varsFile: terraform.vars, backendFile: terraform.backend))
            for directory in directories where directory != main && !calledAsModules.contains(directory) && !mainDirectories.contains(directory) {
                let url = root.appendingPathComponent(directory)
                let vars = "\(environment.name).tfvars"
                let backend = "\(environment.name).tfbackend"
                let hasVars = FileManager.default.fileExists(atPath: url.appendingPathComponent(vars).path)
                let hasBackend = FileManager.default.fileExists(atPath: url.appendingPathComponent(backend).path)
                guard hasVars || hasBackend else { continue }
                targets.append(Target(directory: directory, environment: environment, varsFile: hasVars ? vars : nil,
                                      backendFile: hasBackend ? backend : nil))
            }
        }
        return targets
    }

    static func normalise(_ directory: String) -> String {
        let joined = TerraformReader.join(".", directory)
        return joined.isEmpty ? "." : joined
    }

    static func hasTerraformFiles(_ directory: URL) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.contains { $0.hasSuffix(".tf") || $0.hasSuffix(".tf.json") }
    }

    /// Directories below `root` (relative, sorted) holding `.tf` files; hidden directories and
    /// `.terraform/` are skipped.
    static func stackCandidates(root: URL, maximumDepth: Int = 8) -> [String] {
        var result: [String] = []
        func walk(_ relative: String, depth: Int) {
            let url = relative.isEmpty ? root : root.appendingPathComponent(relative)
            guard depth <= maximumDepth, let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return }
            if !relative.isEmpty, names.contains(where: { $0.hasSuffix(".tf") || $0.hasSuffix(".tf.json") }) { result.append(relative) }
            for name in names.sorted() where !name.hasPrefix(".") && name != "node_modules" {
                var isDirectory: ObjCBool = false
                let child = url.appendingPathComponent(name)
                guard FileManager.default.fileExists(atPath: child.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
                let isLink = (try? FileManager.default.destinationOfSymbolicLink(atPath: child.path)) != nil
                guard !isLink else { continue }
                walk(relative.isEmpty ? name : relative + "/" + name, depth: depth + 1)
            }
        }
        walk("", depth: 0)
        return result.sorted()
    }

    /// Directories (relative to `root`) that a module call in any of `directories` names as its source.
    static func moduleDirectories(root: URL, of directories: [String]) -> Set<String> {
        var result = Set<String>()
        for directory in directories {
            let url = directory == "." ? root : root.appendingPathComponent(directory)
            guard let module = try? TerraformModule.load(directory: url.path) else { continue }
            for call in module.moduleCalls where call.isLocal {
                result.insert(normalise(TerraformReader.join(directory, call.source)))
            }
        }
        return result
    }
}
