/// Recursive-descent parser for HCL native syntax over the lexer's tokens.
///
/// Newline handling follows the spec: newlines end attributes and separate object items, and are
/// ignored inside parentheses, brackets, interpolations, directives and `for` expressions. A flag,
/// saved and restored around each bracketed construct, records which applies; `peek` skips
/// newlines only where they are insignificant.
struct Parser {
    let path: String
    private let src: [UInt8]
    private let tokens: [Token]
    private let lexError: String?
    private let map: PositionMap
    private let maxDepth = HCLFile.maximumNestingDepth
    private let stack: StackGuard
    private var index = 0
    private var newlinesSignificant = true
    private var depth = 0

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

    private func peekIndex(from start: Int) -> Int {
        var i = min(start, tokens.count - 1)
        if !newlinesSignificant {
            while i < tokens.count - 1, tokens[i].kind == .newline { i += 1 }
        }
        return i
    }

    var peek: Token { tokens[peekIndex(from: index)] }

    /// The token after `peek`, with the same newline rule.
    private var peekSecond: Token { tokens[peekIndex(from: peekIndex(from: index) + 1)] }

    @discardableResult
    private mutating func next() -> Token {
        let i = peekIndex(from: index)
        index = min(i + 1, tokens.count - 1)
        return tokens[i]
    }

    private func text(_ token: Token) -> String {
        let lo = max(0, min(token.local.lowerBound, src.count))
        let hi = max(lo, min(token.local.upperBound, src.count))
        return String(decoding: src[lo..<hi], as: UTF8.self)
    }

    private func isKeyword(_ token: Token, _ word: String) -> Bool {
        guard token.kind == .identifier, token.local.count == word.utf8.count else { return false }
        return src[token.local].elementsEqual(word.utf8)
    }

    private func error(_ message: String, _ range: SourceRange) -> HCLError {
        HCLError(path: path, range: range, message: message)
    }

    /// The error for a token that does not fit; a lexical error token reports its own message.
    private func unexpected(_ token: Token, _ message: String) -> HCLError {
        if token.kind == .invalid { return error(lexError ?? "Invalid character", token.range) }
        return error("\(message), found \(token.kind.displayName)", token.range)
    }

    @discardableResult
    private mutating func expect(_ kind: TokenKind, _ message: String) throws(HCLError) -> Token {
        let token = peek
        guard token.kind == kind else { throw unexpected(token, message) }
        return next()
    }

    private mutating func withNewlines<T>(significant: Bool, _ body: (inout Parser) throws(HCLError) -> T)
        throws(HCLError) -> T {
        let saved = newlinesSignificant
        newlinesSignificant = significant
        defer { newlinesSignificant = saved }
        return try body(&self)
    }

    private mutating func enter(_ range: SourceRange) throws(HCLError) {
        depth += 1
        if depth > maxDepth {
            throw error("Nesting is too deep: more than \(maxDepth) levels of blocks, expressions or templates", range)
        }
        if !stack.hasRoom { throw HCLError.stackExhausted }
    }

    private mutating func leave() { depth -= 1 }

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

    // MARK: bodies

    private mutating func parseBody(until end: TokenKind, openBrace: Token?) throws(HCLError) -> [Body.Item] {
        var items: [Body.Item] = []
        var seen: [String: SourceRange] = [:]
        while true {
            let token = peek
            switch token.kind {
            case .newline:
                next()
            case end:
                return items
            case .identifier:
                let item = try parseBodyItem()
                if case .attribute(let attribute) = item {
                    if let previous = seen[attribute.name] {
                        throw error("Attribute redefined: '\(attribute.name)' was already set at \(previous.start)",
                                    attribute.nameRange)
                    }
                    seen[attribute.name] = attribute.nameRange
                }
                items.append(item)
            case .eof:
                if let openBrace {
                    throw error("Unclosed block: the '{' at \(openBrace.range.start) has no matching '}'",
                                openBrace.range)
                }
                return items
            default:
                throw unexpected(token, "Expected an attribute or block definition")
            }
        }
    }

    private mutating func parseBodyItem() throws(HCLError) -> Body.Item {
        let nameToken = next()
        let name = text(nameToken)
        if peek.kind == .assign {
            next()
            let expression = try parseExpression()
            let end = peek
            guard end.kind == .newline || end.kind == .eof else {
                throw unexpected(end, "Missing newline after the argument '\(name)': an argument definition must end with a newline")
            }
            return .attribute(Attribute(name: name, nameRange: nameToken.range, expression: expression,
                                        range: nameToken.range.union(expression.range)))
        }
        try enter(nameToken.range)
        defer { leave() }
        var labels: [Label] = []
        while true {
            let token = peek
            if token.kind == .identifier {
                next()
                labels.append(Label(value: text(token), isQuoted: false, range: token.range))
            } else if token.kind == .openQuote {
                labels.append(try parseQuotedLabel())
            } else {
                break
            }
        }
        let open = peek
        guard open.kind == .openBrace else {
            let message = labels.isEmpty
                ? "Invalid argument or block definition: '\(name)' must be followed by '=' for an argument or by labels and '{' for a block"
                : "Invalid block definition: expected '{' after the block labels"
            throw unexpected(open, message)
        }
        next()
        let items: [Body.Item]
        let bodyStart = open.range.end
        if peek.kind == .newline {
            items = try parseBody(until: .closeBrace, openBrace: open)
        } else {
            items = try parseSingleLineBlockBody(open: open)
        }
        let close = try expect(.closeBrace, "Expected '}' to close the block")
        let after = peek
        guard after.kind == .newline || after.kind == .eof else {
            throw unexpected(after, "Missing newline after the block definition")
        }
        let body = Body(items: items, range: SourceRange(start: bodyStart, end: close.range.start))
        return .block(Block(type: name, typeRange: nameToken.range, labels: labels, body: body,
                            openBraceRange: open.range, closeBraceRange: close.range,
                            range: nameToken.range.union(close.range)))
    }

    /// `type { name = value }` on one line holds at most one argument and no nested block (spec:
    /// "One-line blocks").
    private mutating func parseSingleLineBlockBody(open: Token) throws(HCLError) -> [Body.Item] {
        let token = peek
        if token.kind == .closeBrace { return [] }
        guard token.kind == .identifier, peekSecond.kind == .assign else {
            if token.kind == .eof {
                throw error("Unclosed block: the '{' at \(open.range.start) has no matching '}'", open.range)
            }
            throw unexpected(token, "Invalid single-line block: it may contain only one argument definition")
        }
        next()
        next()
        let expression = try parseExpression()
        let end = peek
        guard end.kind == .closeBrace else {
            throw unexpected(end, "Invalid single-line block: expected '}' after its one argument definition")
        }
        let name = text(token)
        return [.attribute(Attribute(name: name, nameRange: token.range, expression: expression,
                                     range: token.range.union(expression.range)))]
    }

    private mutating func parseQuotedLabel() throws(HCLError) -> Label {
        let open = next()
        var value = ""
        while true {
            let token = next()
            switch token.kind {
            case .quotedLiteral:
                value += try decodeQuoted(token)
            case .closeQuote:
                return Label(value: value, isQuoted: true, range: open.range.union(token.range))
            case .templateInterp, .templateControl:
                throw error("Invalid block label: template sequences are not allowed in block labels", token.range)
            default:
                throw unexpected(token, "Unterminated block label")
            }
        }
    }

    // MARK: expressions

    mutating func parseExpression() throws(HCLError) -> HCLExpression {
        let first = peek
        try enter(first.range)
        defer { leave() }
        let condition = try parseBinary(minimumPrecedence: 1)
        guard peek.kind == .question else { return condition }
        next()
        let trueResult = try parseExpression()
        try expect(.colon, "Expected ':' between the results of the conditional expression")
        let falseResult = try parseExpression()
        return .conditional(Conditional(condition: condition, trueResult: trueResult, falseResult: falseResult,
                                        range: condition.range.union(falseResult.range)))
    }

    private static func binaryOperator(_ kind: TokenKind) -> BinaryOperator? {
        switch kind {
        case .or: .or
        case .and: .and
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessEqual: .lessOrEqual
        case .greater: .greater
        case .greaterEqual: .greaterOrEqual
        case .plus: .add
        case .minus: .subtract
        case .star: .multiply
        case .slash: .divide
        case .percent: .modulo
        default: nil
        }
    }

    /// Precedence climbing over the six left-associative levels.
    private mutating func parseBinary(minimumPrecedence: Int) throws(HCLError) -> HCLExpression {
        var lhs = try parseUnary()
        while let op = Parser.binaryOperator(peek.kind), op.precedence >= minimumPrecedence {
            let opToken = next()
            let rhs = try parseBinary(minimumPrecedence: op.precedence + 1)
            lhs = .binary(BinaryOperation(lhs: lhs, op: op, rhs: rhs, operatorRange: opToken.range,
                                          range: lhs.range.union(rhs.range)))
        }
        return lhs
    }

    private mutating func parseUnary() throws(HCLError) -> HCLExpression {
        let token = peek
        let op: UnaryOperator
        switch token.kind {
        case .bang: op = .not
        case .minus: op = .negate
        default: return try parsePostfix(try parsePrimary())
        }
        next()
        try enter(token.range)
        defer { leave() }
        let operand = try parseUnary()
        return .unary(UnaryOperation(op: op, operand: operand, range: token.range.union(operand.range)))
    }

    private mutating func parsePrimary() throws(HCLError) -> HCLExpression {
        let token = peek
        switch token.kind {
        case .number:
            next()
            return .literal(Literal(.number(text(token)), range: token.range))
        case .identifier:
            return try parseIdentifierExpression()
        case .openParen:
            next()
            return try withNewlines(significant: false) { (p: inout Parser) throws(HCLError) -> HCLExpression in
                let inner = try p.parseExpression()
                let close = try p.expect(.closeParen, "Expected ')' to close the parenthesized expression")
                return .parenthesized(Parenthesized(expression: inner, range: token.range.union(close.range)))
            }
        case .openBracket:
            return try parseTupleOrFor()
        case .openBrace:
            return try parseObjectOrFor()
        case .openQuote:
            return try parseQuotedTemplate()
        case .heredocBegin:
            return try parseHeredoc()
        default:
            throw unexpected(token, "Expected the start of an expression")
        }
    }

    private mutating func parseIdentifierExpression() throws(HCLError) -> HCLExpression {
        let token = next()
        var name = text(token)
        var nameRange = token.range
        while peek.kind == .doubleColon {
            next()
            let part = try expect(.identifier, "Expected a name after '::'")
            name += "::" + text(part)
            nameRange = nameRange.union(part.range)
            if peek.kind != .doubleColon, peek.kind != .openParen {
                throw unexpected(peek, "Expected '(' after the namespaced function name '\(name)'")
            }
        }
        if peek.kind == .openParen {
            return try parseCall(name: name, nameRange: nameRange)
        }
        switch name {
        case "true": return .literal(Literal(.bool(true), range: token.range))
        case "false": return .literal(Literal(.bool(false), range: token.range))
        case "null": return .literal(Literal(.null, range: token.range))
        default: return .variable(Variable(name: name, range: token.range))
        }
    }

    private mutating func parseCall(name: String, nameRange: SourceRange) throws(HCLError) -> HCLExpression {
        next()
        return try withNewlines(significant: false) { (p: inout Parser) throws(HCLError) -> HCLExpression in
            var arguments: [HCLExpression] = []
            var expands = false
            while p.peek.kind != .closeParen {
                arguments.append(try p.parseExpression())
                if p.peek.kind == .ellipsis {
                    p.next()
                    expands = true
                    if p.peek.kind == .comma { p.next() }
                    guard p.peek.kind == .closeParen else {
                        throw p.unexpected(p.peek, "Expected ')' after the expanded final argument ('...')")
                    }
                    break
                }
                if p.peek.kind == .comma {
                    p.next()
                } else if p.peek.kind != .closeParen {
                    throw p.unexpected(p.peek, "Missing ',' or ')' in the arguments of '\(name)'")
                }
            }
            let close = p.next()
            return .functionCall(FunctionCall(name: name, nameRange: nameRange, arguments: arguments,
                                              expandsFinalArgument: expands, range: nameRange.union(close.range)))
        }
    }

    private func isForKeywordAhead() -> Bool {
        // `for` opens a for expression only when an iterator name follows it.
        var i = peekIndex(from: index) + 1
        while i < tokens.count - 1, tokens[i].kind == .newline { i += 1 }
        guard isKeyword(tokens[i], "for") else { return false }
        i += 1
        while i < tokens.count - 1, tokens[i].kind == .newline { i += 1 }
        return tokens[i].kind == .identifier
    }

    private mutating func parseTupleOrFor() throws(HCLError) -> HCLExpression {
        let open = peek
        let isFor = isForKeywordAhead()
        next()
        return try withNewlines(significant: false) { (p: inout Parser) throws(HCLError) -> HCLExpression in
            if isFor { return try p.parseForExpression(open: open, objectForm: false) }
            var elements: [HCLExpression] = []
            while p.peek.kind != .closeBracket {
                elements.append(try p.parseExpression())
                if p.peek.kind == .comma {
                    p.next()
                } else if p.peek.kind != .closeBracket {
                    throw p.unexpected(p.peek, "Missing ',' or ']' in the tuple")
                }
            }
            let close = p.next()
            return .tuple(Tuple(elements: elements, range: open.range.union(close.range)))
        }
    }

    private mutating func parseObjectOrFor() throws(HCLError) -> HCLExpression {
        let open = peek
        if isForKeywordAhead() {
            next()
            return try withNewlines(significant: false) { (p: inout Parser) throws(HCLError) -> HCLExpression in
                try p.parseForExpression(open: open, objectForm: true)
            }
        }
        next()
        return try withNewlines(significant: true) { (p: inout Parser) throws(HCLError) -> HCLExpression in
            var items: [ObjectItem] = []
            p.skipNewlines()
            while p.peek.kind != .closeBrace {
                items.append(try p.parseObjectItem())
                switch p.peek.kind {
                case .comma:
                    p.next()
                    p.skipNewlines()
                case .newline:
                    p.skipNewlines()
                case .closeBrace:
                    break
                default:
                    throw p.unexpected(p.peek, "Missing item separator: expected a newline or ',' after an object item")
                }
            }
            let close = p.next()
            return .object(ObjectConstructor(items: items, range: open.range.union(close.range)))
        }
    }

    private mutating func skipNewlines() {
        while tokens[index].kind == .newline, index < tokens.count - 1 { index += 1 }
    }

    private mutating func parseObjectItem() throws(HCLError) -> ObjectItem {
        let key: HCLExpression
        let first = peek
        if first.kind == .identifier, peekSecond.kind == .assign || peekSecond.kind == .colon {
            next()
            key = .variable(Variable(name: text(first), range: first.range))
        } else {
            key = try parseExpression()
        }
        let separator = peek
        guard separator.kind == .assign || separator.kind == .colon else {
            throw unexpected(separator, "Expected '=' or ':' after the object key")
        }
        next()
        let value = try parseExpression()
        return ObjectItem(key: key, value: value, range: key.range.union(value.range))
    }

    private mutating func parseForExpression(open: Token, objectForm: Bool) throws(HCLError) -> HCLExpression {
        next()  // `for`
        let first = try expect(.identifier, "Expected an iterator variable name after 'for'")
        var keyVariable: Name?
        var valueVariable = Name(text(first), range: first.range)
        if peek.kind == .comma {
            next()
            let second = try expect(.identifier, "Expected a value variable name after ','")
            keyVariable = valueVariable
            valueVariable = Name(text(second), range: second.range)
        }
        guard isKeyword(peek, "in") else { throw unexpected(peek, "Expected 'in' after the for iterator variables") }
        next()
        let collection = try parseExpression()
        try expect(.colon, "Expected ':' after the for expression's collection")
        var keyExpression: HCLExpression?
        var valueExpression = try parseExpression()
        var grouping = false
        if objectForm {
            try expect(.fatArrow, "Expected '=>' between the key and value of an object for expression")
            keyExpression = valueExpression
            valueExpression = try parseExpression()
            if peek.kind == .ellipsis {
                next()
                grouping = true
            }
        }
        var condition: HCLExpression?
        if isKeyword(peek, "if") {
            next()
            condition = try parseExpression()
        }
        let close = try expect(objectForm ? .closeBrace : .closeBracket,
                               objectForm ? "Expected '}' to close the for expression" : "Expected ']' to close the for expression")
        return .forExpression(ForExpression(keyVariable: keyVariable, valueVariable: valueVariable, collection: collection,
                                            keyExpression: keyExpression, valueExpression: valueExpression,
                                            condition: condition, isGrouping: grouping,
                                            range: open.range.union(close.range)))
    }

    // MARK: traversals

    private mutating func parsePostfix(_ base: HCLExpression) throws(HCLError) -> HCLExpression {
        var expression = base
        while true {
            let token = peek
            if token.kind == .dot {
                let after = peekSecond
                if after.kind == .star {
                    next()
                    next()
                    let splatRange = token.range.union(after.range)
                    let each = try parseAttributeSplatSteps(.splatElement(splatRange))
                    expression = .splat(Splat(source: expression, each: each, kind: .attributeOnly,
                                              range: expression.range.union(each.range)))
                } else {
                    expression = try parseDotStep(expression)
                }
            } else if token.kind == .openBracket {
                if peekSecond.kind == .star {
                    next()
                    next()
                    let close = try expect(.closeBracket, "Expected ']' after '[*'")
                    let splatRange = token.range.union(close.range)
                    try enter(splatRange)
                    defer { leave() }
                    let each = try parsePostfix(.splatElement(splatRange))
                    return .splat(Splat(source: expression, each: each, kind: .full,
                                        range: expression.range.union(each.range)))
                }
                next()
                expression = try withNewlines(significant: false) { (p: inout Parser) throws(HCLError) -> HCLExpression in
                    let key = try p.parseExpression()
                    let close = try p.expect(.closeBracket, "Expected ']' to close the index")
                    return .index(Index(collection: expression, key: key, isLegacy: false,
                                        range: expression.range.union(close.range)))
                }
            } else {
                return expression
            }
        }
    }

    /// After `.*` only attribute names and legacy indexes continue the splat (spec: "Splat Operators").
    private mutating func parseAttributeSplatSteps(_ base: HCLExpression) throws(HCLError) -> HCLExpression {
        var expression = base
        while peek.kind == .dot, peekSecond.kind == .identifier || peekSecond.kind == .number {
            expression = try parseDotStep(expression)
        }
        return expression
    }

    /// `.name` or the legacy index `.0`; a number token such as `0.1` holds two indexes.
    private mutating func parseDotStep(_ object: HCLExpression) throws(HCLError) -> HCLExpression {
        next()
        let token = next()
        switch token.kind {
        case .identifier:
            return .getAttribute(GetAttribute(object: object, name: text(token), nameRange: token.range,
                                              range: object.range.union(token.range)))
        case .number:
            let digits = text(token)
            var expression = object
            var offset = 0
            for piece in digits.split(separator: ".", omittingEmptySubsequences: false) {
                guard !piece.isEmpty, piece.utf8.allSatisfy(Lexer.isDigit) else {
                    throw error("Invalid legacy index: only whole numbers may follow '.'", token.range)
                }
                let start = SourceLocation(offset: token.range.start.offset + offset, line: token.range.start.line,
                                           column: token.range.start.column + offset)
                let end = SourceLocation(offset: start.offset + piece.utf8.count, line: start.line,
                                         column: start.column + piece.utf8.count)
                let range = SourceRange(start: start, end: end)
                expression = .index(Index(collection: expression, key: .literal(Literal(.number(String(piece)), range: range)),
                                          isLegacy: true, range: object.range.union(range)))
                offset += piece.utf8.count + 1
            }
            return expression
        default:
            throw unexpected(token, "Expected an attribute name, an index or '*' after '.'")
        }
    }

    // MARK: templates

    /// A template element before directives are nested.
    private enum RawPart {
        case literal(String, SourceRange)
        case interpolation(TemplateInterpolation)
        case ifOpen(HCLExpression, SourceRange, stripBefore: Bool, stripAfter: Bool)
        case elseMark(SourceRange, stripBefore: Bool, stripAfter: Bool)
        case endIf(SourceRange, stripBefore: Bool, stripAfter: Bool)
        case forOpen(Name?, Name, HCLExpression, SourceRange, stripBefore: Bool, stripAfter: Bool)
        case endFor(SourceRange, stripBefore: Bool, stripAfter: Bool)

        var strips: (before: Bool, after: Bool) {
            switch self {
            case .literal: (false, false)
            case .interpolation(let part): (part.stripsBefore, part.stripsAfter)
            case .ifOpen(_, _, let b, let a), .elseMark(_, let b, let a), .endIf(_, let b, let a),
                 .forOpen(_, _, _, _, let b, let a), .endFor(_, let b, let a): (b, a)
            }
        }

        var range: SourceRange {
            switch self {
            case .literal(_, let range): range
            case .interpolation(let part): part.range
            case .ifOpen(_, let range, _, _), .elseMark(let range, _, _), .endIf(let range, _, _),
                 .forOpen(_, _, _, let range, _, _), .endFor(let range, _, _): range
            }
        }
    }

    private mutating func parseQuotedTemplate() throws(HCLError) -> HCLExpression {
        let open = next()
        let raw = try parseTemplateParts(until: .closeQuote)
        let close = next()
        let parts = try assembleTemplate(raw, flush: false)
        return .template(Template(parts: parts, kind: .quoted, range: open.range.union(close.range)))
    }

    private mutating func parseHeredoc() throws(HCLError) -> HCLExpression {
        let open = next()
        let introducer = text(open)
        let flush = introducer.utf8.dropFirst(2).first == UInt8(ascii: "-")
        let identifier = String(introducer.dropFirst(flush ? 3 : 2))
        let raw = try parseTemplateParts(until: .heredocEnd)
        let close = next()
        let parts = try assembleTemplate(raw, flush: flush)
        return .template(Template(parts: parts, kind: .heredoc(identifier: identifier, flush: flush),
                                  range: open.range.union(close.range)))
    }

    /// Reads template tokens up to (not including) `end`.
    private mutating func parseTemplateParts(until end: TokenKind) throws(HCLError) -> [RawPart] {
        var raw: [RawPart] = []
        while true {
            let token = tokens[index]
            switch token.kind {
            case end:
                return raw
            case .quotedLiteral:
                next()
                raw.append(.literal(try decodeQuoted(token), token.range))
            case .stringLiteral:
                next()
                raw.append(.literal(decodeTemplateText(token), token.range))
            case .templateInterp:
                next()
                let stripBefore = token.local.count == 3
                try enter(token.range)
                defer { leave() }
                let (expression, close) = try withNewlines(significant: false) {
                    (p: inout Parser) throws(HCLError) -> (HCLExpression, Token) in
                    let expression = try p.parseExpression()
                    let close = try p.expect(.templateSeqEnd, "Expected '}' to close the interpolation")
                    return (expression, close)
                }
                raw.append(.interpolation(TemplateInterpolation(
                    expression: expression, stripsBefore: stripBefore, stripsAfter: close.local.count == 2,
                    range: token.range.union(close.range))))
            case .templateControl:
                next()
                try enter(token.range)
                defer { leave() }
                raw.append(try withNewlines(significant: false) { (p: inout Parser) throws(HCLError) -> RawPart in
                    try p.parseDirective(open: token)
                })
            case .invalid:
                throw unexpected(token, "")
            default:
                throw unexpected(token, end == .closeQuote ? "Unterminated template string" : "Unterminated template")
            }
        }
    }

    private mutating func parseDirective(open: Token) throws(HCLError) -> RawPart {
        let stripBefore = open.local.count == 3
        let keyword = peek
        guard keyword.kind == .identifier else {
            throw unexpected(keyword, "Expected a template directive keyword (if, else, endif, for, endfor)")
        }
        next()
        func close(_ p: inout Parser) throws(HCLError) -> (SourceRange, Bool) {
            let token = try p.expect(.templateSeqEnd, "Expected '}' to close the template directive")
            return (open.range.union(token.range), token.local.count == 2)
        }
        switch text(keyword) {
        case "if":
            let condition = try parseExpression()
            let (range, stripAfter) = try close(&self)
            return .ifOpen(condition, range, stripBefore: stripBefore, stripAfter: stripAfter)
        case "else":
            let (range, stripAfter) = try close(&self)
            return .elseMark(range, stripBefore: stripBefore, stripAfter: stripAfter)
        case "endif":
            let (range, stripAfter) = try close(&self)
            return .endIf(range, stripBefore: stripBefore, stripAfter: stripAfter)
        case "endfor":
            let (range, stripAfter) = try close(&self)
            return .endFor(range, stripBefore: stripBefore, stripAfter: stripAfter)
        case "for":
            let first = try expect(.identifier, "Expected an iterator variable name after 'for'")
            var keyVariable: Name?
            var valueVariable = Name(text(first), range: first.range)
            if peek.kind == .comma {
                next()
                let second = try expect(.identifier, "Expected a value variable name after ','")
                keyVariable = valueVariable
                valueVariable = Name(text(second), range: second.range)
            }
            guard isKeyword(peek, "in") else { throw unexpected(peek, "Expected 'in' after the for iterator variables") }
            next()
            let collection = try parseExpression()
            let (range, stripAfter) = try close(&self)
            return .forOpen(keyVariable, valueVariable, collection, range, stripBefore: stripBefore, stripAfter: stripAfter)
        default:
            throw error("Invalid template directive '\(text(keyword))': expected if, else, endif, for or endfor",
                        keyword.range)
        }
    }

    /// Applies strip markers and flush-heredoc indentation, then nests the directives.
    private mutating func assembleTemplate(_ input: [RawPart], flush: Bool) throws(HCLError) -> [TemplatePart] {
        var raw = input
        for i in raw.indices {
            let strips = raw[i].strips
            if strips.before, i > 0, case .literal(let text, let range) = raw[i - 1] {
                raw[i - 1] = .literal(Parser.trimmingWhitespace(text, leading: false), range)
            }
            if strips.after, i + 1 < raw.count, case .literal(let text, let range) = raw[i + 1] {
                raw[i + 1] = .literal(Parser.trimmingWhitespace(text, leading: true), range)
            }
        }
        if flush { Parser.removeCommonIndentation(&raw) }
        var position = 0
        let (parts, terminator) = try nestDirectives(raw, &position)
        if let terminator {
            throw error(Parser.strayDirectiveMessage(terminator), terminator.range)
        }
        return parts
    }

    private static func strayDirectiveMessage(_ part: RawPart) -> String {
        switch part {
        case .elseMark: "Unexpected 'else' directive: there is no open 'if'"
        case .endIf: "Unexpected 'endif' directive: there is no open 'if'"
        case .endFor: "Unexpected 'endfor' directive: there is no open 'for'"
        default: "Unexpected template directive"
        }
    }

    /// Builds parts until a closing directive (`else`, `endif`, `endfor`), which it returns.
    private mutating func nestDirectives(_ raw: [RawPart], _ position: inout Int) throws(HCLError)
        -> ([TemplatePart], RawPart?) {
        var parts: [TemplatePart] = []
        while position < raw.count {
            let part = raw[position]
            position += 1
            switch part {
            case .literal(let text, let range):
                if text.isEmpty { continue }
                if case .literal(let previous)? = parts.last {
                    parts[parts.count - 1] = .literal(TemplateLiteral(value: previous.value + text,
                                                                      range: previous.range.union(range)))
                } else {
                    parts.append(.literal(TemplateLiteral(value: text, range: range)))
                }
            case .interpolation(let interpolation):
                parts.append(.interpolation(interpolation))
            case .ifOpen(let condition, let range, _, _):
                try enter(range)
                defer { leave() }
                let (thenParts, end) = try nestDirectives(raw, &position)
                var elseParts: [TemplatePart]?
                var closing = end
                if case .elseMark? = end {
                    let (parsedElse, afterElse) = try nestDirectives(raw, &position)
                    elseParts = parsedElse
                    closing = afterElse
                }
                guard case .endIf(let endRange, _, _)? = closing else {
                    if let closing { throw error(Parser.strayDirectiveMessage(closing), closing.range) }
                    throw error("Unterminated 'if' directive: no matching %{ endif }", range)
                }
                parts.append(.ifDirective(TemplateIf(condition: condition, thenParts: thenParts, elseParts: elseParts,
                                                     range: range.union(endRange))))
            case .forOpen(let key, let value, let collection, let range, _, _):
                try enter(range)
                defer { leave() }
                let (body, end) = try nestDirectives(raw, &position)
                guard case .endFor(let endRange, _, _)? = end else {
                    if let end { throw error(Parser.strayDirectiveMessage(end), end.range) }
                    throw error("Unterminated 'for' directive: no matching %{ endfor }", range)
                }
                parts.append(.forDirective(TemplateFor(keyVariable: key, valueVariable: value, collection: collection,
                                                       body: body, range: range.union(endRange))))
            case .elseMark, .endIf, .endFor:
                return (parts, part)
            }
        }
        return (parts, nil)
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }

    private static func trimmingWhitespace(_ text: String, leading: Bool) -> String {
        let scalars = text.unicodeScalars
        if leading {
            guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
            return String(scalars[first...])
        }
        guard let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[...last])
    }

    /// `<<-` removes from every line the smallest indentation of its non-blank lines; a line
    /// starting with an interpolation counts as unindented, and whitespace-only lines neither
    /// count nor change (spec: "Heredoc templates").
    private static func removeCommonIndentation(_ raw: inout [RawPart]) {
        var minimum = Int.max
        var adjust: [Int] = []
        var atLineStart = true
        for (i, part) in raw.enumerated() {
            if atLineStart {
                atLineStart = false
                if case .literal(let text, _) = part {
                    let indent = text.unicodeScalars.prefix(while: { isSpace($0) && $0 != "\n" && $0 != "\r" }).count
                    let blank = text.unicodeScalars.allSatisfy(isSpace) && text.hasSuffix("\n")
                    if !blank {
                        minimum = min(minimum, indent)
                        adjust.append(i)
                    }
                } else {
                    minimum = 0
                }
            }
            if case .literal(let text, _) = part, text.hasSuffix("\n") { atLineStart = true }
        }
        guard minimum > 0, minimum != Int.max else { return }
        for i in adjust {
            if case .literal(let text, let range) = raw[i] {
                raw[i] = .literal(String(text.unicodeScalars.dropFirst(minimum)), range)
            }
        }
    }

    // MARK: literal text

    /// Heredoc and bare template text: only `$${` and `%%{` are escapes.
    private func decodeTemplateText(_ token: Token) -> String {
        let bytes = src[token.local]
        guard bytes.contains(where: { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "%") }) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "$") || b == UInt8(ascii: "%"), i + 2 < bytes.endIndex,
               bytes[i + 1] == b, bytes[i + 2] == UInt8(ascii: "{") {
                out.append(b)
                out.append(UInt8(ascii: "{"))
                i += 3
                continue
            }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Quoted string text: `\n \r \t \" \\ \uNNNN \UNNNNNNNN`, `$${` and `%%{` (spec: "Template
    /// Literals").
    func decodeQuoted(_ token: Token) throws(HCLError) -> String {
        let lo = token.local.lowerBound
        let hi = token.local.upperBound
        var out: [UInt8] = []
        out.reserveCapacity(hi - lo)
        var i = lo
        while i < hi {
            let b = src[i]
            if b == UInt8(ascii: "\\") {
                guard i + 1 < hi else { throw escapeError(token, at: i, "Invalid escape sequence: '\\' at the end of the string") }
                let e = src[i + 1]
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let count = e == UInt8(ascii: "u") ? 4 : 8
                    var value: UInt32 = 0
                    var valid = i + 2 + count <= hi
                    if valid {
                        for k in 0..<count {
                            guard let digit = Parser.hexValue(src[i + 2 + k]) else {
                                valid = false
                                break
                            }
                            value = value << 4 | UInt32(digit)
                        }
                    }
                    guard valid, let scalar = Unicode.Scalar(value) else {
                        throw escapeError(token, at: i, "Invalid Unicode escape: expected \(count) hexadecimal digits naming a Unicode scalar")
                    }
                    for unit in UTF8.encode(scalar) ?? UTF8.EncodedScalar() { out.append(unit) }
                    i += 2 + count
                    continue
                default:
                    throw escapeError(token, at: i, "Invalid escape sequence '\\\(Character(Unicode.Scalar(e)))': valid escapes are \\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN")
                }
                i += 2
                continue
            }
            if b == UInt8(ascii: "$") || b == UInt8(ascii: "%"), i + 2 < hi, src[i + 1] == b, src[i + 2] == UInt8(ascii: "{") {
                out.append(b)
                out.append(UInt8(ascii: "{"))
                i += 3
                continue
            }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }

    /// An error at a byte inside a single-line literal token.
    private func escapeError(_ token: Token, at byte: Int, _ message: String) -> HCLError {
        let location: SourceLocation
        if case .table(let table) = map, byte < table.count {
            location = table[byte]
        } else {
            var column = token.range.start.column
            for k in token.local.lowerBound..<byte where src[k] & 0xC0 != 0x80 { column += 1 }
            location = SourceLocation(offset: token.range.start.offset + byte - token.local.lowerBound,
                                      line: token.range.start.line, column: column)
        }
        let end = SourceLocation(offset: location.offset + 2, line: location.line, column: location.column + 2)
        return error(message, SourceRange(start: location, end: min(end, token.range.end)))
    }
}
