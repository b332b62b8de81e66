import Foundation

/// A JSON value, for the JSON and REST-JSON protocols: built as a literal for request bodies and
/// read with subscripts from responses (`response["logGroups"]?.array`).
///
/// A plain enum rather than `Codable` structs per operation keeps a service client to the few
/// fields it reads, and lets pagination copy tokens between responses and requests generically.
public enum JSON: Sendable, Equatable, Encodable, CustomStringConvertible,
    ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    /// The member `key` of an object.
    public subscript(_ key: String) -> JSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var string: String? { if case .string(let value) = self { value } else { nil } }
    public var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    public var number: Double? { if case .number(let value) = self { value } else { nil } }
    public var int: Int? { number.flatMap { Int(exactly: $0.rounded(.towardZero)) } }
    public var array: [JSON]? { if case .array(let value) = self { value } else { nil } }
    public var object: [String: JSON]? { if case .object(let value) = self { value } else { nil } }

    /// A copy with member `key` set (objects only; anything else becomes an object).
    public func setting(_ key: String, to value: JSON) -> JSON {
        var members = object ?? [:]
        members[key] = value
        return .object(members)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if let integer = Int64(exactly: value) { try container.encode(integer) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses UTF-8 JSON text (an object or an array at the top).
    ///
    /// Through `JSONSerialization`, which reads a megabyte of AWS JSON about twenty times faster
    /// than decoding this enum with `JSONDecoder`.
    public static func parse(_ bytes: [UInt8]) throws -> JSON {
        JSON(foundation: try JSONSerialization.jsonObject(with: Data(bytes)))
    }

    /// Converts what `JSONSerialization` returns; booleans are the numbers of type `c`.
    private init(foundation value: Any) {
        switch value {
        case let text as String:
            self = .string(text)
        case let number as NSNumber:
            self = String(cString: number.objCType) == "c" ? .bool(number.boolValue) : .number(number.doubleValue)
        case let array as [Any]:
            self = .array(array.map(JSON.init(foundation:)))
        case let object as [String: Any]:
            self = .object(object.mapValues(JSON.init(foundation:)))
        default:
            self = .null
        }
    }

    /// The compact UTF-8 encoding, keys sorted.
    public var bytes: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(self)) ?? Data("null".utf8))
    }

    public var description: String { String(decoding: bytes, as: UTF8.self) }
}
