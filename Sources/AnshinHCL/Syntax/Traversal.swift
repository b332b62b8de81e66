/// A static reference: a variable followed by attribute names and constant indexes, such as
/// `aws_s3_bucket.logs.arn` or `var.subnets[0]`.
public struct Traversal: Sendable, Hashable, CustomStringConvertible {
    /// One step after the root.
    public enum Step: Sendable, Hashable {
        /// `.name`
        case attribute(String)
        /// `[0]` or the legacy `.0`, the number as written.
        case numberIndex(String)
        /// `["key"]`
        case stringIndex(String)
    }

    /// The variable the traversal starts from (`aws_s3_bucket`, `var`, `local`, `each`...).
    public var root: String
    /// The steps after the root.
    public var steps: [Step]
    /// The source of the whole traversal.
    public var range: SourceRange

    /// Creates a traversal.
    public init(root: String, steps: [Step], range: SourceRange) {
        self.root = root
        self.steps = steps
        self.range = range
    }

    /// The traversal in source form, e.g. `var.subnets[0]` or `local.tags["Name"]`.
    public var description: String {
        var text = root
        for step in steps {
            switch step {
            case .attribute(let name): text += "." + name
            case .numberIndex(let number): text += "[\(number)]"
            case .stringIndex(let key): text += "[\"\(key)\"]"
            }
        }
        return text
    }
}

extension HCLExpression {
    /// The expression as a traversal, when it is nothing but a variable with attribute and
    /// constant index steps.
    public var staticTraversal: Traversal? {
        guard let (root, steps) = traversalChain(), steps.allSatisfy({ $0.step != nil }) else { return nil }
        return Traversal(root: root.name, steps: steps.compactMap(\.step), range: range)
    }

    /// Every reference to a variable in the expression, each as its longest static prefix
    /// (`var.list[count.index].id` yields `var.list` and `count.index`), in source order.
    ///
    /// Iterator variables of `for` expressions and `%{ for }` directives are not references
    /// inside their own scope. The walk is iterative, so arbitrarily deep trees are safe.
    public var references: [Traversal] {
        enum Work {
            case expression(HCLExpression, Set<String>)
            case part(TemplatePart, Set<String>)
        }
        var result: [Traversal] = []
        var pending: [Work] = [.expression(self, [])]
        while let work = pending.popLast() {
            var next: [Work] = []
            switch work {
            case .part(let part, let bound):
                switch part {
                case .literal:
                    break
                case .interpolation(let interpolation):
                    next.append(.expression(interpolation.expression, bound))
                case .ifDirective(let directive):
                    next.append(.expression(directive.condition, bound))
                    next += directive.thenParts.map { .part($0, bound) }
                    next += (directive.elseParts ?? []).map { .part($0, bound) }
                case .forDirective(let directive):
                    next.append(.expression(directive.collection, bound))
                    var inner = bound
                    inner.insert(directive.valueVariable.value)
                    if let key = directive.keyVariable { inner.insert(key.value) }
                    next += directive.body.map { .part($0, inner) }
                }
            case .expression(let expression, let bound):
                if let (root, steps) = expression.traversalChain() {
                    if !bound.contains(root.name) {
                        let prefix = steps.prefix { $0.step != nil }
                        let end = prefix.last?.range.end ?? root.range.end
                        result.append(Traversal(root: root.name, steps: prefix.compactMap(\.step),
                                                range: SourceRange(start: root.range.start, end: end)))
                    }
                    next += steps.compactMap(\.dynamicKey).map { .expression($0, bound) }
                } else if case .forExpression(let node) = expression {
                    next.append(.expression(node.collection, bound))
                    var inner = bound
                    inner.insert(node.valueVariable.value)
                    if let key = node.keyVariable { inner.insert(key.value) }
                    next += [node.keyExpression, node.valueExpression, node.condition].compactMap { $0 }
                        .map { .expression($0, inner) }
                } else if case .object(let object) = expression {
                    for item in object.items {
                        // A bare identifier key names the attribute; it is not a variable.
                        if case .variable = item.key {} else { next.append(.expression(item.key, bound)) }
                        next.append(.expression(item.value, bound))
                    }
                } else if case .template(let template) = expression {
                    next += template.parts.map { .part($0, bound) }
                } else {
                    next += expression.children.map { .expression($0, bound) }
                }
            }
            pending += next.reversed()
        }
        return result
    }

    /// One step of a chain: static, or an index whose key must be evaluated.
    private struct ChainStep {
        var step: Traversal.Step?
        var dynamicKey: HCLExpression?
        var range: SourceRange
    }

    /// Splits `root.a[0][k].b` into its root variable and steps, or nil if it is not rooted at a
    /// variable.
    private func traversalChain() -> (Variable, [ChainStep])? {
        var steps: [ChainStep] = []
        var current = self
        while true {
            switch current {
            case .variable(let variable):
                return (variable, steps.reversed())
            case .getAttribute(let node):
                steps.append(ChainStep(step: .attribute(node.name), dynamicKey: nil, range: node.range))
                current = node.object
            case .index(let node):
                var step: Traversal.Step?
                if case .literal(let literal) = node.key, case .number(let number) = literal.value {
                    step = .numberIndex(number)
                } else if case .template(let template) = node.key, let text = template.literalValue {
                    step = .stringIndex(text)
                }
                steps.append(ChainStep(step: step, dynamicKey: step == nil ? node.key : nil, range: node.range))
                current = node.collection
            default:
                return nil
            }
        }
    }
}
