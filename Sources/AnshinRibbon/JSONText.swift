/// JSON with keys in the order they are given, written the same way every time: the manifest
/// and the script's configuration are generated files that must be byte-identical across builds.
indirect enum JSONText: Sendable, Hashable {
    case string(String)
    case number(Int)
    case bool(Bool)
    case null
    case array([JSONText])
    case object([(String, JSONText)])

    static func == (lhs: JSONText, rhs: JSONText) -> Bool { lhs.compact == rhs.compact }
    func hash(into hasher: inout Hasher) { hasher.combine(compact) }

    /// Indented by two spaces, one member per line; an array or object of scalars that fits in
    /// 120 characters stays on one line.
    var pretty: String {
        var out = ""
        write(into: &out, indent: "")
        return out
    }

    /// On one line, without spaces.
    var compact: String {
        switch self {
        case .string(let text): return Self.quote(text)
        case .number(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map(\.compact).joined(separator: ",") + "]"
        case .object(let members): return "{" + members.map { Self.quote($0.0) + ":" + $0.1.compact }.joined(separator: ",") + "}"
        }
    }

    /// On one line, with a space after each comma and colon.
    private var spaced: String {
        switch self {
        case .array(let items): "[" + items.map(\.spaced).joined(separator: ", ") + "]"
        case .object(let members): "{ " + members.map { Self.quote($0.0) + ": " + $0.1.spaced }.joined(separator: ", ") + " }"
        default: compact
        }
    }

    private func write(into out: inout String, indent: String) {
        if let inline = oneLine {
            out += inline
            return
        }
        switch self {
        case .array(let items) where !items.isEmpty:
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += indent + "  "
                item.write(into: &out, indent: indent + "  ")
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .object(let members) where !members.isEmpty:
            out += "{\n"
            for (index, member) in members.enumerated() {
                out += indent + "  " + Self.quote(member.0) + ": "
                member.1.write(into: &out, indent: indent + "  ")
                out += index == members.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        default:
            out += compact
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    /// The one-line form of a container of scalars, when it is short enough.
    private var oneLine: String? {
        let scalars: Bool
        switch self {
        case .array(let items): scalars = !items.isEmpty && items.allSatisfy(\.isScalar)
        case .object(let members): scalars = !members.isEmpty && members.allSatisfy(\.1.isScalar)
        default: return nil
        }
        guard scalars, spaced.count <= 120 else { return nil }
        return spaced
    }

    /// A JSON string literal; also safe inside a JavaScript source (U+2028 and U+2029 escaped).
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            case "<": out += "\\u003c"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
