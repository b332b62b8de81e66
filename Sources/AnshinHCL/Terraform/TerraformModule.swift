import AnshinCore
import Foundation

/// A position in one file of a configuration: the path relative to the root module's directory
/// and the range in that file.
public struct FileRange: Sendable, Hashable, CustomStringConvertible {
    /// The file, relative to the root module directory (`main.tf`, `modules/bucket/main.tf`).
    public var path: String
    /// The range in the file.
    public var range: SourceRange

    /// Creates a file range.
    public init(path: String, range: SourceRange) {
        self.path = path
        self.range = range
    }

    /// `path:line:column`.
    public var description: String { "\(path):\(range.start.line):\(range.start.column)" }
}

/// A Terraform module: the `.tf` and `.tf.json` files of one directory, sorted into declarations.
///
/// Loading only parses; nothing is evaluated until ``ModuleEvaluator`` runs with one set of
/// variable values. Override files (`override.tf`, `*_override.tf`) are not merged; they are
/// listed in ``skippedFiles``.
public struct TerraformModule: Sendable {
    /// The directory, as given to ``load(directory:displayPath:)``.
    public var directory: String
    /// The prefix of file paths in ranges and errors: the directory relative to the root module
    /// (empty for the root).
    public var displayPath: String
    /// The parsed files, sorted by name.
    public var files: [HCLFile]
    /// `variable` blocks.
    public var variables: [VariableDeclaration] = []
    /// Attributes of `locals` blocks, in file and source order.
    public var locals: [LocalDeclaration] = []
    /// `resource` and `data` blocks, in file and source order.
    public var resources: [ResourceDeclaration] = []
    /// `module` blocks.
    public var moduleCalls: [ModuleCall] = []
    /// `output` blocks.
    public var outputs: [OutputDeclaration] = []
    /// `provider` blocks.
    public var providers: [ProviderDeclaration] = []
    /// The `terraform` blocks, merged.
    public var settings = TerraformSettings()
    /// Files present but not loaded (override files), relative to the module directory.
    public var skippedFiles: [String] = []

    /// Parses every `.tf` and `.tf.json` file directly in `directory` (not in subdirectories).
    ///
    /// - Parameter displayPath: the directory relative to the root module, used as the prefix of
    ///   every file path in ranges and errors (empty for the root module itself).
    public static func load(directory: String, displayPath: String = "") throws(HCLError) -> TerraformModule {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw HCLError(path: displayPath.isEmpty ? directory : displayPath, range: SourceRange(at: .start),
                           message: "Cannot read the module directory: \(SystemErrorText.describe(error))")
        }
        var module = TerraformModule(directory: directory, displayPath: displayPath, files: [])
        for name in names where name.hasSuffix(".tf") || name.hasSuffix(".tf.json") {
            let stem = name.hasSuffix(".tf") ? String(name.dropLast(3)) : String(name.dropLast(8))
            if stem == "override" || stem.hasSuffix("_override") {
                module.skippedFiles.append(name)
                continue
            }
            let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let path = displayPath.isEmpty ? name : displayPath + "/" + name
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw HCLError(path: path, range: SourceRange(at: .start), message: "Cannot read the file")
            }
            let file = name.hasSuffix(".json")
                ? try HCLFile.parseJSON(bytes: Array(data), path: path)
                : try HCLFile.parse(bytes: Array(data), path: path)
            try module.add(file)
        }
        return module
    }

    /// Creates an empty module; ``load(directory:displayPath:)`` fills it.
    public init(directory: String, displayPath: String, files: [HCLFile]) {
        self.directory = directory
        self.displayPath = displayPath
        self.files = []
    }

    /// Adds the declarations of one parsed file.
    public mutating func add(_ file: HCLFile) throws(HCLError) {
        files.append(file)
        let path = file.path
        func duplicate(_ what: String, _ block: Block, _ previous: FileRange) -> HCLError {
            HCLError(path: path, range: block.typeRange.union(block.labels.last?.range ?? block.typeRange),
                     message: "Duplicate \(what) declaration: it was already declared at \(previous)")
        }
        for block in file.body.blocks {
            let range = FileRange(path: path, range: block.range)
            switch (block.type, block.labels.count) {
            case ("variable", 1):
                let declaration = try VariableDeclaration(block: block, path: path)
                if let previous = variables.first(where: { $0.name == declaration.name }) { throw duplicate("variable", block, previous.range) }
                variables.append(declaration)
            case ("locals", 0):
                for attribute in block.body.attributes {
                    if let previous = locals.first(where: { $0.name == attribute.name }) {
                        throw HCLError(path: path, range: attribute.nameRange, message: "Duplicate local value definition: \"\(attribute.name)\" was already defined at \(previous.range)")
                    }
                    locals.append(LocalDeclaration(name: attribute.name, expression: attribute.expression,
                                                   range: FileRange(path: path, range: attribute.range)))
                }
            case ("resource", 2), ("data", 2):
                let declaration = ResourceDeclaration(mode: block.type == "data" ? .data : .managed, block: block, path: path)
                if let previous = resources.first(where: { $0.mode == declaration.mode && $0.type == declaration.type && $0.name == declaration.name }) {
                    throw duplicate(block.type == "data" ? "data source" : "resource", block, previous.range)
                }
                resources.append(declaration)
            case ("module", 1):
                let call = try ModuleCall(block: block, path: path)
                if let previous = moduleCalls.first(where: { $0.name == call.name }) { throw duplicate("module call", block, previous.range) }
                moduleCalls.append(call)
            case ("output", 1):
                let name = block.labels[0].value
                if let previous = outputs.first(where: { $0.name == name }) { throw duplicate("output", block, previous.range) }
                outputs.append(OutputDeclaration(name: name, expression: block.body.attribute("value")?.expression,
                                                 isSensitive: block.body.attribute("sensitive")?.expression.literalBool ?? false,
                                                 range: range))
            case ("provider", 1):
                providers.append(ProviderDeclaration(name: block.labels[0].value,
                                                     alias: block.body.attribute("alias")?.expression.literalString,
                                                     body: block.body, range: range))
            case ("terraform", 0):
                settings.add(block, path: path)
            default:
                continue
            }
        }
    }
}

// MARK: - Declarations

/// A `variable` block.
public struct VariableDeclaration: Sendable {
    /// The variable's name.
    public var name: String
    /// The `type` constraint; ``ValueType/dynamic`` when absent or `any`.
    public var type: ValueType
    /// The `default` expression, evaluated without variables.
    public var defaultExpression: HCLExpression?
    /// `sensitive = true`.
    public var isSensitive: Bool
    /// `nullable` (default true): when false, a null value means the default.
    public var isNullable: Bool
    /// `description`.
    public var description: String?
    /// The block.
    public var range: FileRange

    init(block: Block, path: String) throws(HCLError) {
        name = block.labels[0].value
        if let typeExpression = block.body.attribute("type")?.expression {
            type = try TypeConstraint.parse(typeExpression, path: path)
        } else {
            type = .dynamic
        }
        defaultExpression = block.body.attribute("default")?.expression
        isSensitive = block.body.attribute("sensitive")?.expression.literalBool ?? false
        isNullable = block.body.attribute("nullable")?.expression.literalBool ?? true
        description = block.body.attribute("description")?.expression.literalString
        range = FileRange(path: path, range: block.range)
    }
}

/// One named value of a `locals` block.
public struct LocalDeclaration: Sendable {
    /// The local's name.
    public var name: String
    /// Its expression.
    public var expression: HCLExpression
    /// The attribute.
    public var range: FileRange
}

/// Whether a resource block is `resource` or `data`.
public enum ResourceMode: String, Sendable, Hashable {
    /// A `resource` block.
    case managed
    /// A `data` block.
    case data
}

/// A `resource` or `data` block.
public struct ResourceDeclaration: Sendable {
    /// `managed` or `data`.
    public var mode: ResourceMode
    /// The resource type, e.g. `aws_s3_bucket`.
    public var type: String
    /// The resource name.
    public var name: String
    /// The block body.
    public var body: Body
    /// The block.
    public var range: FileRange

    init(mode: ResourceMode, block: Block, path: String) {
        self.mode = mode
        type = block.labels[0].value
        name = block.labels[1].value
        body = block.body
        range = FileRange(path: path, range: block.range)
    }

    /// `type.name`, or `data.type.name`.
    public var address: String { (mode == .data ? "data." : "") + type + "." + name }
}

/// A `module` block.
public struct ModuleCall: Sendable {
    /// The call's name.
    public var name: String
    /// The `source` argument (a literal string in Terraform).
    public var source: String
    /// The `version` argument.
    public var version: String?
    /// The block body (inputs and meta-arguments).
    public var body: Body
    /// The block.
    public var range: FileRange

    init(block: Block, path: String) throws(HCLError) {
        name = block.labels[0].value
        guard let sourceAttribute = block.body.attribute("source"), let text = sourceAttribute.expression.literalString else {
            throw HCLError(path: path, range: block.range, message: "Invalid module call: the \"source\" argument is required and must be a literal string")
        }
        source = text
        version = block.body.attribute("version")?.expression.literalString
        body = block.body
        range = FileRange(path: path, range: block.range)
    }

    /// Whether the source is a local path (`./x`, `../x`), which anshin evaluates.
    public var isLocal: Bool { source.hasPrefix("./") || source.hasPrefix("../") || source == "." || source == ".." }
}

/// An `output` block.
public struct OutputDeclaration: Sendable {
    /// The output's name.
    public var name: String
    /// The `value` expression.
    public var expression: HCLExpression?
    /// `sensitive = true`.
    public var isSensitive: Bool
    /// The block.
    public var range: FileRange
}

/// A `provider` block.
public struct ProviderDeclaration: Sendable {
    /// The provider's local name, e.g. `aws`.
    public var name: String
    /// The `alias`, if any.
    public var alias: String?
    /// The block body.
    public var body: Body
    /// The block.
    public var range: FileRange
}

/// What `terraform` blocks declare.
public struct TerraformSettings: Sendable, Hashable {
    /// One entry of `required_providers`.
    public struct RequiredProvider: Sendable, Hashable {
        /// `source`, e.g. `hashicorp/aws`.
        public var source: String?
        /// `version`, e.g. `~> 5.0`.
        public var version: String?
    }

    /// `required_version`.
    public var requiredVersion: String?
    /// Every `required_version` of the module's `terraform` blocks, with where it is written:
    /// Terraform requires all of them.
    public var requiredVersions: [RequiredVersion] = []

    /// One `required_version` and where it is written.
    public struct RequiredVersion: Sendable, Hashable {
        public var constraint: String
        public var range: FileRange
    }
    /// `required_providers` by local name.
    public var requiredProviders: [String: RequiredProvider] = [:]
    /// The backend type (`s3`, `local`...), if declared.
    public var backendType: String?
    /// The backend's literal arguments.
    public var backendAttributes: [String: Value] = [:]
    /// Where the backend is declared.
    public var backendRange: FileRange?

    mutating func add(_ block: Block, path: String) {
        let constant = Evaluator(context: EvaluationContext(filePath: path))
        if let attribute = block.body.attribute("required_version"), let version = attribute.expression.literalString {
            requiredVersion = version
            requiredVersions.append(RequiredVersion(constraint: version, range: FileRange(path: path, range: attribute.range)))
        }
        for providers in block.body.blocks(ofType: "required_providers") {
            for attribute in providers.body.attributes {
                let value = (try? constant.evaluate(attribute.expression)) ?? .null
                if let text = value.stringValue {
                    requiredProviders[attribute.name] = RequiredProvider(source: nil, version: text)
                } else {
                    requiredProviders[attribute.name] = RequiredProvider(source: value["source"]?.stringValue,
                                                                         version: value["version"]?.stringValue)
                }
            }
        }
        for backend in block.body.blocks(ofType: "backend") {
            backendType = backend.labels.first?.value
            backendRange = FileRange(path: path, range: backend.range)
            for attribute in backend.body.attributes {
                backendAttributes[attribute.name] = (try? constant.evaluate(attribute.expression)) ?? .unknownValue
            }
        }
        if block.body.blocks(ofType: "cloud").first != nil { backendType = "cloud" }
    }
}

extension HCLExpression {
    /// The text of a literal-only string template.
    var literalString: String? {
        if case .template(let template) = self { template.literalValue } else { nil }
    }

    /// The value of a `true`/`false` literal.
    var literalBool: Bool? {
        if case .literal(let literal) = self, case .bool(let flag) = literal.value { return flag }
        if let text = literalString { return text == "true" ? true : text == "false" ? false : nil }
        return nil
    }
}
