import Foundation

/// A Terraform number: an exact integer while the value is integral and fits 64 bits, a binary
/// floating-point number otherwise.
///
/// Terraform computes with 512-bit floats; configurations use integers (ports, counts, sizes,
/// days) and the occasional fraction, which this two-path representation keeps exact. The
/// storage is canonical (an integral double within ±2^53 is stored as an integer), so `==` and
/// hashing compare values, not representations.
public struct Number: Sendable, Hashable, Comparable, CustomStringConvertible {
    enum Storage: Sendable, Hashable {
        case int(Int)
        case double(Double)
    }

    private(set) var storage: Storage

    /// An integer.
    public init(_ value: Int) { storage = .int(value) }

    /// A double, stored as an integer when it is integral and exactly representable.
    public init(_ value: Double) {
        if value.isFinite, value.rounded() == value, abs(value) <= 9_007_199_254_740_992 {
            storage = .int(Int(value))
        } else {
            storage = .double(value)
        }
    }

    /// Parses a decimal number as Terraform accepts it (`12`, `-1.5`, `1e3`, `0x` not allowed);
    /// nil when the text is not a number.
    public init?(parsing text: String) {
        let trimmed = text
        guard !trimmed.isEmpty else { return nil }
        if let integer = Int(trimmed) {
            self.init(integer)
            return
        }
        let allowed = Set("0123456789+-.eE")
        guard trimmed.allSatisfy({ allowed.contains($0) }), trimmed.contains(where: \.isNumber),
              let double = Double(trimmed), double.isFinite else { return nil }
        self.init(double)
    }

    /// The integer, when the number is integral and fits an `Int`.
    public var intValue: Int? {
        switch storage {
        case .int(let value): value
        case .double(let value):
            value.isFinite && value.rounded() == value && abs(value) < 9.2e18 ? Int(value) : nil
        }
    }

    /// The number as a double (rounded when an integer is beyond 2^53).
    public var doubleValue: Double {
        switch storage {
        case .int(let value): Double(value)
        case .double(let value): value
        }
    }

    /// Whether the number has no fractional part.
    public var isIntegral: Bool {
        switch storage {
        case .int: true
        case .double(let value): value.isFinite && value.rounded() == value
        }
    }

    public static func < (lhs: Number, rhs: Number) -> Bool {
        if case .int(let a) = lhs.storage, case .int(let b) = rhs.storage { return a < b }
        return lhs.doubleValue < rhs.doubleValue
    }

    /// Terraform's canonical text: integers in full, fractions in shortest round-trip form, never
    /// in exponent notation.
    public var description: String {
        switch storage {
        case .int(let value): return String(value)
        case .double(let value):
            if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
            if value.isNaN { return "NaN" }
            return Number.plainDecimal(value.description)
        }
    }

    /// Rewrites Swift's `1e-07` or `1.5e+20` as plain decimal digits.
    static func plainDecimal(_ text: String) -> String {
        guard let exponentIndex = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else {
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        }
        var mantissa = String(text[..<exponentIndex])
        guard let exponent = Int(text[text.index(after: exponentIndex)...]) else { return text }
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integerDigits = String(parts[0])
        var fractionDigits = parts.count > 1 ? String(parts[1]) : ""
        if fractionDigits == "0" { fractionDigits = "" }
        var digits = integerDigits + fractionDigits
        var point = integerDigits.count + exponent
        if point <= 0 {
            digits = String(repeating: "0", count: -point + 1) + digits
            point = 1
        } else if point > digits.count {
            digits += String(repeating: "0", count: point - digits.count)
        }
        var integerPart = String(digits.prefix(point))
        var fractionPart = String(digits.dropFirst(point))
        while fractionPart.hasSuffix("0") { fractionPart.removeLast() }
        while integerPart.count > 1 && integerPart.hasPrefix("0") { integerPart.removeFirst() }
        let body = fractionPart.isEmpty ? integerPart : integerPart + "." + fractionPart
        return negative ? "-" + body : body
    }
}

// MARK: - Arithmetic

extension Number {
    /// `lhs + rhs`, exact for integers unless they overflow.
    public static func + (lhs: Number, rhs: Number) -> Number {
        if case .int(let a) = lhs.storage, case .int(let b) = rhs.storage {
            let (sum, overflow) = a.addingReportingOverflow(b)
            if !overflow { return Number(sum) }
        }
        return Number(lhs.doubleValue + rhs.doubleValue)
    }

    /// `lhs - rhs`.
    public static func - (lhs: Number, rhs: Number) -> Number {
        if case .int(let a) = lhs.storage, case .int(let b) = rhs.storage {
            let (difference, overflow) = a.subtractingReportingOverflow(b)
            if !overflow { return Number(difference) }
        }
        return Number(lhs.doubleValue - rhs.doubleValue)
    }

    /// `lhs * rhs`.
    public static func * (lhs: Number, rhs: Number) -> Number {
        if case .int(let a) = lhs.storage, case .int(let b) = rhs.storage {
            let (product, overflow) = a.multipliedReportingOverflow(by: b)
            if !overflow { return Number(product) }
        }
        return Number(lhs.doubleValue * rhs.doubleValue)
    }

    /// `lhs / rhs`; nil when dividing by zero. Exact when an integer divides another.
    public func divided(by rhs: Number) -> Number? {
        if rhs.doubleValue == 0 { return nil }
        if case .int(let a) = storage, case .int(let b) = rhs.storage, b != -1 || a != .min, a % b == 0 {
            return Number(a / b)
        }
        return Number(doubleValue / rhs.doubleValue)
    }

    /// `lhs % rhs` with the sign of the dividend, as in Terraform; nil when dividing by zero.
    public func remainder(dividingBy rhs: Number) -> Number? {
        if rhs.doubleValue == 0 { return nil }
        if case .int(let a) = storage, case .int(let b) = rhs.storage {
            return b == -1 ? Number(0) : Number(a % b)
        }
        return Number(fmod(doubleValue, rhs.doubleValue))
    }

    /// `-self`.
    public static prefix func - (operand: Number) -> Number {
        if case .int(let a) = operand.storage, a != .min { return Number(-a) }
        return Number(-operand.doubleValue)
    }
}
