/// Bodies: attributes, blocks and their labels, one per line.
extension Parser {
    mutating func parseBody(until end: TokenKind, openBrace: Token?) throws(HCLError) -> [Body.Item] {
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

    mutating func parseBodyItem() throws(HCLError) -> Body.Item {
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
    mutating func parseSingleLineBlockBody(open: Token) throws(HCLError) -> [Body.Item] {
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

    mutating func parseQuotedLabel() throws(HCLError) -> Label {
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
}
