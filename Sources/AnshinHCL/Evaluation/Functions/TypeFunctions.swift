/// Terraform's type conversion functions and the sensitivity functions.
enum TypeFunctions {
    static let all: [Function] = [
        conversion("tobool", to: .bool),
        conversion("tonumber", to: .number),
        conversion("tostring", to: .string),
        conversion("tolist", to: .list(.dynamic)),
        conversion("toset", to: .set(.dynamic)),
        conversion("tomap", to: .map(.dynamic)),
        Function("sensitive", arity: 1...1, unknown: .raw) { args, _ throws(FunctionError) in args[0].marked(true) },
        Function("nonsensitive", arity: 1...1, unknown: .raw) { args, _ throws(FunctionError) in args[0].deepUnmarked },
        Function("issensitive", arity: 1...1, unknown: .raw) { args, _ throws(FunctionError) in .bool(args[0].isSensitive) },
    ]

    /// A `toX` function: null stays null, unknown becomes unknown of the type, marks are kept.
    private static func conversion(_ name: String, to type: ValueType) -> Function {
        Function(name, arity: 1...1, unknown: .raw) { args, _ throws(FunctionError) in
            let value = args[0]
            if value.isNull { return value }
            if !value.isKnown { return .unknown(type) }
            if case .set = type, !value.unmarked.isWhollyKnown { return Value.unknown(type).marked(value.containsSensitive) }
            do throws(ConversionError) {
                return try value.converted(to: type)
            } catch {
                throw FunctionError("Invalid value for \"v\" parameter: \(error.message)")
            }
        }
    }
}
