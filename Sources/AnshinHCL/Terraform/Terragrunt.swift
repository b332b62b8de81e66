import AnshinCore
import Foundation

/// One Terragrunt unit: a `terragrunt.hcl` that runs a Terraform module with its inputs, the way
/// many teams keep one folder per environment and component (`live/prd/app/terragrunt.hcl`).
///
/// What is read, from the Terragrunt documentation: `terraform { source = … }` (a local path,
/// `//` separating the repository from the module folder, or a remote URL), `inputs`, `locals`,
/// `include` blocks (the parent's `terraform` block and `inputs` are merged under the child's;
/// its `locals` are reachable as `include.<name>.locals` when exposed), `dependency` blocks
/// (their outputs are known only after the dependency is applied), and the functions such files
/// use: `find_in_parent_folders`, `read_terragrunt_config`, `get_terragrunt_dir`,
/// `get_parent_terragrunt_dir`, `path_relative_to_include`, `path_relative_from_include`,
/// `get_repo_root`, `get_path_from_repo_root`, `get_path_to_repo_root`, `get_env` (its default,
/// never the machine's environment, so that an audit does not depend on who runs it). What needs
/// a cloud or a shell (`get_aws_account_id`, `run_cmd`) is unknown.
public struct TerragruntUnit: Sendable, Hashable {
    /// Where the module comes from.
    public enum Source: Sendable, Hashable {
        /// A folder of the workspace, relative to its root.
        case local(String)
        /// A remote module (a git URL, the registry): not in the tree.
        case remote(String)
        /// A local path that does not exist, or a source known only when Terragrunt runs.
        case unresolved(String)
    }

    /// The unit's folder, relative to the workspace root (`live/prd/app`).
    public var directory: String
    public var source: Source
    /// `inputs`, merged over the included configurations' (unknown values stay unknown).
    public var inputs: [String: Value]
    /// Problems reading the unit: evaluation errors (what they concern is unknown).
    public var problems: [String]

    /// `live/prd/app/terragrunt.hcl`.
    public var configPath: String { directory == "." ? "terragrunt.hcl" : "\(directory)/terragrunt.hcl" }
}

/// Reads the Terragrunt units of a folder tree.
struct TerragruntReader {
    let root: URL

    /// Every `terragrunt.hcl` of the tree that runs a module (its own `terraform` block, one it
    /// includes, or `.tf` files beside it) and that no other configuration includes, sorted by
    /// folder. Hidden folders (`.terragrunt-cache`) and ``TerraformWorkspace/skippedFolders`` are
    /// not entered.
    func units() -> [TerragruntUnit] {
        let files = configFiles()
        guard !files.isEmpty else { return [] }
        var evaluated: [String: Evaluated] = [:]
        var included = Set<String>()
        for file in files {
            let result = evaluate(file)
            evaluated[file] = result
            included.formUnion(result.includes)
        }
        return files.compactMap { file -> TerragruntUnit? in
            guard let result = evaluated[file], !included.contains(file) else { return nil }
            let directory = (file as NSString).deletingLastPathComponent
            let relative = relativePath(directory)
            let source: TerragruntUnit.Source
            if let text = result.source {
                source = resolve(text, from: directory)
            } else if TerraformWorkspace.hasTerraformFiles(URL(fileURLWithPath: directory)) {
                source = .local(relative)
            } else {
                return nil
            }
            return TerragruntUnit(directory: relative, source: source, inputs: result.inputs, problems: result.problems)
        }
        .sorted { $0.directory < $1.directory }
    }

    /// Absolute paths of every `terragrunt.hcl` in the tree.
    func configFiles() -> [String] {
        var result: [String] = []
        func walk(_ url: URL, depth: Int) {
            guard depth <= 16, let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return }
            if names.contains("terragrunt.hcl") { result.append(url.appendingPathComponent("terragrunt.hcl").path) }
            for name in names.sorted() where !name.hasPrefix(".") && !TerraformWorkspace.skippedFolders.contains(name) {
                let child = url.appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: child.path, isDirectory: &isDirectory), isDirectory.boolValue,
                      (try? FileManager.default.destinationOfSymbolicLink(atPath: child.path)) == nil else { continue }
                walk(child, depth: depth + 1)
            }
        }
        walk(root.standardizedFileURL, depth: 0)
        return result
    }

    /// `directory` relative to the root, `.` for the root.
    func relativePath(_ directory: String) -> String {
        let base = root.standardizedFileURL.path
        let path = URL(fileURLWithPath: directory).standardizedFileURL.path
        if path == base { return "." }
        return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
    }

    /// A `terraform.source` value: remote URLs stay remote; a local path (`../../modules//app`)
    /// becomes a folder of the tree when it exists.
    func resolve(_ source: String, from directory: String) -> TerragruntUnit.Source {
        let remotePrefixes = ["git::", "git@", "github.com/", "bitbucket.org/", "tfr://", "http://", "https://", "s3::", "gcs::",
                              "hg::", "registry.terraform.io/"]
        if remotePrefixes.contains(where: source.hasPrefix) || source.contains("?ref=") { return .remote(source) }
        var path = source.replacingOccurrences(of: "//", with: "/")
        if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
        let absolute = path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
        let url = URL(fileURLWithPath: absolute).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return .unresolved(source)
        }
        let relative = relativePath(url.path)
        return relative.hasPrefix("/") ? .unresolved(source) : .local(relative)
    }

    // MARK: Evaluation

    /// What one configuration says, with what it includes merged in.
    struct Evaluated {
        var source: String?
        var inputs: [String: Value] = [:]
        var locals: [String: Value] = [:]
        /// Absolute paths of the configurations it includes.
        var includes: [String] = []
        var problems: [String] = []

        /// The object `read_terragrunt_config` and an exposed `include` give.
        var object: Value {
            var members: [String: Value] = ["locals": .object(locals), "inputs": .object(inputs)]
            if let source { members["terraform"] = .object(["source": .string(source)]) }
            return .object(members)
        }
    }

    /// Evaluates the configuration at `path` as Terragrunt does when it runs in `child`'s folder
    /// (an included configuration sees the including one's folder in `get_terragrunt_dir`).
    func evaluate(_ path: String, child: String? = nil, depth: Int = 0) -> Evaluated {
        var result = Evaluated()
        let shown = relativePath(path)
        guard depth < 8 else {
            result.problems.append("\(shown): includes nest too deep")
            return result
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            result.problems.append("\(shown): cannot be read")
            return result
        }
        let file: HCLFile
        do throws(HCLError) {
            file = try HCLFile.parse(bytes: Array(data), path: shown)
        } catch {
            result.problems.append("\(shown):\(error.line): \(error.message)")
            return result
        }
        let context = TerragruntContext(reader: self, file: file, path: path, childPath: child ?? path, depth: depth)
        result.locals = context.allLocals()
        // Included configurations first: the child's own settings win.
        for include in file.body.blocks(ofType: "include") {
            guard let attribute = include.body.attribute("path") else { continue }
            guard let target = context.string(attribute.expression) else {
                result.problems.append("\(shown):\(include.range.start.line): the include path is known only when Terragrunt runs")
                continue
            }
            let absolute = target.hasPrefix("/") ? target : ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
            let parent = evaluate(URL(fileURLWithPath: absolute).standardizedFileURL.path, child: child ?? path, depth: depth + 1)
            result.includes.append(URL(fileURLWithPath: absolute).standardizedFileURL.path)
            result.source = parent.source ?? result.source
            result.inputs.merge(parent.inputs) { _, inherited in inherited }
            result.problems += parent.problems
            context.exposed[include.labels.first?.value ?? ""] = parent.object
        }
        if let terraform = file.body.blocks(ofType: "terraform").first, let source = terraform.body.attribute("source") {
            if let text = context.string(source.expression) {
                result.source = text
            } else {
                result.problems.append("\(shown):\(source.range.start.line): the module source is known only when Terragrunt runs")
            }
        }
        if let inputs = file.body.attribute("inputs") {
            switch context.value(inputs.expression) {
            case .some(.object(let members)), .some(.map(let members)): result.inputs.merge(members) { _, own in own }
            case .some(let other) where !other.isKnown: break
            case .none: break
            case .some: result.problems.append("\(shown):\(inputs.range.start.line): inputs is not an object")
            }
        }
        result.problems += context.problems
        return result
    }
}

/// Names and functions in scope while one Terragrunt configuration is evaluated.
final class TerragruntContext: ReferenceResolver {
    let reader: TerragruntReader
    let file: HCLFile
    /// The configuration's own absolute path, and the one whose run it is part of.
    let path: String
    let childPath: String
    let depth: Int
    /// `include.<name>` objects, filled as includes are read.
    var exposed: [String: Value] = [:]
    var problems: [String] = []
    private var locals: [String: Value] = [:]
    private var evaluating = Set<String>()

    init(reader: TerragruntReader, file: HCLFile, path: String, childPath: String, depth: Int) {
        self.reader = reader
        self.file = file
        self.path = path
        self.childPath = childPath
        self.depth = depth
    }

    var directory: String { (path as NSString).deletingLastPathComponent }
    var childDirectory: String { (childPath as NSString).deletingLastPathComponent }

    func allLocals() -> [String: Value] {
        for block in file.body.blocks(ofType: "locals") {
            for attribute in block.body.attributes { _ = try? resolve(.local(attribute.name), at: attribute.range, in: file.path) }
        }
        return locals
    }

    /// The value of `expression`, nil when it cannot be evaluated (the problem is recorded).
    func value(_ expression: HCLExpression) -> Value? {
        do throws(EvaluationError) {
            return try Evaluator(context: evaluationContext).evaluate(expression)
        } catch {
            problems.append(error.description)
            return nil
        }
    }

    /// A known string, or nil.
    func string(_ expression: HCLExpression) -> String? {
        value(expression)?.primitiveString
    }

    var evaluationContext: EvaluationContext {
        EvaluationContext(functions: functions, baseDirectory: childDirectory, filePath: file.path, resolver: self)
    }

    func resolve(_ reference: Reference, at range: SourceRange, in path: String) throws(EvaluationError) -> Value? {
        switch reference {
        case .local(let name):
            if let value = locals[name] { return value }
            guard let attribute = file.body.blocks(ofType: "locals").lazy.compactMap({ $0.body.attribute(name) }).first else { return nil }
            guard evaluating.insert(name).inserted else {
                throw EvaluationError(path: path, range: range, message: "Cycle in local values: \"\(name)\" depends on itself", isStatic: true)
            }
            defer { evaluating.remove(name) }
            let value = try Evaluator(context: evaluationContext).evaluate(attribute.expression)
            locals[name] = value
            return value
        case .resource(type: "include", name: let name):
            return exposed[name] ?? .unknownValue
        case .resource(type: "dependency", name: let name):
            // Outputs exist once the dependency is applied; its settings are not needed here.
            guard file.body.blocks(ofType: "dependency").contains(where: { $0.labels.first?.value == name }) else { return nil }
            return .object(["outputs": .unknownValue, "inputs": .unknownValue])
        case .resource(type: "feature", name: _), .resource(type: "values", name: _):
            return .unknownValue
        default:
            return nil
        }
    }

    /// Terraform's functions and Terragrunt's own, bound to this configuration's folders.
    var functions: FunctionTable {
        var table = FunctionTable.terraform
        let directory = self.directory, childDirectory = self.childDirectory
        let rootPath = reader.root.standardizedFileURL.path
        let reader = self.reader, depth = self.depth
        func add(_ function: Function) { table.functions[function.name] = function }
        add(Function("find_in_parent_folders", arity: 0...2) { arguments, _ throws(FunctionError) in
            let name = arguments.first?.stringValue ?? "terragrunt.hcl"
            var folder = (childDirectory as NSString).deletingLastPathComponent
            while folder.count >= 1 {
                let candidate = (folder as NSString).appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: candidate) { return .string(candidate) }
                if folder == "/" || folder == rootPath { break }
                folder = (folder as NSString).deletingLastPathComponent
            }
            if arguments.count == 2 { return arguments[1] }
            throw FunctionError("no \(name) in a folder above \(reader.relativePath(childDirectory))")
        })
        add(Function("read_terragrunt_config", arity: 1...2) { arguments, _ throws(FunctionError) in
            guard let target = arguments[0].stringValue else { throw FunctionError("read_terragrunt_config needs a path") }
            let absolute = target.hasPrefix("/") ? target : (childDirectory as NSString).appendingPathComponent(target)
            guard FileManager.default.fileExists(atPath: absolute) else {
                if arguments.count == 2 { return arguments[1] }
                throw FunctionError("read_terragrunt_config: \(target) does not exist")
            }
            return reader.evaluate(URL(fileURLWithPath: absolute).standardizedFileURL.path, child: nil, depth: depth + 1).object
        })
        add(Function("get_terragrunt_dir", arity: 0...0) { _, _ in .string(childDirectory) })
        add(Function("get_original_terragrunt_dir", arity: 0...0) { _, _ in .string(childDirectory) })
        add(Function("get_parent_terragrunt_dir", arity: 0...1) { _, _ in .string(directory) })
        add(Function("path_relative_to_include", arity: 0...1) { _, _ in
            .string(Self.relative(from: directory, to: childDirectory))
        })
        add(Function("path_relative_from_include", arity: 0...1) { _, _ in
            .string(Self.relative(from: childDirectory, to: directory))
        })
        add(Function("get_repo_root", arity: 0...0) { _, _ in .string(rootPath) })
        add(Function("get_path_from_repo_root", arity: 0...0) { _, _ in .string(Self.relative(from: rootPath, to: childDirectory)) })
        add(Function("get_path_to_repo_root", arity: 0...0) { _, _ in .string(Self.relative(from: childDirectory, to: rootPath)) })
        add(Function("get_env", arity: 1...2) { arguments, _ in arguments.count == 2 ? arguments[1] : .unknown(.string) })
        add(Function("get_terraform_commands_that_need_vars", arity: 0...0) { _, _ in
            .list(["apply", "console", "destroy", "import", "plan", "push", "refresh"].map { .string($0) })
        })
        for name in ["get_aws_account_id", "get_aws_caller_identity_arn", "get_aws_caller_identity_user_id", "get_aws_account_alias",
                     "run_cmd", "sops_decrypt_file", "get_terraform_command", "get_terraform_cli_args", "get_platform",
                     "get_working_dir", "local_exec"] {
            add(Function(name, arity: 0...16, unknown: .raw) { _, _ in .unknownValue })
        }
        return table
    }

    /// The path of `target` relative to `base` (both absolute), `.` when they are the same.
    static func relative(from base: String, to target: String) -> String {
        let from = URL(fileURLWithPath: base).standardizedFileURL.pathComponents
        let to = URL(fileURLWithPath: target).standardizedFileURL.pathComponents
        var common = 0
        while common < min(from.count, to.count), from[common] == to[common] { common += 1 }
        let parts = Array(repeating: "..", count: from.count - common) + to[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
