/// A Terraform type or type constraint, as written in a variable's `type` argument.
public indirect enum ValueType: Sendable, Hashable, CustomStringConvertible {
    /// `any`: the type is decided by the value.
    case dynamic
    /// `bool`.
    case bool
    /// `number`.
    case number
    /// `string`.
    case string
    /// `list(T)`.
    case list(ValueType)
    /// `set(T)`.
    case set(ValueType)
    /// `map(T)`.
    case map(ValueType)
    /// `tuple([T, ...])`.
    case tuple([ValueType])
    /// `object({ name = T, ... })`; `optional` holds the optional attributes with their default
    /// (`null` when `optional(T)` has none).
    case object([String: ValueType], optional: [String: Value] = [:])

    /// The type in Terraform's syntax, e.g. `list(object({ name = string }))`.
    public var description: String {
        switch self {
        case .dynamic: "any"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .list(let element): "list(\(element))"
        case .set(let element): "set(\(element))"
        case .map(let element): "map(\(element))"
        case .tuple(let elements): "tuple([" + elements.map(\.description).joined(separator: ", ") + "])"
        case .object(let attributes, let optional):
            "object({" + attributes.keys.sorted().map { key in
                let type = attributes[key]?.description ?? "any"
                return "\(key)=" + (optional[key] != nil ? "optional(\(type))" : type)
            }.joined(separator: ", ") + "})"
        }
    }

    /// Whether the type is a primitive (`bool`, `number` or `string`).
    public var isPrimitive: Bool {
        switch self {
        case .bool, .number, .string: true
        default: false
        }
    }
}

/// Why a value could not be converted to a type; the message reads as Terraform's.
public struct ConversionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, e.g. `a number is required`.
    public var message: String

    /// Creates a conversion error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

extension Value {
    /// The value converted to `type` with Terraform's automatic conversions: strings to and from
    /// numbers and bools, tuples to lists and sets, objects to maps, optional object attributes
    /// filled with their defaults. Unknown values stay unknown (now of that type); sensitive marks
    /// are kept.
    public func converted(to type: ValueType) throws(ConversionError) -> Value {
        if case .dynamic = type { return self }
        switch self {
        case .sensitive(let inner): return .sensitive(try inner.converted(to: type))
        case .null: return .null
        case .unknown, .partial: return .unknown(type)
        default: break
        }
        switch type {
        case .dynamic:
            return self
        case .bool:
            switch self {
            case .bool: return self
            case .string(let text):
                if text == "true" { return .bool(true) }
                if text == "false" { return .bool(false) }
                throw ConversionError("cannot convert \(Value.quote(text)) to bool; only the strings \"true\" or \"false\" are allowed")
            default: throw ConversionError("bool required, but have \(typeName)")
            }
        case .number:
            switch self {
            case .number: return self
            case .string(let text):
                guard let number = Number(parsing: text) else {
                    throw ConversionError("cannot convert \(Value.quote(text)) to number; given string must be a decimal representation of a number")
                }
                return .number(number)
            default: throw ConversionError("number required, but have \(typeName)")
            }
        case .string:
            switch self {
            case .string: return self
            case .number(let number): return .string(number.description)
            case .bool(let flag): return .string(flag ? "true" : "false")
            default: throw ConversionError("string required, but have \(typeName)")
            }
        case .list(let elementType), .set(let elementType):
            guard let elements = sequenceElements else {
                throw ConversionError("\(type.isSet ? "set" : "list") of \(elementType) required, but have \(typeName)")
            }
            var converted: [Value] = []
            for (index, element) in elements.enumerated() {
                do throws(ConversionError) {
                    converted.append(try element.converted(to: elementType))
                } catch {
                    throw ConversionError("element \(index): \(error.message)")
                }
            }
            if case .dynamic = elementType { converted = try Value.unify(converted) }
            return type.isSet ? Value.makeSet(converted) : .list(converted)
        case .map(let elementType):
            guard let members = members else { throw ConversionError("map of \(elementType) required, but have \(typeName)") }
            var converted: [String: Value] = [:]
            for key in members.keys.sorted() {
                do throws(ConversionError) {
                    converted[key] = try members[key]?.converted(to: elementType)
                } catch {
                    throw ConversionError("element \(Value.quote(key)): \(error.message)")
                }
            }
            if case .dynamic = elementType {
                let keys = converted.keys.sorted()
                let unified = try Value.unify(keys.map { converted[$0] ?? .null })
                converted = Dictionary(uniqueKeysWithValues: zip(keys, unified))
            }
            return .map(converted)
        case .tuple(let elementTypes):
            guard let elements = sequenceElements else { throw ConversionError("tuple required, but have \(typeName)") }
            guard elements.count == elementTypes.count else {
                throw ConversionError("tuple required with \(elementTypes.count) elements, but have \(elements.count)")
            }
            var converted: [Value] = []
            for (element, elementType) in zip(elements, elementTypes) { converted.append(try element.converted(to: elementType)) }
            return .tuple(converted)
        case .object(let attributes, let optional):
            guard let members = members else { throw ConversionError("object required, but have \(typeName)") }
            var converted: [String: Value] = [:]
            for name in attributes.keys.sorted() {
                let attributeType = attributes[name] ?? .dynamic
                if let value = members[name], !(value.isNull && optional[name] != nil) {
                    do throws(ConversionError) {
                        converted[name] = try value.converted(to: attributeType)
                    } catch {
                        throw ConversionError("attribute \(Value.quote(name)): \(error.message)")
                    }
                } else if let fallback = optional[name] {
                    converted[name] = try fallback.converted(to: attributeType)
                } else {
                    throw ConversionError("attribute \(Value.quote(name)) is required")
                }
            }
            return .object(converted)
        }
    }

    /// The elements of a list, tuple or set.
    var sequenceElements: [Value]? {
        switch self {
        case .list(let elements), .tuple(let elements), .set(let elements): elements
        default: nil
        }
    }

    /// Converts elements to one common type as Terraform does for `tolist`, `toset` and `tomap`:
    /// mixed primitives become strings; otherwise the elements must already agree.
    static func unify(_ values: [Value]) throws(ConversionError) -> [Value] {
        let kinds = Set(values.filter { $0.isKnown && !$0.isNull }.map { $0.unmarked.typeName })
        guard kinds.count > 1 else { return values }
        if kinds.isSubset(of: ["string", "number", "bool"]) {
            if kinds == ["number", "bool"] {
                throw ConversionError("all elements must have the same type")
            }
            var result: [Value] = []
            for value in values { result.append(try value.converted(to: .string)) }
            return result
        }
        if kinds.isSubset(of: ["object", "map"]) {
            return values.map { value in
                guard let members = value.members else { return value }
                return .map(members)
            }
        }
        if kinds.isSubset(of: ["tuple", "list"]) {
            return values.map { value in
                guard let elements = value.sequenceElements else { return value }
                return .list(elements)
            }
        }
        throw ConversionError("all elements must have the same type")
    }
}

extension ValueType {
    var isSet: Bool {
        if case .set = self { true } else { false }
    }
}
