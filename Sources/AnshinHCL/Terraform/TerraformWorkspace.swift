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

        public init(directory: String, environment: Environment?, varsFile: String?, backendFile: String?) {
            self.directory = directory
            self.environment = environment
            self.varsFile = varsFile
            self.backendFile = backendFile
        }

        /// "root module for prd", "metabase/ for stg": how messages name the stack.
        public var label: String {
            let place = directory == "." ? "root module" : "\(directory)/"
            return environment.map { "\(place) for \($0.name)" } ?? place
        }
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

    /// The stacks of `names` (every environment with Terraform settings when nil), per
    /// environment in catalog order: the environment's `terraform.dir`, then the independent
    /// stacks below the folder that have its files. With no such environment, the folder's own
    /// root module once, without an environment, when it has `.tf` files.
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
        guard !selected.isEmpty else {
            return Self.hasTerraformFiles(root) ? [Stack(directory: ".", environment: nil, varsFile: nil, backendFile: nil)] : []
        }
        let directories = stackCandidates()
        let mainDirectories = Set(selected.compactMap { $0.terraform.map { Self.normalise($0.dir) } })
        let calledAsModules = moduleDirectories(of: Array(mainDirectories) + directories)
        var stacks: [Stack] = []
        for environment in selected {
            guard let terraform = environment.terraform else { continue }
            let main = Self.normalise(terraform.dir)
            stacks.append(Stack(directory: main, environment: environment, varsFile: terraform.vars, backendFile: terraform.backend))
            for directory in directories where directory != main && !calledAsModules.contains(directory) && !mainDirectories.contains(directory) {
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
        return stacks
    }

    /// Whether `directory` holds `.tf` or `.tf.json` files.
    public static func hasTerraformFiles(_ directory: URL) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.contains { $0.hasSuffix(".tf") || $0.hasSuffix(".tf.json") }
    }

    /// Whether the workspace has Terraform to look at: the root, or a catalog environment's
    /// Terraform directory, has `.tf` files.
    public var hasTerraform: Bool {
        if Self.hasTerraformFiles(root) { return true }
        return catalog.environments.contains { environment in
            guard let directory = environment.terraform?.dir else { return false }
            return Self.hasTerraformFiles(root.appendingPathComponent(directory))
        }
    }

    /// Directories below the root (relative, sorted) holding `.tf` files; hidden directories,
    /// `node_modules` and symbolic links are skipped.
    func stackCandidates(maximumDepth: Int = 8) -> [String] {
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
