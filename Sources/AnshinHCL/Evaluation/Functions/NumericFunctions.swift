import Foundation

/// Terraform's numeric functions.
enum NumericFunctions {
    static let all: [Function] = [
        Function("abs", arity: 1...1) { args, _ throws(FunctionError) in
            let n = try Arguments.number(args[0], "num")
            return .number(n < Number(0) ? -n : n)
        },
        Function("ceil", arity: 1...1) { args, _ throws(FunctionError) in
            .number(Number(Foundation.ceil(try Arguments.number(args[0], "num").doubleValue)))
        },
        Function("floor", arity: 1...1) { args, _ throws(FunctionError) in
            .number(Number(Foundation.floor(try Arguments.number(args[0], "num").doubleValue)))
        },
        Function("log", arity: 2...2) { args, _ throws(FunctionError) in
            let n = try Arguments.number(args[0], "num").doubleValue, base = try Arguments.number(args[1], "base").doubleValue
            return .number(Number(Foundation.log(n) / Foundation.log(base)))
        },
        Function("max", arity: 1...Int.max) { args, _ throws(FunctionError) in
            var best = try Arguments.number(args[0], "numbers")
            for arg in args.dropFirst() { best = Swift.max(best, try Arguments.number(arg, "numbers")) }
            return .number(best)
        },
        Function("min", arity: 1...Int.max) { args, _ throws(FunctionError) in
            var best = try Arguments.number(args[0], "numbers")
            for arg in args.dropFirst() { best = Swift.min(best, try Arguments.number(arg, "numbers")) }
            return .number(best)
        },
        Function("parseint", arity: 2...2) { args, _ throws(FunctionError) in
            let text = try Arguments.string(args[0], "number"), base = try Arguments.int(args[1], "base")
            guard (2...62).contains(base) else { throw Arguments.invalid("base", "base must be a whole number between 2 and 62 inclusive") }
            guard let value = parseInteger(text, base: base) else {
                throw Arguments.invalid("number", "cannot parse \(Value.quote(text)) as a base \(base) integer")
            }
            return .int(value)
        },
        Function("pow", arity: 2...2) { args, _ throws(FunctionError) in
            let base = try Arguments.number(args[0], "num"), exponent = try Arguments.number(args[1], "power")
            if let b = base.intValue, let e = exponent.intValue, e >= 0, e < 64 {
                var result = Number(1)
                for _ in 0..<e { result = result * Number(b) }
                return .number(result)
            }
            return .number(Number(Foundation.pow(base.doubleValue, exponent.doubleValue)))
        },
        Function("signum", arity: 1...1) { args, _ throws(FunctionError) in
            let n = try Arguments.number(args[0], "num")
            return .int(n < Number(0) ? -1 : n == Number(0) ? 0 : 1)
        },
    ]

    /// Parses an integer in bases up to 62: digits, then `a-z`, then `A-Z` (case-insensitive up to 36).
    static func parseInteger(_ text: String, base: Int) -> Int? {
        var characters = Substring(text)
        var negative = false
        if characters.first == "-" || characters.first == "+" {
            negative = characters.first == "-"
            characters = characters.dropFirst()
        }
        guard !characters.isEmpty else { return nil }
        var value = 0
        for character in characters {
            guard let ascii = character.asciiValue else { return nil }
            let digit: Int
            switch ascii {
            case 48...57: digit = Int(ascii) - 48
            case 97...122: digit = Int(ascii) - 97 + 10
            case 65...90: digit = Int(ascii) - 65 + (base <= 36 ? 10 : 36)
            default: return nil
            }
            guard digit < base else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: base)
            let (sum, overflow2) = shifted.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = sum
        }
        return negative ? -value : value
    }
}
