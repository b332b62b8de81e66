/// Expressions: operators by precedence, conditionals, collections, `for` expressions, function calls.
extension Parser {
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

    static func binaryOperator(_ kind: TokenKind) -> BinaryOperator? {
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
    mutating func parseBinary(minimumPrecedence: Int) throws(HCLError) -> HCLExpression {
        var lhs = try parseUnary()
        while let op = Parser.binaryOperator(peek.kind), op.precedence >= minimumPrecedence {
            let opToken = next()
            let rhs = try parseBinary(minimumPrecedence: op.precedence + 1)
            lhs = .binary(BinaryOperation(lhs: lhs, op: op, rhs: rhs, operatorRange: opToken.range,
                                          range: lhs.range.union(rhs.range)))
        }
        return lhs
    }

    mutating func parseUnary() throws(HCLError) -> HCLExpression {
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

    mutating func parsePrimary() throws(HCLError) -> HCLExpression {
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

    mutating func parseIdentifierExpression() throws(HCLError) -> HCLExpression {
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

    mutating func parseCall(name: String, nameRange: SourceRange) throws(HCLError) -> HCLExpression {
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

    func isForKeywordAhead() -> Bool {
        // `for` opens a for expression only when an iterator name follows it.
        var i = peekIndex(from: index) + 1
        while i < tokens.count - 1, tokens[i].kind == .newline { i += 1 }
        guard isKeyword(tokens[i], "for") else { return false }
        i += 1
        while i < tokens.count - 1, tokens[i].kind == .newline { i += 1 }
        return tokens[i].kind == .identifier
    }

    mutating func parseTupleOrFor() throws(HCLError) -> HCLExpression {
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

    mutating func parseObjectOrFor() throws(HCLError) -> HCLExpression {
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

    mutating func skipNewlines() {
        while tokens[index].kind == .newline, index < tokens.count - 1 { index += 1 }
    }

    mutating func parseObjectItem() throws(HCLError) -> ObjectItem {
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

    mutating func parseForExpression(open: Token, objectForm: Bool) throws(HCLError) -> HCLExpression {
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
}
