import AnshinCore
import AnshinHCL
import Foundation

/// Reads IAM policy JSON, whether parsed from text or built by `jsonencode`.
enum PolicyReading {
    /// Stands for text known only after apply inside a document.
    static let unknownText = "\u{FFFC}(known after apply)\u{FFFC}"

    /// A JSON value, with parts known only after apply.
    indirect enum Node {
        case string(String)
        case list([Node])
        case object([String: Node])
        case unknown
        case other
    }

    static func node(_ value: Value) -> Node {
        switch value.deepUnmarked {
        case .string(let text): return text.contains(unknownText) ? .unknown : .string(text)
        case .number, .bool: return TerraformValue.string(value).map(Node.string) ?? .other
        case .list(let items), .tuple(let items), .set(let items): return .list(items.map(node))
        case .map(let members), .object(let members): return .object(members.mapValues(node))
        case .unknown, .partial: return .unknown
        default: return .other
        }
    }

    /// `jsondecode(text)`, evaluated as Terraform would.
    private static let decoder: HCLExpression? = try? HCLFile.parseExpression("jsondecode(text)", path: "<policy>")

    /// Parses a JSON policy; unknown when it does not parse (text known only after apply in a
    /// place JSON cannot hold it).
    static func document(json text: String) -> Setting<PolicyDocument> {
        guard let decoder,
              let value = try? Evaluator(context: EvaluationContext(scope: ["text": .string(text)])).evaluate(decoder) else {
            return .unknown
        }
        return document(node(value))
    }

    static func document(_ root: Node) -> Setting<PolicyDocument> {
        guard case .object(let members) = root else { return .unknown }
        let items: [Node]
        switch members["Statement"] {
        case .list(let list)?: items = list
        case .object?: items = [members["Statement"]!]
        default: return .unknown
        }
        var statements: [PolicyDocument.Statement] = []
        for item in items {
            guard case .object(let statement) = item else { return .unknown }
            guard case .string(let effect)? = statement["Effect"] else { return .unknown }
            guard let actions = strings(statement["Action"], strict: true),
                  let notActions = strings(statement["NotAction"], strict: true) else { return .unknown }
            let resources = strings(statement["Resource"], strict: false) ?? []
            var principals: [String] = []
            switch statement["Principal"] {
            case .string(let text)?: principals = [text]
            case .object(let kinds)?: principals = kinds.keys.sorted().flatMap { strings(kinds[$0], strict: false) ?? [] }
            case .unknown?: principals = [unknownText]
            default: break
            }
            var conditions: [String: [String: [String]]] = [:]
            switch statement["Condition"] {
            case nil: break
            case .object(let operators)?:
                for (name, keys) in operators {
                    guard case .object(let pairs) = keys else { return .unknown }
                    for (key, values) in pairs {
                        guard let values = strings(values, strict: true) else { return .unknown }
                        conditions[name, default: [:]][key] = values
                    }
                }
            default: return .unknown
            }
            statements.append(PolicyDocument.Statement(effect: effect, actions: actions, notActions: notActions,
                                                       resources: resources, principals: principals, conditions: conditions))
        }
        return .known(PolicyDocument(statements: statements))
    }

    /// A string or list of strings; `[]` when absent. With `strict`, any part known only after
    /// apply makes the result nil; otherwise it reads as ``unknownText``.
    static func strings(_ node: Node?, strict: Bool) -> [String]? {
        guard let node else { return [] }
        switch node {
        case .string(let text): return [text]
        case .list(let items):
            var result: [String] = []
            for item in items {
                switch item {
                case .string(let text): result.append(text)
                default:
                    if strict { return nil }
                    result.append(unknownText)
                }
            }
            return result
        default:
            return strict ? nil : [unknownText]
        }
    }
}
