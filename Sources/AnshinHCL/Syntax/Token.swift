/// The kinds of lexical token in HCL native syntax, including the template tokens that the
/// lexer produces inside quoted strings and heredocs.
enum TokenKind: UInt8, Sendable, Hashable {
    case eof, newline, identifier, number
    /// `"` opening and closing a quoted template.
    case openQuote, closeQuote
    /// Literal text inside a quoted template, escapes not yet decoded.
    case quotedLiteral
    /// Literal text inside a heredoc or a bare (JSON or file) template; one token per line at most.
    case stringLiteral
    /// `<<ID` or `<<-ID`; the newline that follows is part of the heredoc, not a token.
    case heredocBegin
    /// The closing marker line of a heredoc, leading whitespace included.
    case heredocEnd
    /// `${` or `${~`.
    case templateInterp
    /// `%{` or `%{~`.
    case templateControl
    /// `}` or `~}` closing an interpolation or directive.
    case templateSeqEnd
    case openBrace, closeBrace, openBracket, closeBracket, openParen, closeParen
    case comma, colon, doubleColon, question, assign, fatArrow, ellipsis, dot
    case plus, minus, star, slash, percent, bang
    case equal, notEqual, less, lessEqual, greater, greaterEqual, and, or
    /// A lexical error; the lexer stops after it and records its message.
    case invalid

    /// How the token reads in an error message.
    var displayName: String {
        switch self {
        case .eof: "end of file"
        case .newline: "newline"
        case .identifier: "identifier"
        case .number: "number"
        case .openQuote: "opening quote"
        case .closeQuote: "closing quote"
        case .quotedLiteral, .stringLiteral: "string"
        case .heredocBegin: "heredoc"
        case .heredocEnd: "heredoc end marker"
        case .templateInterp: "'${'"
        case .templateControl: "'%{'"
        case .templateSeqEnd: "'}'"
        case .openBrace: "'{'"
        case .closeBrace: "'}'"
        case .openBracket: "'['"
        case .closeBracket: "']'"
        case .openParen: "'('"
        case .closeParen: "')'"
        case .comma: "','"
        case .colon: "':'"
        case .doubleColon: "'::'"
        case .question: "'?'"
        case .assign: "'='"
        case .fatArrow: "'=>'"
        case .ellipsis: "'...'"
        case .dot: "'.'"
        case .plus: "'+'"
        case .minus: "'-'"
        case .star: "'*'"
        case .slash: "'/'"
        case .percent: "'%'"
        case .bang: "'!'"
        case .equal: "'=='"
        case .notEqual: "'!='"
        case .less: "'<'"
        case .lessEqual: "'<='"
        case .greater: "'>'"
        case .greaterEqual: "'>='"
        case .and: "'&&'"
        case .or: "'||'"
        case .invalid: "invalid character"
        }
    }
}

/// One lexical token: its kind and the source it covers (its text is sliced from the source).
struct Token: Sendable, Hashable {
    var kind: TokenKind
    /// Where the token is in the file.
    var range: SourceRange
    /// Where the token's bytes are in the buffer that was lexed (differs from `range` only for
    /// templates decoded out of JSON strings).
    var local: Range<Int>
}
