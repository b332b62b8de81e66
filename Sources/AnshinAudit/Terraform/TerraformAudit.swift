import AnshinCore
import AnshinHCL
import Foundation

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

/// One root module's inventory for one environment.
public struct TerraformStackInventory: Sendable {
    /// The root module's directory (or Terragrunt unit) relative to the audited folder.
    public var directory: String
    public var environment: String?
    public var inventory: Inventory

    public init(directory: String, environment: String?, inventory: Inventory) {
        self.directory = directory
        self.environment = environment
        self.inventory = inventory
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
    /// Each stack's inventory, in audit order, for what draws or compares them.
    public var inventories: [TerraformStackInventory] = []
    /// The root module of each finding, by fingerprint.
    var modules: [String: String] = [:]

    /// The root module (or Terragrunt unit) whose audit produced `finding`.
    public func directory(of finding: Finding) -> String? { modules[finding.fingerprint] }

    /// Whether the audit looked at nothing: no root module could be read, or none of those read
    /// declares a resource it could evaluate. Such a run never passes.
    public var assessedNothing: Bool { audited.allSatisfy { $0.resources == 0 } }

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
    /// Audits the root modules under `root`.
    ///
    /// - Parameters:
    ///   - environments: the catalog environments to audit; nil audits every one with Terraform
    ///     settings. With none, the folder's root module is audited once, without an environment.
    ///   - variables: `-var` style overrides, applied to every root module that declares them.
    ///   - variableFiles: `-var-file` style files (absolute paths), read after the environment's
    ///     own `.tfvars` by every root module.
    /// `progress`, when given, counts the stacks evaluated out of all of them, as they finish.
    public static func run(root: URL, catalog: EnvironmentCatalog, environments: [String]? = nil,
                           variables: [String: String] = [:], variableFiles: [String] = [],
                           checks: [any Check] = CheckCatalog.all,
                           progress: LockedValue<(done: Int, total: Int)>? = nil) throws(ConfigurationError) -> TerraformAuditResult {
        let workspace = TerraformWorkspace(root: root, catalog: catalog)
        let targets = try workspace.stacks(environments: environments)
        progress?.withLock { $0 = (0, targets.count) }
        var findings: [Finding] = []
        var notes = layoutNotes(targets, catalog: catalog) + terragruntNotes(workspace.terragruntUnits())
        var audited: [TerraformAuditedModule] = []
        var modules: [String: String] = [:]
        var inventories: [TerraformStackInventory] = []
        // Checks about the account as a whole run once per environment over all its stacks.
        let accountChecks = checks.filter { $0.metadata.scope != .resource }
        let resourceChecks = checks.filter { $0.metadata.scope == .resource }
        var order: [String?] = []
        var byEnvironment: [String?: [Int]] = [:]
        for (index, target) in targets.enumerated() {
            let name = target.environment?.name
            if byEnvironment[name] == nil { order.append(name) }
            byEnvironment[name, default: []].append(index)
        }
        // Every stack of every environment is evaluated at once, on every core; the results are
        // then read in the order above, so the report does not depend on which finished first.
        let evaluations = evaluateAll(targets, in: workspace, variables: variables, variableFiles: variableFiles, progress: progress)
        var diagnostics: [String: (note: Note, environments: [String])] = [:]
        var diagnosticOrder: [String] = []
        for name in order {
            var stacks: [(TerraformWorkspace.Stack, Inventory, StackSuppressions)] = []
            var variantsOf: [Int: [Inventory]] = [:]
            var decided = Set<String>()
            for index in byEnvironment[name] ?? [] {
                let target = targets[index]
                let evaluation: Evaluated
                do {
                    evaluation = try evaluations[index].get()
                } catch let error as ConfigurationError {
                    // anshin's own input in the module (an inline suppression without a reason).
                    throw error
                } catch {
                    // Terraform refuses a module it cannot read; the audit reports it and goes on
                    // with the rest of the tree.
                    let place = Self.unreadable(error, in: target.directory)
                    let problem = place.line.map { "\(place.path):\($0): \(place.message)" } ?? "\(place.path): \(place.message)"
                    notes.append(Note(kind: .notAssessed, source: "terraform", message: "\(target.label): not assessed: \(problem)"))
                    // An encrypted file (git-crypt, locked) is not broken: the note says how to read it.
                    let encrypted = (error as? HCLError)?.isEncrypted ?? false
                    if !encrypted && checks.contains(where: { $0.metadata.id == Self.invalidConfiguration.metadata.id }) {
                        findings.append(Self.invalidConfiguration.finding(directory: target.directory, environment: name, path: place.path,
                                                                     line: place.line, column: place.column, problem: place.message))
                    }
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
                // A file the module needs that Terraform would refuse (a called module's, a
                // variables file's syntax) fails the run too, though the rest of the module was read.
                if checks.contains(where: { $0.metadata.id == Self.invalidConfiguration.metadata.id }) {
                    for file in evaluation.refused {
                        findings.append(Self.invalidConfiguration.finding(directory: target.directory, environment: name, path: file.path,
                                                                     line: file.line, column: file.column, problem: file.message,
                                                                     partly: true))
                    }
                }
                audited.append(TerraformAuditedModule(directory: target.unit ?? target.directory, environment: name,
                                                      resources: evaluation.resources))
                if !evaluation.variants.isEmpty { variantsOf[stacks.count] = evaluation.variants }
                stacks.append((target, evaluation.inventory, evaluation.suppressions))
                inventories.append(TerraformStackInventory(directory: target.unit ?? target.directory, environment: name,
                                                           inventory: evaluation.inventory))
                decided.formUnion(evaluation.decided)
            }
            guard !stacks.isEmpty else { continue }
            // A reusable module audited on its own is no account's root: account-wide facts come
            // from the roots only.
            let roots = stacks.filter { !$0.0.isUncalledModule }
            let account = accountInventory((roots.isEmpty ? stacks : roots).map(\.1))
            var found: [(Finding, StackSuppressions, String)] = []
            for (position, (target, inventory, suppressions)) in stacks.enumerated() {
                var inventory = inventory
                inventory.accountPublicAccessBlock = account.accountPublicAccessBlock
                // A module has no backend of its own, and the Terraform version is its caller's to pin.
                let checks = target.isUncalledModule ? resourceChecks.filter { !Self.rootOnlyChecks.contains($0.metadata.id) } : resourceChecks
                let known = CheckCatalog.evaluate(inventory, checks: checks)
                for finding in known {
                    found.append((finding, suppressions, target.unit ?? target.directory))
                }
                for finding in Self.failingEveryOutcome(variantsOf[position] ?? [], besides: known, account: account, checks: checks) {
                    found.append((finding, suppressions, target.unit ?? target.directory))
                }
            }
            if let first = roots.first {
                for finding in CheckCatalog.evaluate(account, checks: accountChecks) {
                    found.append((finding, first.2, first.0.unit ?? first.0.directory))
                }
            }
            for (finding, suppressions, directory) in found {
                var finding = finding
                if let location = finding.location, let line = location.line, decided.contains("\(location.path):\(line)") {
                    finding.message = (finding.message ?? "") + " (the condition it depends on is known only after apply, but every branch gives this value)"
                }
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
        if !audited.isEmpty && audited.allSatisfy({ $0.resources == 0 }) {
            let count = AssessedScope.counted(Set(audited.map(\.directory)).count, "root module")
            notes.append(Note(kind: .notAssessed, source: "terraform", message: "\(count) read, but none declares a resource "
                + "the audit could evaluate (modules from outside this tree are read only once terraform init has downloaded "
                + "them): nothing was audited"))
        }
        var result = TerraformAuditResult(findings: findings, notes: notes, audited: audited)
        result.modules = modules
        result.inventories = inventories
        return result
    }

    static let invalidConfiguration = TerraformConfigurationInvalid()

    /// Checks about a root module's own settings, which a reusable module audited on its own
    /// does not have.
    static let rootOnlyChecks: Set<String> = ["terraform-backend-remote", "terraform-backend-locking", "terraform-backend-encryption",
                                              "terraform-required-version"]

    /// Findings that every combination of the open outcomes gives (a conditional whose branches
    /// are all known, a `dynamic` block whose `for_each` is known only after apply), and that the
    /// inventory as known before apply does not: whatever the unknown values turn out to be, the
    /// check fails. Each says the value is unknown.
    static func failingEveryOutcome(_ variants: [Inventory], besides known: [Finding], account: Inventory,
                                    checks: [any Check]) -> [Finding] {
        guard !variants.isEmpty else { return [] }
        func key(_ finding: Finding) -> String { "\(finding.ruleID)|\(finding.resource?.identifier ?? "")" }
        let already = Set(known.map(key))
        var common: Set<String>?
        var findings: [Finding] = []
        for (index, variant) in variants.enumerated() {
            var inventory = variant
            inventory.accountPublicAccessBlock = account.accountPublicAccessBlock
            let found = CheckCatalog.evaluate(inventory, checks: checks).filter { !already.contains(key($0)) }
            if index == 0 { findings = found }
            common = common.map { $0.intersection(found.map(key)) } ?? Set(found.map(key))
            if common?.isEmpty == true { return [] }
        }
        var seen = Set<String>()
        return findings.filter { common?.contains(key($0)) == true && seen.insert(key($0)).inserted }.map { finding in
            var finding = finding
            finding.message = (finding.message ?? "") + " (a value it depends on is known only after apply, but every value it can take gives this)"
            return finding
        }
    }

    /// Terragrunt units whose module is not in the tree, and problems reading units.
    static func terragruntNotes(_ units: [TerragruntUnit]) -> [Note] {
        var notes: [Note] = []
        let remote = units.compactMap { unit -> String? in
            if case .remote(let source) = unit.source { return "\(unit.configPath) (\(source))" }
            return nil
        }
        if !remote.isEmpty {
            notes.append(Note(kind: .notAssessed, source: "terraform",
                              message: "Terragrunt units whose module is not in this tree were not audited: " + remote.joined(separator: ", ")))
        }
        for unit in units {
            if case .unresolved(let source) = unit.source {
                notes.append(Note(kind: .notAssessed, source: "terraform",
                                  message: "\(unit.configPath): the module source \"\(source)\" is not a folder of this tree; not audited"))
            }
            for problem in unit.problems {
                notes.append(Note(kind: .warning, source: "terraform", message: "\(unit.configPath): \(problem) (what depends on it is treated as unknown)"))
            }
        }
        return notes
    }

    /// What a reader of the report must know about how the tree was read: nothing found, root
    /// modules audited without an environment (and judged as production), environments named by
    /// a root module's own files rather than the catalog.
    static func layoutNotes(_ stacks: [TerraformWorkspace.Stack], catalog: EnvironmentCatalog) -> [Note] {
        guard !stacks.isEmpty else {
            return [Note(kind: .notAssessed, source: "terraform", message: "no Terraform root module was found: nothing was audited")]
        }
        var notes: [Note] = []
        let modules = stacks.filter(\.isUncalledModule).map { "\($0.directory)/" }
        if !modules.isEmpty {
            notes.append(Note(kind: .info, source: "terraform", message: """
                \(modules.joined(separator: ", ")): modules that no root module of this tree calls, audited on their own for \
                their resources (their variables unset, judged as production); their backend, Terraform version and account-wide \
                checks are their callers'
                """))
        }
        let withoutEnvironment = stacks.filter { $0.environment == nil && !$0.isUncalledModule }
            .map { $0.directory == "." ? "the root module" : "\($0.directory)/" }
        if !withoutEnvironment.isEmpty {
            notes.append(Note(kind: .info, source: "terraform", message: """
                \(withoutEnvironment.joined(separator: ", ")): audited once without an environment, since neither anshin.yml, \
                a variable or backend file, a workspace nor its folder names one; name the environments in anshin.yml to audit each one
                """))
        }
        var inferred: [String: [String]] = [:]
        var order: [String] = []
        for stack in stacks {
            guard let environment = stack.environment, catalog[environment.name] != environment else { continue }
            if inferred[stack.directory] == nil { order.append(stack.directory) }
            let told: String
            switch stack.environmentOrigin {
            case .workspace?: told = "workspace \(stack.workspace ?? environment.name)"
            case .folder?: told = "its folder"
            default: told = [stack.varsFile, stack.backendFile].compactMap { $0 }.joined(separator: ", ")
            }
            inferred[stack.directory, default: []].append("\(environment.name) (\(told))")
        }
        if !order.isEmpty {
            let listed = order.map { "\($0 == "." ? "the root module" : "\($0)/"): \(inferred[$0]!.joined(separator: ", "))" }
            notes.append(Note(kind: .info, source: "terraform",
                              message: "environments not in the catalog, named by each root module's files, workspaces or folder: "
                                  + listed.joined(separator: "; ")))
        }
        if let judged = productionNote(stacks, catalog: catalog) { notes.append(judged) }
        return notes
    }

    /// Which stacks the production-only checks (Multi-AZ, deletion protection, backup retention)
    /// ran for and why, when anything but `anshin.yml`'s own `production:` settings decided it
    /// (with a catalog file, a conventional name such as `stg` needs no word).
    static func productionNote(_ stacks: [TerraformWorkspace.Stack], catalog: EnvironmentCatalog) -> Note? {
        var production: [String] = [], other: [String] = [], seen = Set<String>()
        var needed = false
        for stack in stacks where !stack.isUncalledModule {
            let judgement = catalog.productionJudgement(of: stack.environment)
            switch judgement.reason {
            case .setting: break
            case .name: if case .inferred = catalog.origin { needed = true }
            case .auditSetting, .saferDefault: needed = true
            }
            let name = stack.environment?.name ?? (stack.directory == "." ? "the root module" : "\(stack.directory)/")
            guard seen.insert(name).inserted else { continue }
            let why: String = switch judgement.reason {
            case .setting: "anshin.yml"
            case .name: "its name"
            case .auditSetting: "audit.production in anshin.yml"
            case .saferDefault: stack.environment == nil ? "no environment: production is the safer default"
                : "its name does not tell: production is the safer default"
            }
            (judgement.production ? { production.append("\(name) (\(why))") } : { other.append("\(name) (\(why))") })()
        }
        guard needed else { return nil }
        var message = "production-only checks (Multi-AZ, deletion protection, backup retention)"
        if !production.isEmpty { message += " ran for " + production.joined(separator: ", ") }
        if !other.isEmpty { message += (production.isEmpty ? "" : ";") + " did not run for " + other.joined(separator: ", ") }
        message += "; set production: true or false per environment in anshin.yml, or audit: { production: false } for the rest"
        return Note(kind: .info, source: "terraform", message: message)
    }

    /// A path of a stack's diagnostic as the report shows it: relative to the audited folder, or
    /// as given when it is absolute (a `--var-file` from elsewhere).
    static func shown(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : TerraformWorkspace.join(directory, path)
    }

    /// Where and why a stack could not be read, paths relative to the audited folder.
    static func unreadable(_ error: any Error, in directory: String) -> (path: String, line: Int?, column: Int?, message: String) {
        switch error {
        case let error as HCLError:
            return (TerraformWorkspace.join(directory, error.path), error.line, error.column, error.message)
        case let error as UnreadableFile:
            return (error.path, error.line, error.column, error.message)
        default:
            return (directory == "." ? "." : directory, nil, nil, "\(error)")
        }
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
        /// `path:line` (relative to the audited folder) of attributes known only because every
        /// outcome of an unknown condition gives the same value.
        var decided: Set<String> = []
        /// Files the module needs that cannot be parsed, relative to the audited folder.
        var refused: [UnreadableFile] = []
        /// The inventory for every combination of open outcomes (empty when there are none).
        var variants: [Inventory] = []
    }

    /// Evaluates `targets` concurrently; results in the order of `targets`.
    static func evaluateAll(_ targets: [TerraformWorkspace.Stack], in workspace: TerraformWorkspace,
                            variables: [String: String], variableFiles: [String] = [],
                            progress: LockedValue<(done: Int, total: Int)>? = nil) -> [Result<Evaluated, any Error>] {
        let results = LockedValue<[Result<Evaluated, any Error>?]>(Array(repeating: nil, count: targets.count))
        DispatchQueue.concurrentPerform(iterations: targets.count) { index in
            let result = Result<Evaluated, any Error> {
                let evaluation = try evaluate(targets[index], in: workspace, variables: variables, variableFiles: variableFiles)
                let decided = evaluation.module.decidedByEveryOutcome.map {
                    "\(TerraformWorkspace.join(targets[index].directory, $0.path)):\($0.range.start.line)"
                }
                let refused = evaluation.module.diagnostics.compactMap { diagnostic -> UnreadableFile? in
                    guard diagnostic.isSyntaxError, let range = diagnostic.range else { return nil }
                    return UnreadableFile(path: shown(range.path, in: targets[index].directory), line: range.range.start.line,
                                          column: range.range.start.column, message: diagnostic.message)
                }
                return Evaluated(inventory: evaluation.inventory, notes: evaluation.notes, suppressions: evaluation.suppressions,
                                 resources: evaluation.module.resources.filter { $0.mode == .managed }.count, decided: Set(decided),
                                 refused: refused, variants: evaluation.variants)
            }
            results.withLock { $0[index] = result }
            progress?.withLock { $0.done += 1 }
        }
        return results.withLock { $0.map { $0! } }
    }

    struct Evaluation {
        var module: EvaluatedModule
        var inventory: Inventory
        var notes: [Note]
        var suppressions: StackSuppressions
        /// The inventory once for every combination of the open outcomes (see
        /// ``EvaluatedModule/outcomeVariants(limit:)``); empty when there are none.
        var variants: [Inventory] = []
    }

    /// Evaluates one root module for one environment and reads its inventory.
    static func evaluate(_ target: TerraformWorkspace.Stack, in workspace: TerraformWorkspace,
                         variables: [String: String], variableFiles: [String] = []) throws -> Evaluation {
        let directory = workspace.url(of: target)
        let loaded = try TerraformModule.load(directory: directory.path)
        let declared = Set(loaded.variables.map(\.name))
        var files: [String] = []
        if let vars = target.varsFile, FileManager.default.fileExists(atPath: directory.appendingPathComponent(vars).path) {
            files.append(vars)
        }
        files += variableFiles
        let assignments = variables.keys.sorted().filter(declared.contains).map { (name: $0, value: variables[$0] ?? "") }
        // The process environment is ignored (no TF_VAR_*), so every run of one commit audits the same thing.
        let inputs = VariableInputs(files: files, assignments: assignments, values: target.inputs.filter { declared.contains($0.key) },
                                    environment: [:])
        // Remote modules are evaluated from the copies terraform init downloaded beside the root
        // module (`anshin tf`'s per-environment data directory first).
        let dataDirectories = (target.environment.map { [".terraform/anshin/\($0.name)"] } ?? []) + [".terraform"]
        let installed = InstalledModules.read(rootDirectory: directory.path, dataDirectories: dataDirectories)
        let options = ModuleEvaluator.Options(workspace: target.workspace ?? "default", installedModules: installed)
        let module = ModuleEvaluator.evaluate(module: loaded, inputs: inputs, options: options)
        let backend: (values: [String: String], path: String)?
        do {
            backend = try workspace.backendConfiguration(of: target)
        } catch {
            throw UnreadableFile(path: error.path ?? target.directory, line: error.line, column: error.column, message: error.message)
        }
        let backendConfig = backend?.values ?? [:]
        let backendPath = backend?.path
        let environment = target.environment
        // Without an environment, or with a name that says nothing, the safer reading is
        // production: a single-environment repository usually is, and production-only checks then run.
        let source = TerraformSource(environment: environment?.name,
                                     production: workspace.catalog.productionJudgement(of: environment).production,
                                     account: environment?.aws?.account, region: environment?.aws?.regions.first,
                                     directory: target.directory, backendConfig: backendConfig, backendFile: backendPath,
                                     files: loaded.files, unit: target.unit)
        var inventory = Inventory(terraform: module, source: source)
        inventory.auditLogRetentionDays = workspace.catalog.audit.logRetentionDays
        let variants = (module.outcomeVariants() ?? []).map { variant in
            var inventory = Inventory(terraform: variant, source: source)
            inventory.auditLogRetentionDays = workspace.catalog.audit.logRetentionDays
            return inventory
        }
        let notes = module.diagnostics.map { diagnostic in
            var place = ""
            if let range = diagnostic.range {
                place = "\(shown(range.path, in: target.directory)):\(range.range.start.line): "
            }
            let kind: Note.Kind = diagnostic.severity == .error ? .notAssessed : .warning
            let consequence = diagnostic.severity == .error ? " (what depends on it is treated as unknown)" : ""
            return Note(kind: kind, source: "terraform", message: place + diagnostic.message + consequence)
        }
        let suppressions = try StackSuppressions(module: module, directory: target.directory, root: workspace.root)
        return Evaluation(module: module, inventory: inventory, notes: notes + notEvaluatedModules(module, in: target.directory),
                          suppressions: suppressions, variants: variants)
    }

    /// Module calls whose code the audit could not read (a registry or git source that
    /// terraform init has not downloaded beside the root module): their resources are missing
    /// from the audit, which must say so.
    static func notEvaluatedModules(_ module: EvaluatedModule, in directory: String) -> [Note] {
        var seen = Set<String>()
        return module.modules.compactMap { instance in
            guard case .notEvaluated(let reason) = instance.status else { return nil }
            let place = "\(TerraformWorkspace.join(directory, instance.range.path)):\(instance.range.range.start.line)"
            let call = instance.path.map(\.name).map { "module.\($0)" }.joined(separator: ".")
            guard seen.insert("\(place) \(call)").inserted else { return nil }
            let hint = instance.source.hasPrefix(".") ? "" : "; run terraform init (or terraform get) in that folder to audit it too"
            return Note(kind: .notAssessed, source: "terraform", message: "\(place): \(call) was not audited: \(reason)\(hint)")
        }
    }
}

/// A file of a stack that Terraform would refuse, relative to the audited folder.
struct UnreadableFile: Error {
    var path: String
    var line: Int?
    var column: Int?
    var message: String
}
