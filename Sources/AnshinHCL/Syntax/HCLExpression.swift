/// An HCL expression. Every node carries its exact source range.
///
/// Splats follow the HCL model: `source.*.name` becomes a ``Splat`` whose `each` expression is
/// evaluated once per element, with ``HCLExpression/splatElement(_:)`` standing for the element.
public indirect enum HCLExpression: Sendable, Hashable {
    /// A number, `true`, `false` or `null`.
    case literal(Literal)
    /// A quoted string or heredoc, possibly with interpolations and directives.
    case template(Template)
    /// A bare name such as `var` in `var.region`.
    case variable(Variable)
    /// `name(arguments)` or `provider::aws::name(arguments)`.
    case functionCall(FunctionCall)
    /// `[a, b]`.
    case tuple(Tuple)
    /// `{ key = value }`.
    case object(ObjectConstructor)
    /// `[for ...]` or `{for ...}`.
    case forExpression(ForExpression)
    /// `collection[key]`, or the legacy `collection.0`.
    case index(Index)
    /// `object.name`.
    case getAttribute(GetAttribute)
    /// `source.*.name` or `source[*].name`.
    case splat(Splat)
    /// The element currently visited by the enclosing splat's `each` expression; its range is
    /// the splat operator.
    case splatElement(SourceRange)
    /// `!x` or `-x`.
    case unary(UnaryOperation)
    /// `a op b`.
    case binary(BinaryOperation)
    /// `condition ? a : b`.
    case conditional(Conditional)
    /// `(expression)`, kept so ranges and object-key semantics stay exact.
    case parenthesized(Parenthesized)

    /// The source the expression covers.
    public var range: SourceRange {
        switch self {
        case .literal(let node): node.range
        case .template(let node): node.range
        case .variable(let node): node.range
        case .functionCall(let node): node.range
        case .tuple(let node): node.range
        case .object(let node): node.range
        case .forExpression(let node): node.range
        case .index(let node): node.range
        case .getAttribute(let node): node.range
        case .splat(let node): node.range
        case .splatElement(let range): range
        case .unary(let node): node.range
        case .binary(let node): node.range
        case .conditional(let node): node.range
        case .parenthesized(let node): node.range
        }
    }

    /// The direct subexpressions, in source order (template parts included).
    public var children: [HCLExpression] {
        switch self {
        case .literal, .variable, .splatElement: []
        case .template(let node): node.parts.flatMap(\.expressions)
        case .functionCall(let node): node.arguments
        case .tuple(let node): node.elements
        case .object(let node): node.items.flatMap { [$0.key, $0.value] }
        case .forExpression(let node):
            [node.collection] + [node.keyExpression, node.valueExpression, node.condition].compactMap { $0 }
        case .index(let node): [node.collection, node.key]
        case .getAttribute(let node): [node.object]
        case .splat(let node): [node.source, node.each]
        case .unary(let node): [node.operand]
        case .binary(let node): [node.lhs, node.rhs]
        case .conditional(let node): [node.condition, node.trueResult, node.falseResult]
        case .parenthesized(let node): [node.expression]
        }
    }
}

/// A name with its source, as used for iterator variables.
public struct Name: Sendable, Hashable {
    /// The identifier.
    public var value: String
    /// Its source.
    public var range: SourceRange

    /// Creates a name.
    public init(_ value: String, range: SourceRange) {
        self.value = value
        self.range = range
    }
}

/// A literal value.
public struct Literal: Sendable, Hashable {
    /// The value kinds that can be written literally.
    public enum Value: Sendable, Hashable {
        /// A decimal number exactly as written (e.g. `1.5e3`), so no precision is lost.
        case number(String)
        /// `true` or `false`.
        case bool(Bool)
        /// `null`.
        case null
    }

    /// The value.
    public var value: Value
    /// Its source.
    public var range: SourceRange

    /// Creates a literal.
    public init(_ value: Value, range: SourceRange) {
        self.value = value
        self.range = range
    }
}

/// A reference to a variable by name: the root of a traversal such as `var.x`.
public struct Variable: Sendable, Hashable {
    /// The name.
    public var name: String
    /// Its source.
    public var range: SourceRange

    /// Creates a variable reference.
    public init(name: String, range: SourceRange) {
        self.name = name
        self.range = range
    }
}

/// A function call.
public struct FunctionCall: Sendable, Hashable {
    /// The function name, namespaced names joined with `::` (`provider::aws::arn_parse`).
    public var name: String
    /// The source of the name.
    public var nameRange: SourceRange
    /// The arguments in order.
    public var arguments: [HCLExpression]
    /// Whether the last argument ends with `...` and expands into separate arguments.
    public var expandsFinalArgument: Bool
    /// From the name to the closing parenthesis.
    public var range: SourceRange

    /// Creates a function call.
    public init(name: String, nameRange: SourceRange, arguments: [HCLExpression], expandsFinalArgument: Bool,
                range: SourceRange) {
        self.name = name
        self.nameRange = nameRange
        self.arguments = arguments
        self.expandsFinalArgument = expandsFinalArgument
        self.range = range
    }
}

/// A tuple constructor.
public struct Tuple: Sendable, Hashable {
    /// The elements.
    public var elements: [HCLExpression]
    /// From `[` to `]`.
    public var range: SourceRange

    /// Creates a tuple constructor.
    public init(elements: [HCLExpression], range: SourceRange) {
        self.elements = elements
        self.range = range
    }
}

/// An object constructor.
public struct ObjectConstructor: Sendable, Hashable {
    /// The items in source order.
    public var items: [ObjectItem]
    /// From `{` to `}`.
    public var range: SourceRange

    /// Creates an object constructor.
    public init(items: [ObjectItem], range: SourceRange) {
        self.items = items
        self.range = range
    }
}

/// One `key = value` or `key: value` item of an object constructor.
///
/// Per the HCL spec a key that is a bare identifier names the attribute literally (`a = 1` has
/// key `"a"`, not the value of variable `a`); write `(a) = 1` to use the variable. Such keys are
/// kept as ``HCLExpression/variable(_:)`` and ``literalKey`` resolves them.
public struct ObjectItem: Sendable, Hashable {
    /// The key expression as written.
    public var key: HCLExpression
    /// The value expression.
    public var value: HCLExpression
    /// From the key to the end of the value.
    public var range: SourceRange

    /// Creates an item.
    public init(key: HCLExpression, value: HCLExpression, range: SourceRange) {
        self.key = key
        self.value = value
        self.range = range
    }

    /// The key as a string when it is known without evaluation: a bare identifier, a literal-only
    /// template, or a number or boolean literal.
    public var literalKey: String? {
        switch key {
        case .variable(let variable): variable.name
        case .template(let template): template.literalValue
        case .literal(let literal):
            switch literal.value {
            case .number(let text): text
            case .bool(let value): value ? "true" : "false"
            case .null: nil
            }
        default: nil
        }
    }
}

/// A `for` expression.
public struct ForExpression: Sendable, Hashable {
    /// The key or index variable in `for k, v in ...`, if present.
    public var keyVariable: Name?
    /// The value variable.
    public var valueVariable: Name
    /// The collection iterated over.
    public var collection: HCLExpression
    /// The key expression before `=>` in the object form; nil in the tuple form.
    public var keyExpression: HCLExpression?
    /// The value expression.
    public var valueExpression: HCLExpression
    /// The `if` filter, if present.
    public var condition: HCLExpression?
    /// Whether the object form groups values with `...`.
    public var isGrouping: Bool
    /// From the opening to the closing bracket.
    public var range: SourceRange

    /// Creates a for expression.
    public init(keyVariable: Name?, valueVariable: Name, collection: HCLExpression, keyExpression: HCLExpression?,
                valueExpression: HCLExpression, condition: HCLExpression?, isGrouping: Bool, range: SourceRange) {
        self.keyVariable = keyVariable
        self.valueVariable = valueVariable
        self.collection = collection
        self.keyExpression = keyExpression
        self.valueExpression = valueExpression
        self.condition = condition
        self.isGrouping = isGrouping
        self.range = range
    }

    /// Whether this is the object form `{for ...}`.
    public var producesObject: Bool { keyExpression != nil }
}

/// `collection[key]`, or `collection.0` in the legacy index syntax.
public struct Index: Sendable, Hashable {
    /// The indexed expression.
    public var collection: HCLExpression
    /// The key.
    public var key: HCLExpression
    /// Whether it was written `.0` rather than `[0]`.
    public var isLegacy: Bool
    /// From the collection to the closing bracket or the digits.
    public var range: SourceRange

    /// Creates an index operation.
    public init(collection: HCLExpression, key: HCLExpression, isLegacy: Bool, range: SourceRange) {
        self.collection = collection
        self.key = key
        self.isLegacy = isLegacy
        self.range = range
    }
}

/// `object.name`.
public struct GetAttribute: Sendable, Hashable {
    /// The object.
    public var object: HCLExpression
    /// The attribute name.
    public var name: String
    /// The source of the name.
    public var nameRange: SourceRange
    /// From the object to the end of the name.
    public var range: SourceRange

    /// Creates an attribute access.
    public init(object: HCLExpression, name: String, nameRange: SourceRange, range: SourceRange) {
        self.object = object
        self.name = name
        self.nameRange = nameRange
        self.range = range
    }
}

/// A splat: `source.*.a.b` (attribute-only) or `source[*].a[0]` (full).
public struct Splat: Sendable, Hashable {
    /// Which splat operator was used.
    public enum Kind: Sendable, Hashable {
        /// `.*`: only attribute and legacy index steps follow it.
        case attributeOnly
        /// `[*]`: any traversal steps follow it.
        case full
    }

    /// The collection expression before the operator.
    public var source: HCLExpression
    /// The expression applied to each element, rooted at ``HCLExpression/splatElement(_:)``.
    public var each: HCLExpression
    /// The operator.
    public var kind: Kind
    /// From the source to the end of the last step.
    public var range: SourceRange

    /// Creates a splat.
    public init(source: HCLExpression, each: HCLExpression, kind: Kind, range: SourceRange) {
        self.source = source
        self.each = each
        self.kind = kind
        self.range = range
    }
}

/// A unary operator.
public enum UnaryOperator: String, Sendable, Hashable {
    /// Logical not, `!`.
    case not = "!"
    /// Arithmetic negation, `-`.
    case negate = "-"
}

/// `!x` or `-x`.
public struct UnaryOperation: Sendable, Hashable {
    /// The operator.
    public var op: UnaryOperator
    /// The operand.
    public var operand: HCLExpression
    /// From the operator to the end of the operand.
    public var range: SourceRange

    /// Creates a unary operation.
    public init(op: UnaryOperator, operand: HCLExpression, range: SourceRange) {
        self.op = op
        self.operand = operand
        self.range = range
    }
}

/// A binary operator with its HCL precedence.
public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case or = "||"
    case and = "&&"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case modulo = "%"

    /// Binding strength, 1 (`||`) to 6 (`*` `/` `%`); all levels associate to the left
    /// (spec: "Operations").
    public var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .equal, .notEqual: 3
        case .less, .lessOrEqual, .greater, .greaterOrEqual: 4
        case .add, .subtract: 5
        case .multiply, .divide, .modulo: 6
        }
    }
}

/// `lhs op rhs`.
public struct BinaryOperation: Sendable, Hashable {
    /// The left operand.
    public var lhs: HCLExpression
    /// The operator.
    public var op: BinaryOperator
    /// The right operand.
    public var rhs: HCLExpression
    /// The source of the operator alone.
    public var operatorRange: SourceRange
    /// From the left operand to the end of the right one.
    public var range: SourceRange

    /// Creates a binary operation.
    public init(lhs: HCLExpression, op: BinaryOperator, rhs: HCLExpression, operatorRange: SourceRange, range: SourceRange) {
        self.lhs = lhs
        self.op = op
        self.rhs = rhs
        self.operatorRange = operatorRange
        self.range = range
    }
}

/// `condition ? trueResult : falseResult`.
public struct Conditional: Sendable, Hashable {
    /// The condition.
    public var condition: HCLExpression
    /// The value when true.
    public var trueResult: HCLExpression
    /// The value when false.
    public var falseResult: HCLExpression
    /// From the condition to the end of the false result.
    public var range: SourceRange

    /// Creates a conditional.
    public init(condition: HCLExpression, trueResult: HCLExpression, falseResult: HCLExpression, range: SourceRange) {
        self.condition = condition
        self.trueResult = trueResult
        self.falseResult = falseResult
        self.range = range
    }
}

/// `(expression)`.
public struct Parenthesized: Sendable, Hashable {
    /// The inner expression.
    public var expression: HCLExpression
    /// From `(` to `)`.
    public var range: SourceRange

    /// Creates a parenthesized expression.
    public init(expression: HCLExpression, range: SourceRange) {
        self.expression = expression
        self.range = range
    }
}
