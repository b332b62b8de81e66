/// A string template: a quoted string, a heredoc, or a string in the JSON syntax.
///
/// Escapes are decoded, strip markers (`~`) applied and `<<-` indentation removed at parse time,
/// so literal parts hold the final text; adjacent literals are merged.
public struct Template: Sendable, Hashable {
    /// How the template was written.
    public enum Kind: Sendable, Hashable {
        /// `"..."`.
        case quoted
        /// `<<ID` (`flush` false) or `<<-ID` (`flush` true).
        case heredoc(identifier: String, flush: Bool)
        /// A string value in the JSON syntax, or a standalone template file.
        case bare
    }

    /// The parts in order.
    public var parts: [TemplatePart]
    /// How the template was written.
    public var kind: Kind
    /// The whole template, quotes or heredoc markers included.
    public var range: SourceRange

    /// Creates a template.
    public init(parts: [TemplatePart], kind: Kind, range: SourceRange) {
        self.parts = parts
        self.kind = kind
        self.range = range
    }

    /// The text when the template has no interpolation or directive.
    public var literalValue: String? {
        var text = ""
        for part in parts {
            guard case .literal(let literal) = part else { return nil }
            text += literal.value
        }
        return text
    }

    /// The expression when the template is one interpolation and nothing else (`"${x}"`).
    ///
    /// HCL gives such a template the value of the expression unchanged, whatever its type, rather
    /// than converting it to a string (spec: "Template Interpolation Unwrapping").
    public var unwrappedInterpolation: HCLExpression? {
        guard parts.count == 1, case .interpolation(let interpolation) = parts[0] else { return nil }
        return interpolation.expression
    }
}

/// One part of a template.
public enum TemplatePart: Sendable, Hashable {
    /// Literal text.
    case literal(TemplateLiteral)
    /// `${ expression }`.
    case interpolation(TemplateInterpolation)
    /// `%{ if } ... %{ else } ... %{ endif }`.
    case ifDirective(TemplateIf)
    /// `%{ for } ... %{ endfor }`.
    case forDirective(TemplateFor)

    /// The source the part covers.
    public var range: SourceRange {
        switch self {
        case .literal(let part): part.range
        case .interpolation(let part): part.range
        case .ifDirective(let part): part.range
        case .forDirective(let part): part.range
        }
    }

    /// The expressions directly inside this part and its nested parts.
    public var expressions: [HCLExpression] {
        switch self {
        case .literal: []
        case .interpolation(let part): [part.expression]
        case .ifDirective(let part):
            [part.condition] + part.thenParts.flatMap(\.expressions) + (part.elseParts ?? []).flatMap(\.expressions)
        case .forDirective(let part): [part.collection] + part.body.flatMap(\.expressions)
        }
    }
}

/// Literal template text.
public struct TemplateLiteral: Sendable, Hashable {
    /// The text after escapes, strip markers and heredoc indentation were applied.
    public var value: String
    /// The source it came from.
    public var range: SourceRange

    /// Creates a literal part.
    public init(value: String, range: SourceRange) {
        self.value = value
        self.range = range
    }
}

/// `${ expression }`, with optional strip markers `${~` and `~}`.
public struct TemplateInterpolation: Sendable, Hashable {
    /// The interpolated expression.
    public var expression: HCLExpression
    /// Whether `${~` removed whitespace before it.
    public var stripsBefore: Bool
    /// Whether `~}` removed whitespace after it.
    public var stripsAfter: Bool
    /// From `${` to `}`.
    public var range: SourceRange

    /// Creates an interpolation.
    public init(expression: HCLExpression, stripsBefore: Bool, stripsAfter: Bool, range: SourceRange) {
        self.expression = expression
        self.stripsBefore = stripsBefore
        self.stripsAfter = stripsAfter
        self.range = range
    }
}

/// `%{ if condition } then %{ else } else %{ endif }`.
public struct TemplateIf: Sendable, Hashable {
    /// The condition.
    public var condition: HCLExpression
    /// The parts used when the condition holds.
    public var thenParts: [TemplatePart]
    /// The parts after `%{ else }`, nil when there is no else clause.
    public var elseParts: [TemplatePart]?
    /// From `%{ if` to the `}` of `%{ endif }`.
    public var range: SourceRange

    /// Creates an if directive.
    public init(condition: HCLExpression, thenParts: [TemplatePart], elseParts: [TemplatePart]?, range: SourceRange) {
        self.condition = condition
        self.thenParts = thenParts
        self.elseParts = elseParts
        self.range = range
    }
}

/// `%{ for key, value in collection } body %{ endfor }`.
public struct TemplateFor: Sendable, Hashable {
    /// The key or index variable, if two were named.
    public var keyVariable: Name?
    /// The value variable.
    public var valueVariable: Name
    /// The collection iterated over.
    public var collection: HCLExpression
    /// The parts repeated per element.
    public var body: [TemplatePart]
    /// From `%{ for` to the `}` of `%{ endfor }`.
    public var range: SourceRange

    /// Creates a for directive.
    public init(keyVariable: Name?, valueVariable: Name, collection: HCLExpression, body: [TemplatePart],
                range: SourceRange) {
        self.keyVariable = keyVariable
        self.valueVariable = valueVariable
        self.collection = collection
        self.body = body
        self.range = range
    }
}
