import AnshinCore
import AnshinHCL
import Foundation

/// `anshin tf doctor`: checks that a multi-environment Terraform layout keeps its promises.
///
/// Every environment's stack has both its variable file and its backend file; no two
/// environments keep their state in one place; S3 backends encrypt the state and lock it;
/// variable files hold no secrets; sub-stacks link to the root's wrapper script instead of
/// carrying a copy that drifts. Each problem is a ``Finding``, so every reporter works.
public enum TerraformDoctor {
    /// The rules, by id.
    /// Every rule as `anshin rules` lists them.
    public static var rules: [RuleDescription] {
        Rule.allCases.map { rule in
            RuleDescription(id: rule.rawValue, title: rule.title, severity: rule.severity, pillars: rule.pillars,
                            sources: ["tf-doctor"], scope: "file", remediation: rule.remediation)
        }
    }

    public enum Rule: String, CaseIterable, Sendable {
        case missingFile = "tf-layout-missing-file"
        case sharedState = "tf-layout-shared-state"
        case unencryptedState = "tf-backend-unencrypted"
        case unlockedState = "tf-backend-no-locking"
        case localState = "tf-backend-local"
        case secretInVariables = "tf-tfvars-secret"
        case wrapperCopy = "tf-wrapper-not-symlinked"

        public var title: String {
            switch self {
            case .missingFile: "An environment's stack lacks its variable or backend file"
            case .sharedState: "Two environments keep their Terraform state in the same place"
            case .unencryptedState: "The S3 backend does not encrypt the state"
            case .unlockedState: "The S3 backend does not lock the state"
            case .localState: "The state is a local file"
            case .secretInVariables: "A variable file holds a secret"
            case .wrapperCopy: "A sub-stack's wrapper script is not a link to the root's"
            }
        }

        public var severity: Severity {
            switch self {
            case .sharedState, .secretInVariables: .high
            case .missingFile, .unencryptedState, .unlockedState: .medium
            case .localState, .wrapperCopy: .low
            }
        }

        public var pillars: [Pillar] {
            switch self {
            case .sharedState, .unlockedState, .localState: [.reliability, .opex]
            case .unencryptedState, .secretInVariables: [.security]
            case .missingFile, .wrapperCopy: [.opex, .reliability]
            }
        }

        public var remediation: String {
            switch self {
            case .missingFile:
                "Give every environment of the stack both files: `<env>.tfvars` (committed, non-secret values) and `<env>.tfbackend` (where its state lives). Without its own backend file, an environment reads and writes whichever state the stack was last initialised with."
            case .sharedState:
                "Point each environment's `<env>.tfbackend` at its own state: a different `key` (or bucket, for separate accounts), or `path` for the local backend."
            case .unencryptedState:
                "Set `encrypt = true` in the backend file (and `kms_key_id` for a key of your own): the state holds every secret Terraform has read, in plain text."
            case .unlockedState:
                "Lock the state: `use_lockfile = true` (Terraform 1.10 and later, OpenTofu 1.10 and later) or `dynamodb_table = \"<table>\"` in the backend file, so two applies never write it at once."
            case .localState:
                "Keep the state in a shared, versioned, encrypted backend (S3 with `encrypt`, `use_lockfile` and bucket versioning) rather than a file on one machine."
            case .secretInVariables:
                "Move the value to SSM Parameter Store (`anshin params set ENV NAME`) and read it with a `data \"aws_ssm_parameter\"` block; rotate it, since it is in the repository's history."
            case .wrapperCopy:
                "Replace the copy with a symbolic link (`ln -sf ../terraform.sh terraform.sh`), or use `anshin tf ENV COMMAND -C DIR`, which needs no script at all."
            }
        }

        func finding(_ message: String, path: String, line: Int? = nil, resource: String, environment: String?,
                     evidence: String? = nil, key: [String] = []) -> Finding {
            Finding(ruleID: rawValue, title: title, message: message, severity: severity, pillars: pillars,
                    resource: Resource(kind: "terraform_stack", identifier: resource, environment: environment),
                    location: Location(path: path, line: line), evidence: evidence, remediation: remediation,
                    fingerprintKey: key)
        }
    }

    /// What the doctor looked at, for the summary line.
    public struct Examination: Sendable {
        public var findings: [Finding]
        public var notes: [Note]
        /// Stack directories examined.
        public var stacks: [String]
        public var environments: [String]
    }

    /// Examines every stack of every catalog environment of `workspace`.
    public static func examine(_ workspace: TerraformWorkspace) -> Examination {
        var findings: [Finding] = []
        var notes: [Note] = []
        let environments = workspace.catalog.environments.filter { $0.terraform != nil }.map(\.name)
        let stacks: [TerraformWorkspace.Stack]
        do {
            stacks = try workspace.stacks()
        } catch {
            return Examination(findings: [], notes: [Note(kind: .warning, source: "terraform", message: error.description)],
                               stacks: [], environments: environments)
        }
        let directories = Array(Set(stacks.map(\.directory))).sorted()
        var incomplete = Set<TerraformWorkspace.Stack>()
        for stack in stacks {
            let missing = missingFiles(stack, workspace: workspace)
            if !missing.isEmpty && stack.backendFile == nil { incomplete.insert(stack) }
            findings += missing
        }
        findings += sharedState(stacks, workspace: workspace)
        // A stack without its backend file has no backend settings to judge yet.
        for stack in stacks where !incomplete.contains(stack) {
            do {
                findings += backendSettings(stack, backend: try workspace.backend(of: stack))
            } catch {
                notes.append(Note(kind: .warning, source: "terraform", message: "\(stack.label): \(error.description)"))
            }
        }
        for directory in directories {
            findings += secrets(in: directory, stacks: stacks.filter { $0.directory == directory }, workspace: workspace)
        }
        findings += wrapperScripts(workspace: workspace, directories: directories)
        return Examination(findings: findings, notes: notes, stacks: directories, environments: environments)
    }

    // MARK: Files

    static func missingFiles(_ stack: TerraformWorkspace.Stack, workspace: TerraformWorkspace) -> [Finding] {
        guard let environment = stack.environment, let terraform = environment.terraform else { return [] }
        let name = environment.name
        // A directory of one environment alone may go without the files; a shared one may not.
        let ownDirectory = stack.directory == TerraformWorkspace.normalise(terraform.dir)
            && workspace.environments(in: stack.directory).count == 1
        guard !ownDirectory else { return [] }
        var missing: [String] = []
        if stack.varsFile == nil { missing.append("\(name).tfvars") }
        if stack.backendFile == nil { missing.append("\(name).tfbackend") }
        guard !missing.isEmpty else { return [] }
        let place = TerraformWorkspace.join(stack.directory, missing[0])
        return [Rule.missingFile.finding("\(stack.label) has no \(missing.joined(separator: " and "))",
                                         path: place.isEmpty ? missing[0] : place, resource: stack.directory,
                                         environment: name, key: missing)]
    }

    static func sharedState(_ stacks: [TerraformWorkspace.Stack], workspace: TerraformWorkspace) -> [Finding] {
        var byAddress: [String: [TerraformWorkspace.Stack]] = [:]
        for stack in stacks {
            guard let address = try? workspace.backend(of: stack).stateAddress else { continue }
            byAddress[address, default: []].append(stack)
        }
        return byAddress.keys.sorted().compactMap { address -> Finding? in
            let group = byAddress[address] ?? []
            let names = group.compactMap { $0.environment?.name }
            guard Set(names).count > 1 else { return nil }
            let first = group[0]
            let path = first.backendFile.map { TerraformWorkspace.join(first.directory, $0) } ?? (first.directory == "." ? "." : first.directory)
            return Rule.sharedState.finding("\(names.joined(separator: ", ")) all keep the state of \(first.directory == "." ? "the root module" : first.directory + "/") in \(address)",
                                            path: path, resource: first.directory, environment: nil, evidence: address, key: [address])
        }
    }

    // MARK: Backend settings

    static func backendSettings(_ stack: TerraformWorkspace.Stack, backend: TerraformWorkspace.Backend) -> [Finding] {
        let name = stack.environment?.name
        let path = backend.file ?? backend.range?.path ?? TerraformWorkspace.join(stack.directory, "")
        let line = backend.file == nil ? backend.range?.range.start.line : nil
        switch backend.type {
        case "s3":
            var findings: [Finding] = []
            if backend.settings["encrypt"] != "true" {
                findings.append(Rule.unencryptedState.finding("\(stack.label): the S3 backend has no encrypt = true",
                                                              path: path, line: line, resource: stack.directory, environment: name))
            }
            let locked = !(backend.settings["dynamodb_table"] ?? "").isEmpty || backend.settings["use_lockfile"] == "true"
            if !locked {
                findings.append(Rule.unlockedState.finding("\(stack.label): the S3 backend sets neither use_lockfile = true nor dynamodb_table",
                                                           path: path, line: line, resource: stack.directory, environment: name))
            }
            return findings
        case "local":
            return [Rule.localState.finding("\(stack.label): the state is the local file \(backend.settings["path"] ?? "terraform.tfstate")",
                                            path: path, line: line, resource: stack.directory, environment: name)]
        default:
            return []
        }
    }

    // MARK: Secrets in variable files

    /// Words in a variable's name that say its value is a credential.
    static let secretWords = ["password", "passwd", "secret", "token", "api_key", "apikey", "private_key", "access_key",
                              "webhook", "credential"]

    /// Values that stand in for a secret rather than being one.
    static let placeholders: Set<String> = ["", "dummy", "changeme", "change-me", "todo", "xxx", "placeholder", "secret", "password"]

    static func secrets(in directory: String, stacks: [TerraformWorkspace.Stack], workspace: TerraformWorkspace) -> [Finding] {
        let folder = directory == "." ? workspace.root : workspace.root.appendingPathComponent(directory)
        let module = try? TerraformModule.load(directory: folder.path)
        let sensitive = Set((module?.variables ?? []).filter(\.isSensitive).map(\.name))
        var findings: [Finding] = []
        var seen = Set<String>()
        for stack in stacks {
            guard let file = stack.varsFile, seen.insert(file).inserted,
                  let data = FileManager.default.contents(atPath: folder.appendingPathComponent(file).path),
                  let parsed = try? HCLFile.parse(bytes: Array(data), path: file) else { continue }
            let path = TerraformWorkspace.join(directory, file)
            for attribute in parsed.body.attributes {
                let value = (try? Evaluator(context: EvaluationContext(filePath: file)).evaluate(attribute.expression))?.primitiveString
                let lowered = attribute.name.lowercased()
                let isSensitive = sensitive.contains(attribute.name)
                let soundsSecret = secretWords.contains { lowered.contains($0) }
                guard isSensitive || soundsSecret else { continue }
                guard let value, !placeholders.contains(value.lowercased()), !Self.isReference(value) else { continue }
                let why = isSensitive ? "the variable is declared sensitive" : "its name says it is a credential"
                findings.append(Rule.secretInVariables.finding("\(path) sets \(attribute.name), and \(why)",
                                                               path: path, line: attribute.range.start.line, resource: directory,
                                                               environment: stack.environment?.name,
                                                               evidence: "\(attribute.name) = \"\(Redaction.redact(value))\"",
                                                               key: [attribute.name]))
            }
        }
        return findings
    }

    /// Values that name where a secret is rather than holding it: an SSM path, an ARN, a
    /// Secrets Manager or Vault reference.
    static func isReference(_ value: String) -> Bool {
        value.hasPrefix("arn:") || value.hasPrefix("/") || value.hasPrefix("ssm:") || value.hasPrefix("vault:")
            || value.hasPrefix("secretsmanager:") || value.hasPrefix("alias/")
    }

    // MARK: Wrapper scripts

    /// Shell scripts at the root that run Terraform per environment (they mention `.tfbackend`
    /// or `.tfvars`).
    static func wrapperScripts(in root: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().filter { name in
            guard name.hasSuffix(".sh"), let data = FileManager.default.contents(atPath: root.appendingPathComponent(name).path) else { return false }
            let text = String(decoding: data.prefix(64 << 10), as: UTF8.self)
            return text.contains("tfbackend") || text.contains("tfvars")
        }
    }

    static func wrapperScripts(workspace: TerraformWorkspace, directories: [String]) -> [Finding] {
        let scripts = wrapperScripts(in: workspace.root)
        guard !scripts.isEmpty else { return [] }
        var findings: [Finding] = []
        let rootPath = workspace.root.resolvingSymlinksInPath().path
        for directory in directories where directory != "." {
            let folder = workspace.root.appendingPathComponent(directory)
            for script in scripts {
                let url = folder.appendingPathComponent(script)
                let path = TerraformWorkspace.join(directory, script)
                let target = rootPath + "/" + script
                if let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: url.path) {
                    let resolved = url.resolvingSymlinksInPath().path
                    if !FileManager.default.fileExists(atPath: url.path) {
                        findings.append(Rule.wrapperCopy.finding("\(path) is a broken link (to \(destination))",
                                                                 path: path, resource: directory, environment: nil, key: ["broken"]))
                    } else if resolved != target {
                        findings.append(Rule.wrapperCopy.finding("\(path) links to \(destination), not to the root's \(script)",
                                                                 path: path, resource: directory, environment: nil, key: ["elsewhere"]))
                    }
                } else if FileManager.default.fileExists(atPath: url.path) {
                    let same = FileManager.default.contentsEqual(atPath: url.path, andPath: workspace.root.appendingPathComponent(script).path)
                    findings.append(Rule.wrapperCopy.finding("\(path) is a copy of the root's \(script)" + (same ? "" : ", and it has drifted from it"),
                                                             path: path, resource: directory, environment: nil, key: ["copy"]))
                } else {
                    findings.append(Rule.wrapperCopy.finding("\(directory)/ has no link to the root's \(script)",
                                                             path: directory, resource: directory, environment: nil, key: ["missing"]))
                }
            }
        }
        return findings
    }
}
