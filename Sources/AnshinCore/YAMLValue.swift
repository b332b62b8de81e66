import Yams

/// A node of a YAML document together with where it is, so every error can name file, line and field.
///
/// The loaders of `anshin.yml` and `.anshin/` walk documents through this type instead of decoding
/// them with `Codable`: decoding errors would lose the line and the field path.
public struct YAMLValue {
    public let node: Node
    /// Dotted path from the document root (`environments.prd.aws`).
    public let field: String
    public let file: String

    /// Parses `text`; an empty document gives `nil`.
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> YAMLValue? {
        do {
            guard let node = try Yams.compose(yaml: text) else { return nil }
            return YAMLValue(node: node, field: "", file: file)
        } catch let error as YamlError {
            let (mark, problem) = explain(error)
            throw ConfigurationError(path: file, line: mark?.line, column: mark?.column,
                                     message: "invalid YAML: \(problem)")
        } catch {
            throw ConfigurationError(path: file, message: "invalid YAML: \(error)")
        }
    }

    private static func explain(_ error: YamlError) -> (Mark?, String) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            guard let context, !context.text.isEmpty else { return (mark, problem) }
            let start = context.mark.line == mark.line && context.mark.column == mark.column
                ? "" : " that starts at line \(context.mark.line), column \(context.mark.column)"
            return (mark, "\(problem) \(context.text)\(start)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (context.mark, "duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", "))")
        case .reader(let problem, _, _, _):
            return (nil, problem)
        default:
            return (nil, "\(error)")
        }
    }

    public func error(_ message: String) -> ConfigurationError {
        ConfigurationError(path: file, line: node.mark?.line, column: node.mark?.column, field: field, message: message)
    }

    private func child(_ node: Node, _ name: String) -> YAMLValue {
        YAMLValue(node: node, field: field.isEmpty ? name : "\(field).\(name)", file: file)
    }

    /// The entries of a mapping in document order, refusing keys not in `allowed` (typos are errors).
    public func mapping(allowed: [String]? = nil) throws(ConfigurationError) -> [(key: String, value: YAMLValue)] {
        guard let mapping = node.mapping else { throw error("expected a mapping, got \(kind)") }
        var entries: [(key: String, value: YAMLValue)] = []
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.scalar?.string else {
                throw YAMLValue(node: keyNode, field: field, file: file).error("keys must be plain strings")
            }
            let value = child(valueNode, key)
            if let allowed, !allowed.contains(key) {
                var message = "unknown field \"\(key)\""
                if let guess = Suggestion.closest(to: key, in: allowed) { message += "; did you mean \"\(guess)\"?" }
                message += " (allowed: \(allowed.joined(separator: ", ")))"
                throw YAMLValue(node: keyNode, field: value.field, file: file).error(message)
            }
            entries.append((key, value))
        }
        return entries
    }

    /// The items of a sequence.
    public func sequence() throws(ConfigurationError) -> [YAMLValue] {
        guard let sequence = node.sequence else { throw error("expected a list, got \(kind)") }
        return sequence.enumerated().map { child($0.element, "[\($0.offset)]") }
    }

    /// A scalar as written (quoted or not); `null` and empty values are refused.
    public func string() throws(ConfigurationError) -> String {
        guard let scalar = node.scalar else { throw error("expected a string, got \(kind)") }
        if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
            throw error("expected a value, got nothing")
        }
        return scalar.string
    }

    /// A list of strings; a single string is accepted as a list of one.
    public func strings() throws(ConfigurationError) -> [String] {
        if node.scalar != nil { return [try string()] }
        var result: [String] = []
        for item in try sequence() { result.append(try item.string()) }
        return result
    }

    public func bool() throws(ConfigurationError) -> Bool {
        guard node.scalar != nil, let value = Bool.construct(from: node.scalar!) else {
            throw error("expected true or false, got \(describe)")
        }
        return value
    }

    /// A short description of the node for error messages.
    public var describe: String {
        if let scalar = node.scalar { return "\"\(scalar.string)\"" }
        return kind
    }

    public var kind: String {
        switch node {
        case .scalar: "a string"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
