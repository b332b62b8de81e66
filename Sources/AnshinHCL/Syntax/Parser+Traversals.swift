/// Traversals: attribute access, indexes and splats after a term.
extension Parser {
    mutating func parsePostfix(_ base: HCLExpression) throws(HCLError) -> HCLExpression {
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
    mutating func parseAttributeSplatSteps(_ base: HCLExpression) throws(HCLError) -> HCLExpression {
        var expression = base
        while peek.kind == .dot, peekSecond.kind == .identifier || peekSecond.kind == .number {
            expression = try parseDotStep(expression)
        }
        return expression
    }

    /// `.name` or the legacy index `.0`; a number token such as `0.1` holds two indexes.
    mutating func parseDotStep(_ object: HCLExpression) throws(HCLError) -> HCLExpression {
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
}
