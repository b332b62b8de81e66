import Foundation

/// A Terraform value: the result of evaluating an expression, modelled on Terraform's type system
/// (go-cty).
///
/// Collections keep Terraform's distinctions: a `list` has elements of one type and a `tuple` may
/// mix them; a `map` has values of one type and an `object` may mix them; a `set` holds unique
/// elements in Terraform's order. Map and object keys are unordered; every operation that lists
/// them sorts them lexically, as Terraform does.
///
/// Two cases stand for what is not known before `terraform apply`:
/// - ``unknown(_:)`` is a value that does not exist yet, with its type when that is known;
/// - ``partial(_:)`` is a resource or data source object: the attributes set in configuration are
///   known, every other attribute is unknown.
///
/// ``sensitive(_:)`` marks a value that Terraform would redact (`sensitive = true` variables,
/// `sensitive()`); operations on marked values produce marked results.
public indirect enum Value: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number.
    case number(Number)
    /// A string.
    case string(String)
    /// `list(T)`: elements of one type.
    case list([Value])
    /// `tuple([...])`: elements of any types, as written in `[a, b]`.
    case tuple([Value])
    /// `set(T)`: unique elements, kept in ``Value/setOrder(_:_:)`` order.
    case set([Value])
    /// `map(T)`: string keys to values of one type.
    case map([String: Value])
    /// `object({...})`: named attributes of any types, as written in `{ a = 1 }`.
    case object([String: Value])
    /// A value only known after apply; the type when it is known, ``ValueType/dynamic`` otherwise.
    case unknown(ValueType)
    /// An object whose attributes set in configuration are known and all others are unknown.
    case partial([String: Value])
    /// A value Terraform treats as sensitive.
    case sensitive(Value)

    /// An unknown value of unknown type.
    public static let unknownValue = Value.unknown(.dynamic)

    /// Creates a number value from an integer.
    public static func int(_ value: Int) -> Value { .number(Number(value)) }

    /// Creates a number value from a double.
    public static func double(_ value: Double) -> Value { .number(Number(value)) }
}

// MARK: - Inspection

extension Value {
    /// Whether the value is `null` (a sensitive null included).
    public var isNull: Bool {
        switch self {
        case .null: true
        case .sensitive(let inner): inner.isNull
        default: false
        }
    }

    /// Whether the value itself is known; its elements may still be unknown.
    public var isKnown: Bool {
        switch self {
        case .unknown, .partial: false
        case .sensitive(let inner): inner.isKnown
        default: true
        }
    }

    /// Whether the value and everything inside it is known.
    public var isWhollyKnown: Bool {
        switch self {
        case .null, .bool, .number, .string: true
        case .unknown, .partial: false
        case .list(let elements), .tuple(let elements), .set(let elements): elements.allSatisfy(\.isWhollyKnown)
        case .map(let members), .object(let members): members.values.allSatisfy(\.isWhollyKnown)
        case .sensitive(let inner): inner.isWhollyKnown
        }
    }

    /// Whether the value or anything inside it is marked sensitive.
    public var containsSensitive: Bool {
        switch self {
        case .sensitive: true
        case .list(let elements), .tuple(let elements), .set(let elements): elements.contains { $0.containsSensitive }
        case .map(let members), .object(let members), .partial(let members):
            members.values.contains { $0.containsSensitive }
        default: false
        }
    }

    /// Whether this value itself carries the sensitive mark.
    public var isSensitive: Bool {
        if case .sensitive = self { true } else { false }
    }

    /// The value without its own sensitive mark (marks inside collections stay).
    public var unmarked: Value {
        if case .sensitive(let inner) = self { inner.unmarked } else { self }
    }

    /// The value with every sensitive mark removed, at every depth.
    public var deepUnmarked: Value {
        switch self {
        case .sensitive(let inner): inner.deepUnmarked
        case .list(let elements): .list(elements.map(\.deepUnmarked))
        case .tuple(let elements): .tuple(elements.map(\.deepUnmarked))
        case .set(let elements): .set(elements.map(\.deepUnmarked))
        case .map(let members): .map(members.mapValues(\.deepUnmarked))
        case .object(let members): .object(members.mapValues(\.deepUnmarked))
        case .partial(let members): .partial(members.mapValues(\.deepUnmarked))
        default: self
        }
    }

    /// The value marked sensitive when `flag` is true.
    public func marked(_ flag: Bool) -> Value {
        guard flag, !isSensitive else { return self }
        return .sensitive(self)
    }

    /// The string, when the value is a known string.
    public var stringValue: String? {
        switch self {
        case .string(let text): text
        case .sensitive(let inner): inner.stringValue
        default: nil
        }
    }

    /// The boolean, when the value is a known bool.
    public var boolValue: Bool? {
        switch self {
        case .bool(let flag): flag
        case .sensitive(let inner): inner.boolValue
        default: nil
        }
    }

    /// The number, when the value is a known number.
    public var numberValue: Number? {
        switch self {
        case .number(let number): number
        case .sensitive(let inner): inner.numberValue
        default: nil
        }
    }

    /// The elements, when the value is a known list, tuple or set.
    public var elements: [Value]? {
        switch self {
        case .list(let elements), .tuple(let elements), .set(let elements): elements
        case .sensitive(let inner): inner.elements
        default: nil
        }
    }

    /// The members, when the value is a known map or object.
    public var members: [String: Value]? {
        switch self {
        case .map(let members), .object(let members): members
        case .sensitive(let inner): inner.members
        default: nil
        }
    }

    /// An attribute or map element by name: `nil` when absent, unknown when the object is not known.
    public subscript(name: String) -> Value? {
        switch self {
        case .map(let members), .object(let members): members[name]
        case .partial(let members): members[name] ?? .unknownValue
        case .unknown: .unknownValue
        case .sensitive(let inner): inner[name].map { $0.marked(true) }
        default: nil
        }
    }

    /// An element by position: `nil` when out of range or not a sequence, unknown when not known.
    public subscript(index: Int) -> Value? {
        switch self {
        case .list(let elements), .tuple(let elements):
            elements.indices.contains(index) ? elements[index] : nil
        case .unknown: .unknownValue
        case .sensitive(let inner): inner[index].map { $0.marked(true) }
        default: nil
        }
    }

    /// The Terraform type of the value.
    public var type: ValueType {
        switch self {
        case .null, .unknown(.dynamic): .dynamic
        case .unknown(let type): type
        case .bool: .bool
        case .number: .number
        case .string: .string
        case .list(let elements): .list(elements.first?.type ?? .dynamic)
        case .set(let elements): .set(elements.first?.type ?? .dynamic)
        case .tuple(let elements): .tuple(elements.map(\.type))
        case .map(let members): .map(members.values.first?.type ?? .dynamic)
        case .object(let members): .object(members.mapValues(\.type))
        case .partial: .dynamic
        case .sensitive(let inner): inner.type
        }
    }

    /// A short name of the kind of value for error messages, as Terraform words them.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .list: "list"
        case .tuple: "tuple"
        case .set: "set"
        case .map: "map"
        case .object, .partial: "object"
        case .unknown(let type): type.description
        case .sensitive(let inner): inner.typeName
        }
    }
}

// MARK: - Sets

extension Value {
    /// Builds a set: unknown when an element is not wholly known (its identity is then unknown),
    /// otherwise unique elements in Terraform's order.
    public static func makeSet(_ elements: [Value]) -> Value {
        if elements.contains(where: { !$0.isWhollyKnown }) { return .unknown(.set(.dynamic)) }
        var unique: [Value] = []
        var seen: Set<Value> = []
        for element in elements where seen.insert(element).inserted { unique.append(element) }
        return .set(unique.sorted(by: setOrder))
    }

    /// Terraform's set order: strings lexically, numbers numerically, `false` before `true`, other
    /// values by their rendering (Terraform orders those by hash, which no check may rely on).
    public static func setOrder(_ lhs: Value, _ rhs: Value) -> Bool {
        switch (lhs.unmarked, rhs.unmarked) {
        case (.string(let a), .string(let b)): return Array(a.unicodeScalars.map(\.value)).lexicographicallyPrecedes(b.unicodeScalars.map(\.value))
        case (.number(let a), .number(let b)): return a < b
        case (.bool(let a), .bool(let b)): return !a && b
        default: return lhs.description < rhs.description
        }
    }
}

// MARK: - Equality as Terraform's `==`

extension Value {
    /// Terraform's `==`: `bool(true/false)`, or unknown when either side is not wholly known.
    ///
    /// Types must match exactly, as in Terraform: a tuple never equals a list, and `1 == "1"` is
    /// false. Sensitive marks are ignored here; callers re-mark the result.
    public func terraformEquals(_ other: Value) -> Value {
        let lhs = deepUnmarked, rhs = other.deepUnmarked
        if lhs.isNull || rhs.isNull {
            if lhs.isNull && rhs.isNull { return .bool(true) }
            // A known non-null value never equals null, even if its contents are unknown.
            if (lhs.isNull && rhs.isKnown) || (rhs.isNull && lhs.isKnown) { return .bool(false) }
            return .unknown(.bool)
        }
        if !lhs.isWhollyKnown || !rhs.isWhollyKnown { return .unknown(.bool) }
        return .bool(lhs == rhs)
    }
}

// MARK: - Description

extension Value: CustomStringConvertible {
    /// The value in Terraform's syntax on one line, as `terraform console` would show it compactly:
    /// `"text"`, `1.5`, `["a", 1]`, `tolist(["a"])`, `toset([...])`, `tomap({...})`, `{ a = 1 }`,
    /// `(known after apply)`, `(sensitive value)`.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return number.description
        case .string(let text): return Value.quote(text)
        case .tuple(let elements): return "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .list(let elements): return "tolist([" + elements.map(\.description).joined(separator: ", ") + "])"
        case .set(let elements): return "toset([" + elements.map(\.description).joined(separator: ", ") + "])"
        case .object(let members): return Value.describe(members)
        case .map(let members): return "tomap(" + Value.describe(members) + ")"
        case .partial(let members):
            return members.isEmpty ? "(known after apply)" : String(Value.describe(members).dropLast()) + "... }"
        case .unknown: return "(known after apply)"
        case .sensitive: return "(sensitive value)"
        }
    }

    private static func describe(_ members: [String: Value]) -> String {
        if members.isEmpty { return "{}" }
        let items = members.keys.sorted().map { key -> String in
            let name = isIdentifier(key) ? key : quote(key)
            return "\(name) = \(members[key]?.description ?? "null")"
        }
        return "{ " + items.joined(separator: ", ") + " }"
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isXIDStart || first == "_" else { return false }
        return text.unicodeScalars.allSatisfy { $0.properties.isXIDContinue }
    }

    /// A string in HCL quoted form, with `${` and `%{` escaped.
    static func quote(_ text: String) -> String {
        var result = "\""
        var previous: Character?
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "{" where previous == "$" || previous == "%":
                // `${` and `%{` are written `$${` and `%%{`.
                result.append(previous ?? "$")
                result.append("{")
            default: result.append(character)
            }
            previous = character
        }
        return result + "\""
    }
}

// MARK: - Literal conversion

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral {
    /// A string value.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A number value.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// A number value.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A bool value.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
