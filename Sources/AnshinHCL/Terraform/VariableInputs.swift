import Foundation

/// Reads a variable's `type` argument into a ``ValueType``.
enum TypeConstraint {
    static func parse(_ expression: HCLExpression, path: String) throws(HCLError) -> ValueType {
        func fail(_ message: String) -> HCLError { HCLError(path: path, range: expression.range, message: "Invalid type specification: \(message)") }
        switch expression {
        case .variable(let variable):
            switch variable.name {
            case "string": return .string
            case "number": return .number
            case "bool": return .bool
            case "any": return .dynamic
            case "list": return .list(.dynamic)
            case "map": return .map(.dynamic)
            case "set": return .set(.dynamic)
            default: throw fail("the keyword \"\(variable.name)\" is not a valid type")
            }
        case .template(let template):
            // Terraform 0.11 quoted types.
            switch template.literalValue {
            case "string": return .string
            case "list": return .list(.dynamic)
            case "map": return .map(.dynamic)
            default: throw fail("a type must be a type keyword, not a string")
            }
        case .parenthesized(let node):
            return try parse(node.expression, path: path)
        case .functionCall(let call):
            switch (call.name, call.arguments.count) {
            case ("list", 1): return .list(try parse(call.arguments[0], path: path))
            case ("set", 1): return .set(try parse(call.arguments[0], path: path))
            case ("map", 1): return .map(try parse(call.arguments[0], path: path))
            case ("tuple", 1):
                guard case .tuple(let tuple) = call.arguments[0] else { throw fail("tuple() requires a list of element types") }
                var elements: [ValueType] = []
                for element in tuple.elements { elements.append(try parse(element, path: path)) }
                return .tuple(elements)
            case ("object", 1):
                guard case .object(let object) = call.arguments[0] else { throw fail("object() requires an object of attribute types") }
                var attributes: [String: ValueType] = [:]
                var optional: [String: Value] = [:]
                for item in object.items {
                    guard let name = item.literalKey else { throw fail("object attribute names must be identifiers") }
                    if case .functionCall(let inner) = item.value, inner.name == "optional", (1...2).contains(inner.arguments.count) {
                        let type = try parse(inner.arguments[0], path: path)
                        attributes[name] = type
                        if inner.arguments.count == 2 {
                            let fallback = (try? Evaluator(context: EvaluationContext(filePath: path)).evaluate(inner.arguments[1])) ?? .null
                            optional[name] = (try? fallback.converted(to: type)) ?? fallback
                        } else {
                            optional[name] = .null
                        }
                    } else {
                        attributes[name] = try parse(item.value, path: path)
                    }
                }
                return .object(attributes, optional: optional)
            default:
                throw fail("\(call.name)(...) is not a type constructor")
            }
        default:
            throw fail("unexpected expression")
        }
    }
}

/// Where root variable values come from, in Terraform's precedence order (later wins):
/// `TF_VAR_` environment variables, `terraform.tfvars`, `terraform.tfvars.json`,
/// `*.auto.tfvars` and `*.auto.tfvars.json` in name order, `-var-file`s in order, `-var`s in order.
public struct VariableInputs: Sendable {
    /// `-var-file` paths, relative to the root module or absolute, in command-line order
    /// (e.g. `["prd.tfvars"]`).
    public var files: [String]
    /// `-var name=value` pairs in command-line order. Values of variables with a collection or
    /// structural type are parsed as HCL expressions; others are taken as literal strings, as
    /// Terraform does.
    public var assignments: [(name: String, value: String)]
    /// Values set directly, after everything else.
    public var values: [String: Value]
    /// The process environment, for `TF_VAR_name` values (empty: ignore the environment).
    public var environment: [String: String]
    /// Whether `terraform.tfvars(.json)` and `*.auto.tfvars(.json)` are loaded.
    public var loadsAutomaticFiles: Bool

    /// Creates variable inputs.
    public init(files: [String] = [], assignments: [(name: String, value: String)] = [], values: [String: Value] = [:],
                environment: [String: String] = [:], loadsAutomaticFiles: Bool = true) {
        self.files = files
        self.assignments = assignments
        self.values = values
        self.environment = environment
        self.loadsAutomaticFiles = loadsAutomaticFiles
    }

    /// One raw value and where it came from.
    struct Source {
        enum Kind {
            case expression(HCLExpression, path: String)
            case raw(String, origin: String)
            case value(Value)
        }
        var kind: Kind
        var range: FileRange?
    }

    /// Collects the raw values for the root module's variables, last source winning.
    func collect(directory: String, declarations: [VariableDeclaration],
                 diagnostics: inout [Diagnostic]) -> [String: Source] {
        var result: [String: Source] = [:]
        for (key, value) in environment where key.hasPrefix("TF_VAR_") {
            result[String(key.dropFirst(7))] = Source(kind: .raw(value, origin: "environment variable \(key)"), range: nil)
        }
        var files: [String] = []
        if loadsAutomaticFiles {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for automatic in ["terraform.tfvars", "terraform.tfvars.json"] where names.contains(automatic) { files.append(automatic) }
            files += names.filter { $0.hasSuffix(".auto.tfvars") || $0.hasSuffix(".auto.tfvars.json") }.sorted()
        }
        files += self.files
        let declared = Set(declarations.map(\.name))
        for file in files {
            let url = file.hasPrefix("/") ? URL(fileURLWithPath: file) : URL(fileURLWithPath: directory).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                diagnostics.append(Diagnostic(.error, "Failed to read variables file \"\(file)\": the file does not exist or cannot be read", at: nil))
                continue
            }
            do throws(HCLError) {
                let parsed = file.hasSuffix(".json")
                    ? try HCLFile.parseJSON(bytes: Array(data), path: file, schema: .attributesOnly)
                    : try HCLFile.parse(bytes: Array(data), path: file)
                for block in parsed.body.blocks {
                    var diagnostic = Diagnostic(.error, "Unexpected \"\(block.type)\" block: blocks are not allowed in variables files",
                                                at: FileRange(path: file, range: block.range))
                    diagnostic.isSyntaxError = true
                    diagnostics.append(diagnostic)
                }
                for attribute in parsed.body.attributes {
                    let range = FileRange(path: file, range: attribute.range)
                    if !declared.contains(attribute.name) {
                        diagnostics.append(Diagnostic(.warning, "Value for undeclared variable: the file sets \"\(attribute.name)\", which is not declared in the root module", at: range))
                        continue
                    }
                    result[attribute.name] = Source(kind: .expression(attribute.expression, path: file), range: range)
                }
            } catch {
                diagnostics.append(Diagnostic(error))
            }
        }
        for (name, value) in assignments {
            result[name] = Source(kind: .raw(value, origin: "-var \(name)"), range: nil)
        }
        for (name, value) in values { result[name] = Source(kind: .value(value), range: nil) }
        return result
    }
}

/// A problem found while loading or evaluating a configuration. Evaluation goes on after one:
/// the value concerned is unknown, so checks stay silent about it rather than guess.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious it is.
    public enum Severity: String, Sendable, Hashable {
        /// Terraform would refuse the configuration (or anshin could not evaluate part of it).
        case error
        /// Worth knowing: a missing variable value, an unused variables file entry.
        case warning
    }

    /// How serious it is.
    public var severity: Severity
    /// A one-line explanation.
    public var message: String
    /// Where, when it is tied to a place in the configuration.
    public var range: FileRange?
    /// Whether a file could not be parsed (a syntax error, a block where none may be): Terraform
    /// refuses the whole configuration then, not just what depends on the place.
    public var isSyntaxError = false

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ message: String, at range: FileRange?) {
        self.severity = severity
        self.message = message
        self.range = range
    }

    /// A diagnostic for an evaluation error.
    public init(_ error: EvaluationError) {
        self.init(.error, error.message, at: FileRange(path: error.path, range: error.range))
    }

    /// A diagnostic for a syntax error.
    public init(_ error: HCLError) {
        self.init(.error, error.message, at: FileRange(path: error.path, range: error.range))
        isSyntaxError = !error.isEncrypted
    }

    /// `path:line:column: severity: message`.
    public var description: String {
        (range.map { "\($0): " } ?? "") + "\(severity.rawValue): \(message)"
    }
}
