/// Recursive-descent parser for HCL native syntax over the lexer's tokens.
///
/// Newline handling follows the spec: newlines end attributes and separate object items, and are
/// ignored inside parentheses, brackets, interpolations, directives and `for` expressions. A flag,
/// saved and restored around each bracketed construct, records which applies; `peek` skips
/// newlines only where they are insignificant.
struct Parser {
    let path: String
    let src: [UInt8]
    let tokens: [Token]
    let lexError: String?
    let map: PositionMap
    let maxDepth = HCLFile.maximumNestingDepth
    let stack: StackGuard
    var index = 0
    var newlinesSignificant = true
    var depth = 0

    init(lexer: Lexer, source: [UInt8], path: String, map: PositionMap = .identity, stack: StackGuard) {
        self.path = path
        self.src = source
        self.tokens = lexer.tokens.isEmpty
            ? [Token(kind: .eof, range: SourceRange(at: .start), local: 0..<0)] : lexer.tokens
        self.lexError = lexer.errorMessage
        self.map = map
        self.stack = stack
    }

    // MARK: tokens

    func peekIndex(from start: Int) -> Int {
        var i = min(start, tokens.count - 1)
        if !newlinesSignificant {
            while i < tokens.count - 1, tokens[i].kind == .newline { i += 1 }
        }
        return i
    }

    var peek: Token { tokens[peekIndex(from: index)] }

    /// The token after `peek`, with the same newline rule.
    var peekSecond: Token { tokens[peekIndex(from: peekIndex(from: index) + 1)] }

    @discardableResult
    mutating func next() -> Token {
        let i = peekIndex(from: index)
        index = min(i + 1, tokens.count - 1)
        return tokens[i]
    }

    func text(_ token: Token) -> String {
        let lo = max(0, min(token.local.lowerBound, src.count))
        let hi = max(lo, min(token.local.upperBound, src.count))
        return String(decoding: src[lo..<hi], as: UTF8.self)
    }

    func isKeyword(_ token: Token, _ word: String) -> Bool {
        guard token.kind == .identifier, token.local.count == word.utf8.count else { return false }
        return src[token.local].elementsEqual(word.utf8)
    }

    func error(_ message: String, _ range: SourceRange) -> HCLError {
        HCLError(path: path, range: range, message: message)
    }

    /// The error for a token that does not fit; a lexical error token reports its own message.
    func unexpected(_ token: Token, _ message: String) -> HCLError {
        if token.kind == .invalid { return error(lexError ?? "Invalid character", token.range) }
        return error("\(message), found \(token.kind.displayName)", token.range)
    }

    @discardableResult
    mutating func expect(_ kind: TokenKind, _ message: String) throws(HCLError) -> Token {
        let token = peek
        guard token.kind == kind else { throw unexpected(token, message) }
        return next()
    }

    mutating func withNewlines<T>(significant: Bool, _ body: (inout Parser) throws(HCLError) -> T)
        throws(HCLError) -> T {
        let saved = newlinesSignificant
        newlinesSignificant = significant
        defer { newlinesSignificant = saved }
        return try body(&self)
    }

    mutating func enter(_ range: SourceRange) throws(HCLError) {
        depth += 1
        if depth > maxDepth {
            throw error("Nesting is too deep: more than \(maxDepth) levels of blocks, expressions or templates", range)
        }
        if !stack.hasRoom { throw HCLError.stackExhausted }
    }

    mutating func leave() { depth -= 1 }

    // MARK: entry points

    /// A whole configuration file.
    mutating func parseFile() throws(HCLError) -> Body {
        let body = try parseBody(until: .eof, openBrace: nil)
        let start = SourceLocation.start
        let end = peek.range.end
        return Body(items: body, range: SourceRange(start: start, end: end))
    }

    /// A standalone expression followed only by newlines and the end of input.
    mutating func parseStandaloneExpression() throws(HCLError) -> HCLExpression {
        try withNewlines(significant: false) { (p: inout Parser) throws(HCLError) -> HCLExpression in
            let expression = try p.parseExpression()
            try p.expect(.eof, "Extra characters after the expression")
            return expression
        }
    }

    /// A bare template (lexed in template mode) up to the end of input.
    mutating func parseStandaloneTemplate() throws(HCLError) -> Template {
        let start = peek.range.start
        let raw = try parseTemplateParts(until: .eof)
        let end = peek.range.end
        let parts = try assembleTemplate(raw, flush: false)
        return Template(parts: parts, kind: .bare, range: SourceRange(start: start, end: end))
    }
}
