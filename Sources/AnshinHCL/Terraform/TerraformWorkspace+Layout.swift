import AnshinCore
import Foundation

/// Layout facts for running Terraform in one stack for one environment, and for checking that
/// environments keep their state apart.
extension TerraformWorkspace {
    // MARK: One stack

    /// The stack in `directory` (relative to the root) for environment `name`: the environment's
    /// own `terraform.dir` with the catalog's files, or an independent stack with its
    /// `<env>.tfvars` and `<env>.tfbackend`.
    ///
    /// An unknown environment is an error listing the known ones (`field` names where it was
    /// given); a directory without Terraform or without any file of the environment is an error
    /// naming the environments it does have.
    public func stack(in directory: String, environment name: String, field: String = "ENV") throws(ConfigurationError) -> Stack {
        let environment = try catalog.environment(named: name, field: field)
        guard let terraform = environment.terraform else {
            throw ConfigurationError(path: EnvironmentCatalog.fileName, field: "environments.\(name).terraform",
                                     message: "environment \"\(name)\" has no Terraform settings")
        }
        let place = Self.normalise(directory)
        if place == Self.normalise(terraform.dir) {
            return Stack(directory: place, environment: environment, varsFile: terraform.vars, backendFile: terraform.backend)
        }
        let url = place == "." ? root : root.appendingPathComponent(place)
        guard Self.hasTerraformFiles(url) else {
            throw ConfigurationError(path: place, message: "no Terraform files (*.tf) here")
        }
        let vars = "\(name).tfvars", backend = "\(name).tfbackend"
        let hasVars = FileManager.default.fileExists(atPath: url.appendingPathComponent(vars).path)
        let hasBackend = FileManager.default.fileExists(atPath: url.appendingPathComponent(backend).path)
        guard hasVars || hasBackend else {
            let here = environments(in: place)
            throw ConfigurationError(path: place, message: "no \(vars) or \(backend) here"
                                         + " (environments of this stack: \(here.isEmpty ? "none" : here.joined(separator: ", ")))")
        }
        return Stack(directory: place, environment: environment, varsFile: hasVars ? vars : nil, backendFile: hasBackend ? backend : nil)
    }

    /// The catalog environments that have a stack in `directory`: those whose `terraform.dir` it
    /// is, and those with a `<env>.tfvars` or `<env>.tfbackend` there; in catalog order.
    public func environments(in directory: String) -> [String] {
        let place = Self.normalise(directory)
        let url = place == "." ? root : root.appendingPathComponent(place)
        return catalog.environments.compactMap { environment in
            guard let terraform = environment.terraform else { return nil }
            if Self.normalise(terraform.dir) == place { return environment.name }
            let files = ["\(environment.name).tfvars", "\(environment.name).tfbackend"]
            return files.contains { FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path) } ? environment.name : nil
        }
    }

    // MARK: Backends

    /// A stack's backend as Terraform will configure it: the type its `backend` block names
    /// (`local` when there is none) and the block's literal arguments overlaid with the backend
    /// configuration file's.
    public struct Backend: Sendable, Hashable {
        public var type: String
        public var settings: [String: String]
        /// Whether the configuration declares a `backend` block (or `cloud`) at all.
        public var isDeclared: Bool
        /// The backend configuration file, relative to the workspace root, when there is one.
        public var file: String?
        /// Where the `backend` block is.
        public var range: FileRange?
        /// The Terraform workspace the stack runs in, when not `default`: each workspace keeps
        /// its own state in the backend.
        public var workspace: String?

        /// Where the state lives, as one comparable string (`s3://bucket/key`, a local file's path
        /// relative to the workspace root); nil when the settings do not tell.
        public var stateAddress: String? {
            guard let address = backendAddress else { return nil }
            return workspace.map { "\(address)#workspace=\($0)" } ?? address
        }

        private var backendAddress: String? {
            switch type {
            case "s3":
                guard let bucket = settings["bucket"], let key = settings["key"] else { return nil }
                return "s3://\(bucket)/\(key)"
            case "gcs":
                guard let bucket = settings["bucket"] else { return nil }
                return "gs://\(bucket)/\(settings["prefix"] ?? "")"
            case "azurerm":
                guard let account = settings["storage_account_name"], let container = settings["container_name"],
                      let key = settings["key"] else { return nil }
                return "azurerm://\(account)/\(container)/\(key)"
            default:
                let identity = settings.filter { !Self.credentialSettings.contains($0.key) }
                    .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                return "\(type):\(identity)"
            }
        }

        /// Settings that say how to reach the state, not which state it is.
        static let credentialSettings: Set<String> = [
            "profile", "role_arn", "access_key", "secret_key", "token", "shared_credentials_file", "encrypt", "kms_key_id",
            "dynamodb_table", "use_lockfile", "region", "credentials", "access_token", "sas_token", "client_secret",
        ]
    }

    /// The backend of `stack`: its declared type and literal arguments with the backend file's
    /// settings over them. A local backend's `path` is made relative to the workspace root.
    public func backend(of stack: Stack) throws(ConfigurationError) -> Backend {
        let module: TerraformModule
        do {
            module = try TerraformModule.load(directory: url(of: stack).path, displayPath: stack.directory == "." ? "" : stack.directory)
        } catch {
            throw ConfigurationError(path: error.path, line: error.range.start.line,
                                     column: error.range.start.column, message: error.message)
        }
        let declared = module.settings.backendType
        var settings: [String: String] = [:]
        for (name, value) in module.settings.backendAttributes {
            if let text = value.primitiveString { settings[name] = text }
        }
        var file: String?
        if let configuration = try backendConfiguration(of: stack) {
            settings.merge(configuration.values) { $1 }
            file = configuration.path
        }
        let type = declared ?? "local"
        if type == "local" {
            settings["path"] = Self.join(stack.directory, settings["path"] ?? "terraform.tfstate")
        }
        var backend = Backend(type: type, settings: settings, isDeclared: declared != nil, file: file, range: module.settings.backendRange)
        backend.workspace = stack.workspace.flatMap { $0 == "default" ? nil : $0 }
        return backend
    }

    /// The other environments whose stack in `stack`'s directory keeps its state where `stack`
    /// does: running one would read and write the other's state. Stacks whose state address is
    /// unknown are not compared.
    public func environmentsSharingState(with stack: Stack) -> [String] {
        guard let name = stack.environment?.name, let address = try? backend(of: stack).stateAddress else { return [] }
        return environments(in: stack.directory).filter { other in
            guard other != name, let otherStack = try? self.stack(in: stack.directory, environment: other),
                  let otherAddress = try? backend(of: otherStack).stateAddress else { return false }
            return otherAddress == address
        }
    }

    // MARK: Version files

    /// The nearest version file called `name` (`.terraform-version`) from `stack`'s directory up
    /// to the workspace root, as a path relative to the root with its first line.
    public func versionFile(named name: String, for stack: Stack) -> (path: String, version: String)? {
        var directory = stack.directory
        while true {
            let relative = directory == "." ? name : Self.join(directory, name)
            if let data = FileManager.default.contents(atPath: root.appendingPathComponent(relative).path) {
                let line = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
                    .map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty && !$0.hasPrefix("#") }
                if let line { return (relative, line) }
            }
            if directory == "." { return nil }
            let parent = Self.normalise(Self.join(directory, ".."))
            directory = parent.isEmpty ? "." : parent
        }
    }
}
