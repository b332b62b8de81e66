/// The contents of a file or of a block: attributes and nested blocks, in source order.
public struct Body: Sendable, Hashable {
    /// One attribute or block of a body.
    public enum Item: Sendable, Hashable {
        case attribute(Attribute)
        case block(Block)

        /// The source the item covers.
        public var range: SourceRange {
            switch self {
            case .attribute(let attribute): attribute.range
            case .block(let block): block.range
            }
        }
    }

    /// Attributes and blocks in the order they appear.
    public var items: [Item]
    /// From the first to the last byte of the body (inside the braces for a block).
    public var range: SourceRange

    /// Creates a body.
    public init(items: [Item], range: SourceRange) {
        self.items = items
        self.range = range
    }

    /// The attributes, in order.
    public var attributes: [Attribute] {
        items.compactMap { if case .attribute(let attribute) = $0 { attribute } else { nil } }
    }

    /// The nested blocks, in order.
    public var blocks: [Block] {
        items.compactMap { if case .block(let block) = $0 { block } else { nil } }
    }

    /// The attribute with this name, if any (a body never holds two).
    public func attribute(_ name: String) -> Attribute? {
        for case .attribute(let attribute) in items where attribute.name == name { return attribute }
        return nil
    }

    /// The nested blocks of one type, in order.
    public func blocks(ofType type: String) -> [Block] {
        blocks.filter { $0.type == type }
    }
}

/// `name = expression`.
public struct Attribute: Sendable, Hashable {
    /// The attribute name.
    public var name: String
    /// The source of the name.
    public var nameRange: SourceRange
    /// The value expression.
    public var expression: HCLExpression
    /// From the name to the end of the expression.
    public var range: SourceRange

    /// Creates an attribute.
    public init(name: String, nameRange: SourceRange, expression: HCLExpression, range: SourceRange) {
        self.name = name
        self.nameRange = nameRange
        self.expression = expression
        self.range = range
    }
}

/// `type "label" label { body }`.
public struct Block: Sendable, Hashable {
    /// The block type, e.g. `resource`.
    public var type: String
    /// The source of the type identifier.
    public var typeRange: SourceRange
    /// The labels, quoted or bare, in order.
    public var labels: [Label]
    /// The block's contents.
    public var body: Body
    /// The `{`.
    public var openBraceRange: SourceRange
    /// The `}`.
    public var closeBraceRange: SourceRange
    /// From the type to the closing brace.
    public var range: SourceRange

    /// Creates a block.
    public init(type: String, typeRange: SourceRange, labels: [Label], body: Body,
                openBraceRange: SourceRange, closeBraceRange: SourceRange, range: SourceRange) {
        self.type = type
        self.typeRange = typeRange
        self.labels = labels
        self.body = body
        self.openBraceRange = openBraceRange
        self.closeBraceRange = closeBraceRange
        self.range = range
    }

    /// The label values, e.g. `["aws_s3_bucket", "logs"]`.
    public var labelValues: [String] { labels.map(\.value) }
}

/// One block label: a quoted string (escapes decoded, no interpolation) or a bare identifier.
public struct Label: Sendable, Hashable {
    /// The label's value.
    public var value: String
    /// Whether it was written in quotes.
    public var isQuoted: Bool
    /// The source, quotes included.
    public var range: SourceRange

    /// Creates a label.
    public init(value: String, isQuoted: Bool, range: SourceRange) {
        self.value = value
        self.isQuoted = isQuoted
        self.range = range
    }
}

/// A comment, kept so tools can read annotations such as inline suppressions.
public struct Comment: Sendable, Hashable {
    /// The comment marker that introduced it.
    public enum Style: Sendable, Hashable {
        /// `# text`
        case hash
        /// `// text`
        case doubleSlash
        /// `/* text */`
        case block
    }

    /// The text including its markers, without the line's newline.
    public var text: String
    /// How it was written.
    public var style: Style
    /// Its source.
    public var range: SourceRange

    /// Creates a comment.
    public init(text: String, style: Style, range: SourceRange) {
        self.text = text
        self.style = style
        self.range = range
    }
}
