import AnshinCore
import Foundation

/// A folder of Terraform as its environments see it: for each catalog environment, the root
/// modules ("stacks") to run, each with its variable file, its backend configuration file and
/// where it keeps its state.
///
/// The layout is the one the environment catalog describes: each environment's `terraform.dir`
/// (with `vars` and `backend` files), plus the independent stacks below the folder, each a
/// directory with `.tf` files and its own `<env>.tfvars` or `<env>.tfbackend` (`metabase/`),
/// except directories only called as modules. The Terraform audit evaluates these stacks, drift
/// compares them with live accounts, and the Terraform wrapper runs Terraform in them.
public struct TerraformWorkspace: Sendable {
    /// One root module for one environment, with its inputs (paths relative to `directory`).
    public struct Stack: Sendable, Hashable {
        /// The root module's directory relative to the workspace root (`.` for the root itself).
        public var directory: String
        /// The catalog environment; nil for a folder audited without one.
        public var environment: Environment?
        /// The variable file (`prd.tfvars`), when the environment names one.
        public var varsFile: String?
        /// The backend configuration file (`prd.tfbackend`), when the environment names one.
        public var backendFile: String?
        /// Values of root variables set by a Terragrunt unit's `inputs`.
        public var inputs: [String: Value]
        /// The folder of the Terragrunt unit that runs this module, when one does.
        public var unit: String?
        /// The Terraform workspace it runs in (`terraform.workspace`), for a root module that
        /// reads it; nil for `default`.
        public var workspace: String?
        /// How the environment was told: from the catalog, the module's own files, its
        /// workspaces or its folder's name; nil without an environment.
        public var environmentOrigin: EnvironmentOrigin?
        /// A reusable module that no module of this tree calls (a folder under `modules/`
        /// without a backend): audited on its own for its resources, not as an account's root.
        public var isUncalledModule = false

        public init(directory: String, environment: Environment?, varsFile: String?, backendFile: String?,
                    inputs: [String: Value] = [:], unit: String? = nil, workspace: String? = nil,
                    environmentOrigin: EnvironmentOrigin? = nil) {
            self.directory = directory
            self.environment = environment
            self.varsFile = varsFile
            self.backendFile = backendFile
            self.inputs = inputs
            self.unit = unit
            self.workspace = workspace
            self.environmentOrigin = environmentOrigin ?? (environment == nil ? nil : .catalog)
        }

        /// "root module for prd", "metabase/ for stg", "live/prd/app/terragrunt.hcl for prd": how
        /// messages name the stack.
        public var label: String {
            let place = unit.map { $0 == "." ? "terragrunt.hcl" : "\($0)/terragrunt.hcl" } ?? (directory == "." ? "root module" : "\(directory)/")
            return environment.map { "\(place) for \($0.name)" } ?? place
        }
    }

    /// Where a stack's environment name comes from.
    public enum EnvironmentOrigin: String, Sendable, Hashable {
        /// The environment catalog (`anshin.yml`, or `<env>.tfvars` + `<env>.tfbackend` pairs at the root).
        case catalog
        /// The root module's own variable or backend files (`env/staging.tfvars`).
        case files
        /// The Terraform workspaces the root module is run in.
        case workspace
        /// A folder of its path (`accounts/prod/network`, `live/stg/app`).
        case folder
    }

    public let root: URL
    public let catalog: EnvironmentCatalog

    public init(root: URL, catalog: EnvironmentCatalog) {
        self.root = root
        self.catalog = catalog
    }

    /// The folder of `stack`.
    public func url(of stack: Stack) -> URL {
        stack.directory == "." ? root : root.appendingPathComponent(stack.directory)
    }

    // MARK: Stacks

    /// The stacks of `names` (every environment with Terraform settings when nil).
    ///
    /// With catalog environments, per environment in catalog order: the environment's
    /// `terraform.dir`, then the independent stacks below the folder that have its
    /// `<env>.tfvars` or `<env>.tfbackend`; when every environment is asked for, the other root
    /// modules of the tree follow, each once without an environment.
    ///
    /// Without them, every root module of the tree (a folder with `.tf` files that no other
    /// module of the tree calls), each for the environments its own files name (``inferredEnvironments(of:)``),
    /// or once without an environment.
    public func stacks(environments names: [String]? = nil) throws(ConfigurationError) -> [Stack] {
        var selected: [Environment]
        if let names {
            selected = []
            for name in names {
                let environment = try catalog.environment(named: name)
                guard environment.terraform != nil else {
                    throw ConfigurationError(path: EnvironmentCatalog.fileName, field: "environments.\(name).terraform",
                                             message: "environment \"\(name)\" has no Terraform settings")
                }
                selected.append(environment)
            }
        } else {
            selected = catalog.environments.filter { $0.terraform != nil }
        }
        let layout = rootModules()
        let terragrunt = terragruntStacks(names)
        guard !selected.isEmpty else {
            return terragrunt.stacks + layout.roots.filter { !terragrunt.modules.contains($0) }.flatMap(inferredStacks)
        }
        let mainDirectories = Set(selected.compactMap { $0.terraform.map { Self.normalise($0.dir) } })
        let calledAsModules = layout.called.union(moduleDirectories(of: Array(mainDirectories))).union(terragrunt.modules)
        var stacks: [Stack] = []
        for environment in selected {
            guard let terraform = environment.terraform else { continue }
            let main = Self.normalise(terraform.dir)
            stacks.append(Stack(directory: main, environment: environment, varsFile: terraform.vars, backendFile: terraform.backend))
            for directory in layout.directories where directory != "." && directory != main
                && !calledAsModules.contains(directory) && !mainDirectories.contains(directory) {
                let url = root.appendingPathComponent(directory)
                let vars = "\(environment.name).tfvars"
                let backend = "\(environment.name).tfbackend"
                let hasVars = FileManager.default.fileExists(atPath: url.appendingPathComponent(vars).path)
                let hasBackend = FileManager.default.fileExists(atPath: url.appendingPathComponent(backend).path)
                guard hasVars || hasBackend else { continue }
                stacks.append(Stack(directory: directory, environment: environment, varsFile: hasVars ? vars : nil,
                                    backendFile: hasBackend ? backend : nil))
            }
        }
        stacks += terragrunt.stacks
        if names == nil {
            let covered = Set(stacks.map(\.directory)).union(mainDirectories)
            for directory in layout.roots where !covered.contains(directory) && !calledAsModules.contains(directory) {
                var stack = Stack(directory: directory, environment: nil, varsFile: nil, backendFile: nil)
                stack.isUncalledModule = isReusableModule(directory)
                stacks.append(stack)
            }
        }
        return stacks
    }

    /// The stacks of one root module when no catalog environment names it: one per environment
    /// its own files name (``inferredEnvironments(of:)``), else one per Terraform workspace it is
    /// run in (``workspaces(of:)``), else one for the environment a folder of its path names
    /// (``environment(ofFolder:)``), else one without an environment.
    func inferredStacks(_ directory: String) -> [Stack] {
        let inferred = inferredEnvironments(of: directory)
        if !inferred.isEmpty {
            let workspaces = usesWorkspaces(directory)
            return inferred.map {
                Stack(directory: directory, environment: $0.environment, varsFile: $0.varsFile, backendFile: $0.backendFile,
                      workspace: workspaces ? $0.environment.name : nil, environmentOrigin: .files)
            }
        }
        let workspaces = workspaces(of: directory)
        if !workspaces.isEmpty {
            return workspaces.map { name in
                Stack(directory: directory, environment: Environment(name: name.lowercased(), production: Environment.looksLikeProduction(name.lowercased())),
                      varsFile: nil, backendFile: nil, workspace: name, environmentOrigin: .workspace)
            }
        }
        if let environment = environment(ofFolder: directory) {
            return [Stack(directory: directory, environment: environment, varsFile: nil, backendFile: nil, environmentOrigin: .folder)]
        }
        var stack = Stack(directory: directory, environment: nil, varsFile: nil, backendFile: nil)
        stack.isUncalledModule = isReusableModule(directory)
        return [stack]
    }

    /// Whether `directory`, which no module of the tree calls, looks like a module meant to be
    /// called from elsewhere rather than a root: it sits under a `modules/` folder and declares
    /// no backend.
    func isReusableModule(_ directory: String) -> Bool {
        let parts = directory.split(separator: "/").map { $0.lowercased() }
        guard parts.contains(where: { $0 == "modules" || $0 == "module" }) else { return false }
        guard let module = try? TerraformModule.load(directory: folder(directory).path) else { return false }
        return module.settings.backendType == nil
    }

    /// The environment a root module's folder names, when no file of its own does: a catalog
    /// environment's name or a common environment name among its folders, else the folder below
    /// `env/`, `envs/` or `environments/` (`environments/prod/main.tf`, `accounts/prod/network`).
    func environment(ofFolder directory: String) -> Environment? {
        guard directory != "." else { return nil }
        let parts = directory.split(separator: "/").map { String($0).lowercased() }
        if let name = parts.first(where: { catalog[$0] != nil }), let environment = catalog[name] { return environment }
        let name = parts.first(where: Self.commonEnvironmentNames.contains)
            ?? parts.indices.first { index in ["env", "envs", "environments"].contains(parts[index]) && index + 1 < parts.count }
                .map { parts[$0 + 1] }
        guard let name, Environment.isValidName(name) else { return nil }
        return Environment(name: name, production: Environment.looksLikeProduction(name))
    }

    // MARK: Terragrunt

    /// The Terragrunt units of the tree (see ``TerragruntUnit``).
    public func terragruntUnits() -> [TerragruntUnit] {
        TerragruntReader(root: root).units()
    }

    /// The stacks the tree's Terragrunt units run (those of `names` only, when given), and every
    /// folder a unit runs, which is then no root module of its own.
    func terragruntStacks(_ names: [String]?) -> (stacks: [Stack], modules: Set<String>) {
        var stacks: [Stack] = [], modules = Set<String>()
        for unit in terragruntUnits() {
            guard case .local(let directory) = unit.source else { continue }
            modules.insert(directory)
            let environment = environment(ofUnit: unit.directory)
            if let names, !names.contains(environment?.name ?? "") { continue }
            let origin: EnvironmentOrigin? = environment.map { catalog[$0.name] == $0 ? .catalog : .folder }
            stacks.append(Stack(directory: directory, environment: environment, varsFile: nil, backendFile: nil,
                                inputs: unit.inputs, unit: unit.directory, environmentOrigin: origin))
        }
        return (stacks, modules)
    }

    /// Environment names teams use, when no catalog names them (not `live`: Terragrunt trees
    /// conventionally start with a `live/` folder holding every environment).
    static let commonEnvironmentNames: Set<String> = ["prd", "prod", "production", "stg", "stage", "staging", "dev",
                                                      "develop", "development", "qa", "test", "testing", "uat", "sandbox", "demo",
                                                      "preprod", "pre-prod", "perf", "nonprod", "non-prod"]

    /// The environment a Terragrunt unit's folder names: a catalog environment's name among its
    /// folders, else a common environment name, else the folder below `live/`, `env/`, `envs/`,
    /// `environments/` or `accounts/`.
    func environment(ofUnit directory: String) -> Environment? {
        let parts = directory.split(separator: "/").map { String($0).lowercased() }
        if let name = parts.first(where: { catalog[$0] != nil }), let environment = catalog[name] { return environment }
        let name = parts.first(where: Self.commonEnvironmentNames.contains)
            ?? parts.indices.first { index in ["live", "env", "envs", "environments", "accounts"].contains(parts[index]) && index + 1 < parts.count }
                .map { parts[$0 + 1] }
        guard let name, Environment.isValidName(name) else { return nil }
        return Environment(name: name, production: Environment.looksLikeProduction(name))
    }

    /// Whether `directory` holds `.tf` or `.tf.json` files.
    public static func hasTerraformFiles(_ directory: URL) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.contains { $0.hasSuffix(".tf") || $0.hasSuffix(".tf.json") }
    }

    /// Whether the workspace has Terraform to look at: a folder of the tree, or a catalog
    /// environment's Terraform directory, has `.tf` files.
    public var hasTerraform: Bool {
        if !terraformDirectories().isEmpty || !TerragruntReader(root: root).configFiles().isEmpty { return true }
        return catalog.environments.contains { environment in
            guard let directory = environment.terraform?.dir else { return false }
            return Self.hasTerraformFiles(root.appendingPathComponent(directory))
        }
    }

    /// Directories below the root (relative, sorted) holding `.tf` files, the candidates for
    /// independent stacks; the same walk as the audit's, without the root itself.
    public func stackCandidates() -> [String] {
        terraformDirectories().filter { $0 != "." }
    }

    /// Folders never looked into: caches of downloaded modules and providers (`.terraform`,
    /// `.terragrunt-cache`, `.external_modules` are hidden), package managers' trees, vendored code.
    static let skippedFolders: Set<String> = ["node_modules", "vendor"]

    /// Every folder of the tree (relative, sorted, `.` for the root) holding `.tf` files; hidden
    /// folders, ``skippedFolders`` and symbolic links are not entered.
    func terraformDirectories(maximumDepth: Int = 12) -> [String] {
        var result: [String] = []
        func walk(_ relative: String, depth: Int) {
            let url = relative.isEmpty ? root : root.appendingPathComponent(relative)
            guard depth <= maximumDepth, let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return }
            if names.contains(where: { $0.hasSuffix(".tf") || $0.hasSuffix(".tf.json") }) { result.append(relative.isEmpty ? "." : relative) }
            for name in names.sorted() where !name.hasPrefix(".") && !Self.skippedFolders.contains(name) {
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

    /// The tree's Terraform folders, the ones some module of the tree calls, and the root
    /// modules: those no module of the tree calls.
    func rootModules() -> (directories: [String], called: Set<String>, roots: [String]) {
        let directories = terraformDirectories()
        let called = moduleDirectories(of: directories)
        return (directories, called, directories.filter { !called.contains($0) })
    }

    /// Directories (relative to the root) that a module call in any of `directories` names as its source.
    func moduleDirectories(of directories: [String]) -> Set<String> {
        var result = Set<String>()
        for directory in directories {
            let url = directory == "." ? root : root.appendingPathComponent(directory)
            guard let module = try? TerraformModule.load(directory: url.path) else { continue }
            for call in module.moduleCalls where call.isLocal {
                result.insert(Self.normalise(Self.join(directory, call.source)))
            }
        }
        return result
    }

    // MARK: Environments a root module's own files name

    /// An environment named by a root module's own variable or backend files.
    public struct InferredEnvironment: Sendable, Hashable {
        public var environment: Environment
        /// Relative to the root module.
        public var varsFile: String?
        /// Relative to the root module.
        public var backendFile: String?
    }

    /// Folders beside `.tf` files where teams keep one file per environment.
    static let environmentFolders = ["env", "envs", "environments", "vars", "tfvars", "config", "configs", "backend", "backends",
                                     "backend-config", "backend-configs"]

    /// The environments that `directory`'s own files name, the layouts teams use when one root
    /// module serves several environments: variable files `<env>.tfvars` (`.tfvars.json`) and
    /// backend files (`-backend-config`) `<env>.tfbackend`, `<env>.backend`,
    /// `<env>.<more>.backend`, `<env>.backend.hcl`, `backend-<env>.hcl`, `backend.<env>.tfvars`,
    /// `<env>.backend.conf`, or `<env>.hcl`, `<env>.conf`, `<env>.tfvars` in a backend folder,
    /// beside the `.tf` files or in one of ``environmentFolders``; or a folder per environment in
    /// one of those (`env/prod/terraform.tfvars` with `env/prod/backend.conf`).
    /// `terraform.tfvars` and `*.auto.tfvars` beside the `.tf` files are loaded for every run, as
    /// Terraform does, and name no environment. Environments come out sorted by name.
    public func inferredEnvironments(of directory: String) -> [InferredEnvironment] {
        let base = directory == "." ? root : root.appendingPathComponent(directory)
        var vars: [String: String] = [:], backends: [String: String] = [:]
        for folder in [""] + Self.environmentFolders {
            let url = folder.isEmpty ? base : base.appendingPathComponent(folder)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { continue }
            let inBackendFolder = folder.hasPrefix("backend")
            for name in names.sorted() {
                let path = folder.isEmpty ? name : "\(folder)/\(name)"
                if let environment = Self.environment(ofBackendFile: name, inBackendFolder: inBackendFolder) {
                    backends[environment] = backends[environment] ?? path
                } else if let environment = Self.environment(ofVariablesFile: name) {
                    vars[environment] = vars[environment] ?? path
                } else if !folder.isEmpty, Environment.isValidName(name.lowercased()),
                          let files = Self.environmentFolderFiles(url.appendingPathComponent(name), environment: name.lowercased()) {
                    let environment = name.lowercased()
                    // A folder per environment: env/prod/terraform.tfvars, env/prod/backend.conf.
                    if let file = files.vars { vars[environment] = vars[environment] ?? "\(path)/\(file)" }
                    if let file = files.backend { backends[environment] = backends[environment] ?? "\(path)/\(file)" }
                }
            }
        }
        return Set(vars.keys).union(backends.keys).sorted().map { name in
            InferredEnvironment(environment: Environment(name: name, production: Environment.looksLikeProduction(name)),
                                varsFile: vars[name], backendFile: backends[name])
        }
    }

    /// `prd` for `prd.tfvars` or `prd.tfvars.json`; nil for files Terraform loads anyway.
    static func environment(ofVariablesFile name: String) -> String? {
        let stem: Substring
        if name.hasSuffix(".tfvars") { stem = name.dropLast(".tfvars".count) }
        else if name.hasSuffix(".tfvars.json") { stem = name.dropLast(".tfvars.json".count) }
        else { return nil }
        guard stem != "terraform", !stem.hasSuffix(".auto") else { return nil }
        return environmentName(String(stem))
    }

    /// The variables and backend files of a folder kept for one environment (`env/prod/`): the
    /// variables file `terraform.tfvars`, `<env>.tfvars` or the only other `.tfvars`; the backend
    /// file `backend.tfvars`, `backend.hcl`, `backend.conf`, `backend.tfbackend` or `<env>.tfbackend`.
    /// Nil when the folder holds neither.
    static func environmentFolderFiles(_ folder: URL, environment: String) -> (vars: String?, backend: String?)? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue,
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return nil }
        let backendNames = ["backend.tfvars", "backend.hcl", "backend.conf", "backend.tfbackend", "\(environment).tfbackend"]
        let backend = backendNames.first(where: names.contains)
        let variables = names.filter { ($0.hasSuffix(".tfvars") || $0.hasSuffix(".tfvars.json")) && !backendNames.contains($0) }.sorted()
        let vars = ["terraform.tfvars", "\(environment).tfvars"].first(where: variables.contains) ?? (variables.count == 1 ? variables[0] : nil)
        guard vars != nil || backend != nil else { return nil }
        return (vars, backend)
    }

    /// `staging` for `staging.tfbackend`, `staging.govuk.backend`, `staging.backend.hcl`,
    /// `backend-staging.hcl`, `backend.staging.tfvars`, `staging.backend.conf`, or
    /// `staging.hcl`, `staging.conf`, `staging.tfvars` in a backend folder.
    static func environment(ofBackendFile name: String, inBackendFolder: Bool) -> String? {
        var stem: String
        if name.hasSuffix(".tfbackend") { stem = String(name.dropLast(".tfbackend".count)) }
        else if name.hasSuffix(".backend") { stem = String(name.dropLast(".backend".count)) }
        else if let ext = [".hcl", ".conf", ".tfvars"].first(where: name.hasSuffix) {
            stem = String(name.dropLast(ext.count))
            let parts = stem.split(separator: ".").map(String.init)
            if stem.hasSuffix(".backend") { stem = String(stem.dropLast(".backend".count)) }
            else if stem.hasPrefix("backend-") { stem = String(stem.dropFirst("backend-".count)) }
            else if stem.hasPrefix("backend.") { stem = String(stem.dropFirst("backend.".count)) }
            else if stem.hasSuffix("-backend") { stem = String(stem.dropLast("-backend".count)) }
            else if !inBackendFolder || parts.contains("auto") { return nil }
            // In a backend folder, a .tfvars file is a backend file too; elsewhere only when named so.
            if ext == ".tfvars" && stem == "terraform" { return nil }
        }
        else { return nil }
        if stem == "backend" || stem.isEmpty { return nil }
        if stem.hasPrefix("backend.") { stem = String(stem.dropFirst("backend.".count)) }
        return environmentName(stem)
    }

    /// The environment part of a file's stem: up to the first `.`, lower-cased; nil when it is
    /// not a valid environment name.
    static func environmentName(_ stem: String) -> String? {
        let name = String(stem.split(separator: ".").first ?? "").lowercased()
        return Environment.isValidName(name) ? name : nil
    }

    // MARK: Backend and state

    /// The settings of `stack`'s backend configuration file, with its path relative to the
    /// workspace root; nil when the stack names none or the file is missing.
    public func backendConfiguration(of stack: Stack) throws(ConfigurationError) -> (values: [String: String], path: String)? {
        guard let name = stack.backendFile,
              let data = FileManager.default.contents(atPath: url(of: stack).appendingPathComponent(name).path) else { return nil }
        let shown = Self.join(stack.directory, name)
        return (try Self.readBackendConfiguration(String(decoding: data, as: UTF8.self), path: shown), shown)
    }

    /// The buckets environment `name`'s stacks keep their state in: each S3 backend's `bucket`,
    /// from the environment's backend file or written in the `backend "s3"` block. A stack that
    /// cannot be read adds nothing (the audit reports why).
    public func stateBuckets(environment name: String) -> Set<String> {
        guard catalog[name]?.terraform != nil, let stacks = try? stacks(environments: [name]) else { return [] }
        var buckets = Set<String>()
        for stack in stacks {
            guard let settings = (try? TerraformModule.load(directory: url(of: stack).path))?.settings, settings.backendType == "s3" else { continue }
            let configured = (try? backendConfiguration(of: stack))??.values["bucket"]
            if let bucket = configured ?? settings.backendAttributes["bucket"].flatMap(\.primitiveString), !bucket.isEmpty {
                buckets.insert(bucket)
            }
        }
        return buckets
    }

    /// Reads a partial backend configuration file (`prd.tfbackend`): HCL attributes whose values
    /// are literals. `path` names the file in errors.
    public static func readBackendConfiguration(_ text: String, path: String) throws(ConfigurationError) -> [String: String] {
        let file: HCLFile
        do throws(HCLError) {
            file = try HCLFile.parse(text, path: path)
        } catch {
            throw ConfigurationError(path: path, line: error.range.start.line, column: error.range.start.column,
                                     message: error.message)
        }
        var values: [String: String] = [:]
        let evaluator = Evaluator(context: EvaluationContext(filePath: path))
        for attribute in file.body.attributes {
            guard let value = try? evaluator.evaluate(attribute.expression), let text = value.primitiveString else {
                throw ConfigurationError(path: path, line: attribute.range.start.line, column: attribute.range.start.column,
                                         field: attribute.name, message: "expected a literal string, number or bool")
            }
            values[attribute.name] = text
        }
        if let block = file.body.blocks.first {
            throw ConfigurationError(path: path, line: block.range.start.line, column: block.range.start.column,
                                     message: "a backend configuration file holds only attributes, not \"\(block.type)\" blocks")
        }
        return values
    }

    // MARK: Paths

    /// `directory/path`, with `.` and `..` resolved (a module may live beside the root module).
    public static func join(_ directory: String, _ path: String) -> String {
        var parts: [Substring] = []
        for part in (directory + "/" + path).split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if let last = parts.last, last != ".." { parts.removeLast() } else { parts.append(part) }
            default: parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    /// A directory relative to the root, `.` for the root itself.
    public static func normalise(_ directory: String) -> String {
        let joined = join(".", directory)
        return joined.isEmpty ? "." : joined
    }
}

extension Value {
    /// A string, number or bool as the string Terraform converts it to; nil for anything else.
    public var primitiveString: String? {
        switch deepUnmarked {
        case .string(let text): text
        case .number(let number): number.description
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }
}
