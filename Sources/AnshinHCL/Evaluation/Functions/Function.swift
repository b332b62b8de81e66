/// Why a function call failed; the evaluator adds the position of the call.
public struct FunctionError: Error, Sendable, Hashable {
    /// The explanation, e.g. `Invalid value for "number" parameter: a number is required`.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }
}

/// What a function needs from its surroundings: where relative paths start, and the function
/// table for `templatefile`.
public struct FunctionEnvironment: Sendable {
    /// The directory relative paths are resolved against.
    public var baseDirectory: String
    /// The functions available to templates rendered by `templatefile`.
    public var functions: FunctionTable

    /// Creates an environment.
    public init(baseDirectory: String, functions: FunctionTable) {
        self.baseDirectory = baseDirectory
        self.functions = functions
    }
}

/// A function callable from expressions.
public struct Function: Sendable {
    /// How unknown arguments are handled before the implementation runs.
    public enum UnknownPolicy: Sendable {
        /// Any argument that is not wholly known makes the result unknown (most functions: the
        /// result depends on every part of every argument).
        case deep
        /// Only an argument that is itself unknown makes the result unknown; known collections
        /// with unknown elements reach the implementation (`length`, `concat`, `element`...).
        case shallow
        /// The implementation sees every argument as is, marks included (`sensitive`).
        case raw
    }

    /// The signature of an implementation: arguments after unknown and sensitivity handling.
    public typealias Implementation = @Sendable ([Value], FunctionEnvironment) throws(FunctionError) -> Value

    /// The function's name.
    public var name: String
    /// The accepted number of arguments.
    public var arity: ClosedRange<Int>
    /// The unknown-argument handling.
    public var unknownPolicy: UnknownPolicy
    /// The implementation.
    public var implementation: Implementation

    /// Creates a function.
    public init(_ name: String, arity: ClosedRange<Int>, unknown: UnknownPolicy = .deep,
                _ implementation: @escaping Implementation) {
        self.name = name
        self.arity = arity
        self.unknownPolicy = unknown
        self.implementation = implementation
    }

    /// Calls the function: checks the argument count, short-circuits unknown arguments according
    /// to ``unknownPolicy``, strips sensitive marks and puts one on the result if any argument had one.
    public func call(_ arguments: [Value], environment: FunctionEnvironment) throws(FunctionError) -> Value {
        guard arity.contains(arguments.count) else {
            let expected = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)"
                : arity.upperBound == Int.max ? "at least \(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)"
            throw FunctionError("Function \"\(name)\" expects \(expected) argument\(arity.upperBound == 1 ? "" : "s"), got \(arguments.count)")
        }
        switch unknownPolicy {
        case .raw:
            return try implementation(arguments, environment)
        case .deep:
            if arguments.contains(where: { !$0.isWhollyKnown }) { return .unknownValue }
        case .shallow:
            if arguments.contains(where: { !$0.isKnown }) { return .unknownValue }
        }
        let sensitive = arguments.contains { $0.containsSensitive }
        let result = try implementation(sensitive ? arguments.map(\.deepUnmarked) : arguments, environment)
        return result.marked(sensitive)
    }
}

/// The functions callable by name.
public struct FunctionTable: Sendable {
    /// Functions by name.
    public var functions: [String: Function]

    /// Creates a table from a list of functions.
    public init(_ functions: [Function]) {
        var table: [String: Function] = [:]
        for function in functions { table[function.name] = function }
        self.functions = table
    }

    /// The function with this name.
    public subscript(name: String) -> Function? { functions[name] }

    /// Every function name, sorted.
    public var names: [String] { functions.keys.sorted() }

    /// Terraform's built-in functions that this evaluator implements. `try` and `can` are part of
    /// the evaluator, since they take unevaluated expressions.
    public static let terraform = FunctionTable(
        NumericFunctions.all + StringFunctions.all + CollectionFunctions.all + EncodingFunctions.all
            + FilesystemFunctions.all + TypeFunctions.all + NetworkFunctions.all + HashFunctions.all + DateFunctions.all)
}

// MARK: - Argument helpers

/// Reads typed parameters from function arguments, converting as Terraform does and naming the
/// parameter in errors.
enum Arguments {
    static func invalid(_ parameter: String, _ message: String) -> FunctionError {
        FunctionError("Invalid value for \"\(parameter)\" parameter: \(message)")
    }

    static func string(_ value: Value, _ parameter: String) throws(FunctionError) -> String {
        if value.isNull { throw invalid(parameter, "argument must not be null") }
        do throws(ConversionError) {
            guard let text = try value.converted(to: .string).stringValue else { throw ConversionError("string required") }
            return text
        } catch {
            throw invalid(parameter, error.message)
        }
    }

    static func number(_ value: Value, _ parameter: String) throws(FunctionError) -> Number {
        if value.isNull { throw invalid(parameter, "argument must not be null") }
        do throws(ConversionError) {
            guard let number = try value.converted(to: .number).numberValue else { throw ConversionError("number required") }
            return number
        } catch {
            throw invalid(parameter, error.message)
        }
    }

    static func int(_ value: Value, _ parameter: String) throws(FunctionError) -> Int {
        let number = try number(value, parameter)
        guard let integer = number.intValue else { throw invalid(parameter, "value must be a whole number") }
        return integer
    }

    static func bool(_ value: Value, _ parameter: String) throws(FunctionError) -> Bool {
        if value.isNull { throw invalid(parameter, "argument must not be null") }
        do throws(ConversionError) {
            guard let flag = try value.converted(to: .bool).boolValue else { throw ConversionError("bool required") }
            return flag
        } catch {
            throw invalid(parameter, error.message)
        }
    }

    /// The elements of a list, tuple or set.
    static func sequence(_ value: Value, _ parameter: String) throws(FunctionError) -> [Value] {
        if value.isNull { throw invalid(parameter, "argument must not be null") }
        guard let elements = value.sequenceElements else { throw invalid(parameter, "list of any single type required") }
        return elements
    }

    /// The members of a map or object.
    static func mapping(_ value: Value, _ parameter: String) throws(FunctionError) -> [String: Value] {
        if value.isNull { throw invalid(parameter, "argument must not be null") }
        guard let members = value.members else { throw invalid(parameter, "map of any single type required") }
        return members
    }

    /// The strings of a list, tuple or set of strings.
    static func strings(_ value: Value, _ parameter: String) throws(FunctionError) -> [String] {
        var result: [String] = []
        for element in try sequence(value, parameter) { result.append(try string(element, parameter)) }
        return result
    }

    /// A list result: a `list` when every element has the same kind, a `tuple` otherwise.
    static func list(_ elements: [Value]) -> Value {
        let kinds = Set(elements.filter { !$0.isNull && $0.isKnown }.map(\.typeName))
        return kinds.count <= 1 ? .list(elements) : .tuple(elements)
    }
}
