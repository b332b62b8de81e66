/// One SQL value: a parameter bound to a `?`, or a column of a result row.
///
/// Integers and reals convert into each other when exact, because engines differ in what they
/// return for the same query (`SUM` of a `BIGINT` is `NUMERIC` in PostgreSQL, `INTEGER` in SQLite).
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// The value as an integer: an integer, a real without a fraction, or text holding an integer.
    public var int: Int64? {
        switch self {
        case .integer(let value): return value
        case .real(let value):
            guard value.rounded() == value, abs(value) < 9.2e18 else { return nil }
            return Int64(value)
        case .text(let text): return Int64(text)
        default: return nil
        }
    }

    /// The value as a real: a real, an integer, or text holding a number.
    public var double: Double? {
        switch self {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        case .text(let text): return Double(text)
        default: return nil
        }
    }

    /// The value as text; numbers are not converted.
    public var string: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    public var bytes: [UInt8]? {
        switch self {
        case .blob(let bytes): return bytes
        case .text(let text): return Array(text.utf8)
        default: return nil
        }
    }

    public var isNull: Bool { self == .null }

    /// A boolean stored as 0 or 1.
    public var bool: Bool? { int.map { $0 != 0 } }
}

extension SQLValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByNilLiteral, ExpressibleByBooleanLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .integer(value ? 1 : 0) }
}

extension SQLValue {
    public init(_ value: Int) { self = .integer(Int64(value)) }
    public init(_ value: Int64) { self = .integer(value) }
    public init(_ value: Double) { self = .real(value) }
    public init(_ value: String) { self = .text(value) }
    public init(_ value: Bool) { self = .integer(value ? 1 : 0) }
    public init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    public init(_ value: Int64?) { self = value.map { .integer($0) } ?? .null }
    public init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    public init(_ value: Double?) { self = value.map { .real($0) } ?? .null }
}

/// One row of a result: values by column position and by name.
public struct SQLRow: Sendable, Hashable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of the column named `name` (case-insensitive), nil when there is no such column.
    public subscript(name: String) -> SQLValue? {
        if let index = columns.firstIndex(of: name) { return values[index] }
        let lower = name.lowercased()
        return columns.firstIndex { $0.lowercased() == lower }.map { values[$0] }
    }

    public subscript(index: Int) -> SQLValue { values[index] }

    /// The integer in column `name`; throws when the column is missing or holds something else.
    public func int(_ name: String) throws(StoreError) -> Int64 {
        guard let value = try self.value(name).int else { throw mismatch(name, "an integer") }
        return value
    }

    public func double(_ name: String) throws(StoreError) -> Double {
        guard let value = try self.value(name).double else { throw mismatch(name, "a number") }
        return value
    }

    public func string(_ name: String) throws(StoreError) -> String {
        guard let value = try self.value(name).string else { throw mismatch(name, "text") }
        return value
    }

    /// The value of column `name`, which must exist (it may be NULL).
    public func value(_ name: String) throws(StoreError) -> SQLValue {
        guard let value = self[name] else {
            throw StoreError(.query, "no column \"\(name)\" in the result (columns: \(columns.joined(separator: ", ")))")
        }
        return value
    }

    private func mismatch(_ name: String, _ expected: String) -> StoreError {
        StoreError(.query, "column \"\(name)\" holds \(self[name].map { "\($0)" } ?? "nothing"), expected \(expected)")
    }
}

/// The SQL engine behind a ``Store``.
public enum SQLDialect: String, Sendable, Hashable, CaseIterable {
    case sqlite
    case postgres
}
