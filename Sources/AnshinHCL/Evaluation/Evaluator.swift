/// The expression evaluator: turns ``HCLExpression`` trees into ``Value``s the way Terraform does.
///
/// Design. anshin audits Terraform *before* it is applied, so many values do not exist yet: a
/// bucket's ARN, an instance's ID, anything read by a data source. Such values are ``Value/unknown(_:)``
/// (or ``Value/partial(_:)`` for a resource object whose configured attributes are known), and
/// unknown-ness propagates exactly as in Terraform: an operator or function with an unknown operand
/// yields an unknown result, a conditional with an unknown condition is unknown, a template with
/// an unknown interpolation is an unknown string, and a `for` over an unknown collection is
/// unknown. Known parts stay known: a known list with unknown elements still has a known length,
/// and `aws_s3_bucket.logs.bucket` is known when `bucket = "acme-logs"` is configured.
///
/// Checks never guess about an unknown value: a check that needs a value it cannot know reports
/// nothing (or says it could not decide) rather than assuming a default, because an assumption
/// would turn into false findings or, worse, missed ones. Keeping unknowns explicit in the value
/// model, instead of substituting placeholders, is what makes that rule enforceable.
///
/// Errors carry `path:line:column` of the expression at fault; `try` and `can` catch errors
/// raised by values, not errors in the configuration itself (unknown functions, undeclared
/// variables), as in Terraform.
public struct Evaluator {
    /// The names, functions and references in scope.
    public var context: EvaluationContext

    /// Creates an evaluator.
    public init(context: EvaluationContext = EvaluationContext()) {
        self.context = context
    }

    /// Evaluates an expression.
    public func evaluate(_ expression: HCLExpression) throws(EvaluationError) -> Value {
        switch expression {
        case .literal(let literal):
            switch literal.value {
            case .null: return .null
            case .bool(let flag): return .bool(flag)
            case .number(let text):
                guard let number = Number(parsing: text) else { throw error("Invalid number literal \(text)", literal.range) }
                return .number(number)
            }
        case .template(let template):
            return try evaluate(template)
        case .variable(let variable):
            return try variableValue(variable)
        case .functionCall(let call):
            return try evaluateCall(call)
        case .tuple(let tuple):
            var elements: [Value] = []
            for element in tuple.elements { elements.append(try evaluate(element)) }
            return .tuple(elements)
        case .object(let object):
            return try evaluateObject(object)
        case .forExpression(let node):
            return try evaluateFor(node)
        case .index(let node):
            let collection = try evaluate(node.collection)
            let key = try evaluate(node.key)
            return try index(collection, key, range: node.range)
        case .getAttribute(let node):
            if let resolved = try resolveReference(node) { return resolved }
            let object = try evaluate(node.object)
            return try attribute(object, node.name, range: node.nameRange)
        case .splat(let node):
            return try evaluateSplat(node)
        case .splatElement(let range):
            guard let element = context.splatElement else { throw error("Splat element outside a splat", range) }
            return element
        case .unary(let node):
            return try evaluateUnary(node)
        case .binary(let node):
            return try evaluateBinary(node)
        case .conditional(let node):
            return try evaluateConditional(node)
        case .parenthesized(let node):
            return try evaluate(node.expression)
        }
    }

    /// Evaluates a template: a string, or the interpolated value itself for `"${x}"`.
    public func evaluate(_ template: Template) throws(EvaluationError) -> Value {
        if let inner = template.unwrappedInterpolation { return try evaluate(inner) }
        var output = TemplateOutput()
        try render(template.parts, into: &output)
        if output.unknown { return Value.unknown(.string).marked(output.sensitive) }
        return Value.string(output.text).marked(output.sensitive)
    }

    // MARK: Errors

    func error(_ message: String, _ range: SourceRange, isStatic: Bool = false) -> EvaluationError {
        EvaluationError(path: context.filePath, range: range, message: message, isStatic: isStatic)
    }

    func with(scope names: [String: Value]) -> Evaluator {
        var copy = self
        for (name, value) in names { copy.context.scope[name] = value }
        return copy
    }

    // MARK: Variables and references

    static let reservedRoots: Set<String> = ["var", "local", "module", "data", "path", "terraform", "count", "each", "self"]

    private func variableValue(_ variable: Variable) throws(EvaluationError) -> Value {
        if let value = context.scope[variable.name] { return value }
        switch variable.name {
        case "var": return .object(context.variables)
        case "count":
            guard let index = context.countIndex else {
                throw error("Reference to \"count\" in non-counted context: \"count\" is only available in blocks that set the count argument", variable.range, isStatic: true)
            }
            return .object(["index": index])
        case "each":
            guard let each = context.each else {
                throw error("Reference to \"each\" in context without for_each: \"each\" is only available in blocks that set the for_each argument", variable.range, isStatic: true)
            }
            return .object(["key": each.key, "value": each.value])
        case "path":
            return .object(["module": .string(context.pathModule), "root": .string(context.pathRoot), "cwd": .string(context.pathCwd)])
        case "terraform":
            return .object(["workspace": .string(context.workspace)])
        case "self":
            // Only meaningful in provisioners and connection blocks, which are not evaluated.
            return .unknownValue
        case "local", "module", "data":
            throw error("Invalid reference: the \"\(variable.name)\" object cannot be accessed directly; name one of its attributes", variable.range, isStatic: true)
        default:
            if context.resolver != nil {
                throw error("Invalid reference: a reference to a resource type must be followed by at least one attribute access, specifying the resource name", variable.range, isStatic: true)
            }
            throw error("Unknown variable: there is no variable named \"\(variable.name)\"", variable.range, isStatic: true)
        }
    }

    /// `var.x`, `local.x`, `module.x`, `type.name` and `data.type.name`, resolved without
    /// evaluating the whole namespace.
    private func resolveReference(_ node: GetAttribute) throws(EvaluationError) -> Value? {
        if case .getAttribute(let inner) = node.object, case .variable(let root) = inner.object, root.name == "data",
           context.scope["data"] == nil {
            return try resolve(.data(type: inner.name, name: node.name), range: node.range,
                               what: "data source \"data.\(inner.name).\(node.name)\"")
        }
        guard case .variable(let root) = node.object, context.scope[root.name] == nil else { return nil }
        switch root.name {
        case "var":
            guard let value = context.variables[node.name] else {
                throw error("Reference to undeclared input variable: an input variable with the name \"\(node.name)\" has not been declared", node.range, isStatic: true)
            }
            return value
        case "local":
            if let resolver = context.resolver,
               let value = try resolver.resolve(.local(node.name), at: node.range, in: context.filePath) {
                return value
            }
            guard let value = context.locals[node.name] else {
                throw error("Reference to undeclared local value: a local value with the name \"\(node.name)\" has not been declared", node.range, isStatic: true)
            }
            return value
        case "module":
            return try resolve(.module(node.name), range: node.range, what: "module \"\(node.name)\"")
        case "data":
            throw error("Invalid data source reference: a data source reference needs a type and a name", node.range, isStatic: true)
        case let name where !Evaluator.reservedRoots.contains(name):
            guard context.resolver != nil else { return nil }
            return try resolve(.resource(type: name, name: node.name), range: node.range,
                               what: "resource \"\(name).\(node.name)\"")
        default:
            return nil
        }
    }

    private func resolve(_ reference: Reference, range: SourceRange, what: String) throws(EvaluationError) -> Value {
        guard let resolver = context.resolver else {
            throw error("Reference to \(what) cannot be resolved here", range, isStatic: true)
        }
        guard let value = try resolver.resolve(reference, at: range, in: context.filePath) else {
            throw error("Reference to undeclared \(what): it has not been declared in this module", range, isStatic: true)
        }
        return value
    }

    // MARK: Traversal

    /// `collection[key]`.
    func index(_ collection: Value, _ key: Value, range: SourceRange) throws(EvaluationError) -> Value {
        if case .sensitive(let inner) = collection { return try index(inner, key, range: range).marked(true) }
        if case .sensitive(let inner) = key { return try index(collection, inner, range: range).marked(true) }
        if collection.isNull { throw error("Invalid index: cannot index a null value", range) }
        if key.isNull { throw error("Invalid index: cannot use a null value as an index", range) }
        switch collection {
        case .unknown:
            return .unknownValue
        case .list(let elements), .tuple(let elements):
            if !key.isKnown { return .unknownValue }
            guard let number = try? key.converted(to: .number).numberValue, let position = number.intValue else {
                throw error("Invalid index: a number is required to index a \(collection.typeName)", range)
            }
            guard elements.indices.contains(position) else {
                throw error("Invalid index: the given key does not identify an element in this collection value (index \(position), length \(elements.count))", range)
            }
            return elements[position]
        case .map(let members), .object(let members), .partial(let members):
            if !key.isKnown { return .unknownValue }
            guard let name = try? key.converted(to: .string).stringValue else {
                throw error("Invalid index: a string key is required to index a \(collection.typeName)", range)
            }
            if let value = members[name] { return value }
            if case .partial = collection { return .unknownValue }
            throw error("Invalid index: the given key does not identify an element in this collection value (\(Value.quote(name)))", range)
        case .set:
            throw error("Invalid index: elements of a set are identified only by their value and cannot be looked up by index", range)
        default:
            throw error("Invalid index: this value does not have any indices (it is a \(collection.typeName))", range)
        }
    }

    /// `object.name`.
    func attribute(_ object: Value, _ name: String, range: SourceRange) throws(EvaluationError) -> Value {
        switch object {
        case .sensitive(let inner):
            return try attribute(inner, name, range: range).marked(true)
        case .unknown:
            return .unknownValue
        case .partial(let members):
            return members[name] ?? .unknownValue
        case .object(let members), .map(let members):
            guard let value = members[name] else {
                throw error("Unsupported attribute: this object does not have an attribute named \"\(name)\"", range)
            }
            return value
        case .null:
            throw error("Attempt to get attribute \"\(name)\" from a null value", range)
        case .list, .tuple, .set:
            throw error("Unsupported attribute: a \(object.typeName) has no attribute \"\(name)\"; use a splat ([*].\(name)) to read it from every element", range)
        default:
            throw error("Unsupported attribute: a \(object.typeName) has no attribute \"\(name)\"", range)
        }
    }

    private func evaluateSplat(_ node: Splat) throws(EvaluationError) -> Value {
        let source = try evaluate(node.source)
        let sensitive = source.isSensitive
        let elements: [Value]
        switch source.unmarked {
        case .unknown: return .unknownValue
        case .null: return Value.tuple([]).marked(sensitive)
        case .list(let items), .tuple(let items), .set(let items): elements = items
        case let single: elements = [single]
        }
        var results: [Value] = []
        for element in elements {
            var inner = self
            inner.context.splatElement = element
            results.append(try inner.evaluate(node.each))
        }
        if case .list = source.unmarked { return Value.list(results).marked(sensitive) }
        return Value.tuple(results).marked(sensitive)
    }

    // MARK: Constructors

    private func evaluateObject(_ object: ObjectConstructor) throws(EvaluationError) -> Value {
        var members: [String: Value] = [:]
        var unknownKey = false
        for item in object.items {
            let key: Value
            if case .variable(let variable) = item.key {
                key = .string(variable.name)
            } else {
                key = try evaluate(item.key)
            }
            let value = try evaluate(item.value)
            if !key.isKnown {
                unknownKey = true
                continue
            }
            if key.isNull { throw error("Invalid object key: a key must not be null", item.key.range) }
            guard let name = try? key.unmarked.converted(to: .string).stringValue else {
                throw error("Invalid object key: a string is required, not a \(key.typeName)", item.key.range)
            }
            members[name] = value
        }
        return unknownKey ? .unknown(.dynamic) : .object(members)
    }

    private func evaluateFor(_ node: ForExpression) throws(EvaluationError) -> Value {
        let collection = try evaluate(node.collection)
        let sensitive = collection.isSensitive
        let pairs: [(Value, Value)]
        switch collection.unmarked {
        case .null:
            throw error("Iteration over null value: a null value cannot be used as the collection in a 'for' expression", node.collection.range)
        case .unknown, .partial:
            return .unknownValue
        case .list(let items), .tuple(let items):
            pairs = items.enumerated().map { (Value.int($0.offset), $0.element) }
        case .set(let items):
            pairs = items.map { ($0, $0) }
        case .map(let members), .object(let members):
            pairs = members.keys.sorted().map { (Value.string($0), members[$0] ?? .null) }
        default:
            throw error("Iteration over non-iterable value: a value of type \(collection.typeName) cannot be used as the collection in a 'for' expression", node.collection.range)
        }
        var tupleResult: [Value] = []
        var objectResult: [String: Value] = [:]
        var groups: [String: [Value]] = [:]
        var anyUnknown = false
        for (key, value) in pairs {
            var names = [node.valueVariable.value: value]
            if let keyVariable = node.keyVariable { names[keyVariable.value] = key }
            let inner = with(scope: names)
            if let condition = node.condition {
                let result = try inner.evaluate(condition)
                if !result.isKnown {
                    anyUnknown = true
                    continue
                }
                guard let flag = try? result.unmarked.converted(to: .bool).boolValue else {
                    throw error("Invalid 'for' condition: the condition must be a bool, not a \(result.typeName)", condition.range)
                }
                if !flag { continue }
            }
            if let keyExpression = node.keyExpression {
                let keyValue = try inner.evaluate(keyExpression)
                let element = try inner.evaluate(node.valueExpression)
                if !keyValue.isKnown {
                    anyUnknown = true
                    continue
                }
                guard !keyValue.isNull, let name = try? keyValue.unmarked.converted(to: .string).stringValue else {
                    throw error("Invalid object key: the key expression must produce a string, not \(keyValue.typeName)", keyExpression.range)
                }
                if node.isGrouping {
                    groups[name, default: []].append(element)
                } else {
                    if objectResult[name] != nil {
                        throw error("Duplicate object key: two different items produced the key \(Value.quote(name)) in this 'for' expression; add an ellipsis (...) after the value to group them", keyExpression.range)
                    }
                    objectResult[name] = element
                }
            } else {
                tupleResult.append(try inner.evaluate(node.valueExpression))
            }
        }
        if anyUnknown { return Value.unknownValue }
        if node.keyExpression == nil { return Value.tuple(tupleResult).marked(sensitive) }
        if node.isGrouping { return Value.object(groups.mapValues { Value.tuple($0) }).marked(sensitive) }
        return Value.object(objectResult).marked(sensitive)
    }

    // MARK: Operators

    private func evaluateUnary(_ node: UnaryOperation) throws(EvaluationError) -> Value {
        let operand = try evaluate(node.operand)
        let sensitive = operand.containsSensitive
        let value = operand.deepUnmarked
        switch node.op {
        case .not:
            if !value.isKnown { return .unknown(.bool) }
            guard let flag = try? value.converted(to: .bool).boolValue else {
                throw error("Invalid operand: unsuitable value for unary operand: bool required, not \(value.typeName)", node.operand.range)
            }
            return Value.bool(!flag).marked(sensitive)
        case .negate:
            if !value.isKnown { return .unknown(.number) }
            guard let number = try? value.converted(to: .number).numberValue else {
                throw error("Invalid operand: unsuitable value for unary operand: number required, not \(value.typeName)", node.operand.range)
            }
            return Value.number(-number).marked(sensitive)
        }
    }

    private func evaluateBinary(_ node: BinaryOperation) throws(EvaluationError) -> Value {
        let lhs = try evaluate(node.lhs)
        let rhs = try evaluate(node.rhs)
        let sensitive = lhs.containsSensitive || rhs.containsSensitive
        let left = lhs.deepUnmarked, right = rhs.deepUnmarked
        switch node.op {
        case .equal:
            return left.terraformEquals(right).marked(sensitive)
        case .notEqual:
            let equal = left.terraformEquals(right)
            guard let flag = equal.boolValue else { return equal }
            return Value.bool(!flag).marked(sensitive)
        case .and, .or:
            let a = try logicalOperand(left, node.lhs.range), b = try logicalOperand(right, node.rhs.range)
            let isAnd = node.op == .and
            // A known operand can decide the result alone: false && x, true || x.
            if let a, a != isAnd { return Value.bool(a).marked(sensitive) }
            if let b, b != isAnd { return Value.bool(b).marked(sensitive) }
            guard let a, let b else { return .unknown(.bool) }
            return Value.bool(isAnd ? a && b : a || b).marked(sensitive)
        default:
            let a = try arithmeticOperand(left, node.lhs.range), b = try arithmeticOperand(right, node.rhs.range)
            guard let a, let b else {
                return .unknown([.add, .subtract, .multiply, .divide, .modulo].contains(node.op) ? .number : .bool)
            }
            let result: Value
            switch node.op {
            case .add: result = .number(a + b)
            case .subtract: result = .number(a - b)
            case .multiply: result = .number(a * b)
            case .divide:
                guard let quotient = a.divided(by: b) else { throw error("Division by zero", node.range) }
                result = .number(quotient)
            case .modulo:
                guard let remainder = a.remainder(dividingBy: b) else { throw error("Division by zero (modulo)", node.range) }
                result = .number(remainder)
            case .less: result = .bool(a < b)
            case .lessOrEqual: result = .bool(a <= b)
            case .greater: result = .bool(a > b)
            case .greaterOrEqual: result = .bool(a >= b)
            case .and, .or, .equal, .notEqual: result = .null
            }
            return result.marked(sensitive)
        }
    }

    private func logicalOperand(_ value: Value, _ range: SourceRange) throws(EvaluationError) -> Bool? {
        if !value.isKnown { return nil }
        if value.isNull { throw error("Invalid operand: a null value cannot be used as a bool", range) }
        guard let flag = try? value.converted(to: .bool).boolValue else {
            throw error("Invalid operand: unsuitable value for a logical operator: bool required, not \(value.typeName)", range)
        }
        return flag
    }

    private func arithmeticOperand(_ value: Value, _ range: SourceRange) throws(EvaluationError) -> Number? {
        if !value.isKnown { return nil }
        if value.isNull { throw error("Invalid operand: a null value cannot be used as a number", range) }
        guard let number = try? value.converted(to: .number).numberValue else {
            throw error("Invalid operand: unsuitable value: number required, not \(value.typeName)", range)
        }
        return number
    }

    private func evaluateConditional(_ node: Conditional) throws(EvaluationError) -> Value {
        let condition = try evaluate(node.condition)
        if !condition.isKnown { return .unknownValue }
        if condition.isNull { throw error("Invalid condition: the condition value is null", node.condition.range) }
        guard let flag = try? condition.unmarked.converted(to: .bool).boolValue else {
            throw error("Incorrect condition type: the condition must be a bool, not a \(condition.typeName)", node.condition.range)
        }
        let result = try evaluate(flag ? node.trueResult : node.falseResult)
        return result.marked(condition.isSensitive)
    }

    // MARK: Templates

    private struct TemplateOutput {
        var text = ""
        var unknown = false
        var sensitive = false
    }

    private func render(_ parts: [TemplatePart], into output: inout TemplateOutput) throws(EvaluationError) {
        for part in parts {
            switch part {
            case .literal(let literal):
                output.text += literal.value
            case .interpolation(let interpolation):
                let value = try evaluate(interpolation.expression)
                try append(value, range: interpolation.expression.range, to: &output)
            case .ifDirective(let directive):
                let condition = try evaluate(directive.condition)
                output.sensitive = output.sensitive || condition.isSensitive
                if !condition.isKnown {
                    output.unknown = true
                    continue
                }
                guard !condition.isNull, let flag = try? condition.unmarked.converted(to: .bool).boolValue else {
                    throw error("Invalid template if condition: a bool is required, not \(condition.typeName)", directive.condition.range)
                }
                if flag {
                    try render(directive.thenParts, into: &output)
                } else if let elseParts = directive.elseParts {
                    try render(elseParts, into: &output)
                }
            case .forDirective(let directive):
                let collection = try evaluate(directive.collection)
                output.sensitive = output.sensitive || collection.isSensitive
                let pairs: [(Value, Value)]
                switch collection.unmarked {
                case .unknown, .partial:
                    output.unknown = true
                    continue
                case .null:
                    throw error("Iteration over null value in a template 'for' directive", directive.collection.range)
                case .list(let items), .tuple(let items):
                    pairs = items.enumerated().map { (Value.int($0.offset), $0.element) }
                case .set(let items):
                    pairs = items.map { ($0, $0) }
                case .map(let members), .object(let members):
                    pairs = members.keys.sorted().map { (Value.string($0), members[$0] ?? .null) }
                default:
                    throw error("Iteration over non-iterable value of type \(collection.typeName) in a template 'for' directive", directive.collection.range)
                }
                for (key, value) in pairs {
                    var names = [directive.valueVariable.value: value]
                    if let keyVariable = directive.keyVariable { names[keyVariable.value] = key }
                    try with(scope: names).render(directive.body, into: &output)
                }
            }
        }
    }

    private func append(_ value: Value, range: SourceRange, to output: inout TemplateOutput) throws(EvaluationError) {
        if value.isSensitive { output.sensitive = true }
        let plain = value.unmarked
        if !plain.isKnown {
            output.unknown = true
            return
        }
        if plain.isNull {
            throw error("Invalid template interpolation value: the expression result is null; cannot include a null value in a string template", range)
        }
        guard let text = try? plain.converted(to: .string).stringValue else {
            throw error("Invalid template interpolation value: cannot include the given value in a string template: string required, not \(plain.typeName)", range)
        }
        output.text += text
    }

    // MARK: Function calls

    private func evaluateCall(_ call: FunctionCall) throws(EvaluationError) -> Value {
        switch call.name {
        case "try": return try evaluateTry(call)
        case "can": return try evaluateCan(call)
        default: break
        }
        guard let function = context.functions[call.name] else {
            throw error("Call to unknown function: there is no function named \"\(call.name)\"", call.nameRange, isStatic: true)
        }
        var arguments: [Value] = []
        for argument in call.arguments { arguments.append(try evaluate(argument)) }
        if call.expandsFinalArgument, let last = arguments.popLast() {
            let sensitive = last.isSensitive
            switch last.unmarked {
            case .unknown: return .unknownValue
            case .list(let items), .tuple(let items), .set(let items): arguments += items.map { $0.marked(sensitive) }
            default:
                throw error("Invalid expanding argument value: the expanding argument (indicated by ...) must be of a tuple, list, or set type", call.arguments.last?.range ?? call.range)
            }
        }
        do throws(FunctionError) {
            return try function.call(arguments, environment: FunctionEnvironment(baseDirectory: context.baseDirectory, functions: context.functions))
        } catch {
            throw self.error("Error in function call: \(call.name): \(error.message)", call.range)
        }
    }

    /// `try(a, b, ...)`: the first argument that evaluates without error; unknown when that
    /// argument is not wholly known, since it could still fail once known.
    private func evaluateTry(_ call: FunctionCall) throws(EvaluationError) -> Value {
        guard !call.arguments.isEmpty else { throw error("Invalid function arguments: try requires at least one argument", call.range) }
        var errors: [EvaluationError] = []
        for argument in call.arguments {
            do throws(EvaluationError) {
                let value = try evaluate(argument)
                return value.isWhollyKnown ? value : .unknownValue
            } catch {
                if error.isStatic { throw error }
                errors.append(error)
            }
        }
        throw error("Error in function call: try: no expression succeeded: " + errors.map(\.message).joined(separator: "; "), call.range)
    }

    /// `can(x)`: whether `x` evaluates without error; unknown when `x` is not wholly known.
    private func evaluateCan(_ call: FunctionCall) throws(EvaluationError) -> Value {
        guard call.arguments.count == 1 else { throw error("Invalid function arguments: can requires exactly one argument", call.range) }
        do throws(EvaluationError) {
            let value = try evaluate(call.arguments[0])
            return value.isWhollyKnown ? .bool(true) : .unknown(.bool)
        } catch {
            if error.isStatic { throw error }
            return .bool(false)
        }
    }
}
