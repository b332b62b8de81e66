/// Templates: quoted strings, heredocs, interpolations and directives, and their literal text.
extension Parser {
    /// A template element before directives are nested.
    enum RawPart {
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

    mutating func parseQuotedTemplate() throws(HCLError) -> HCLExpression {
        let open = next()
        let raw = try parseTemplateParts(until: .closeQuote)
        let close = next()
        let parts = try assembleTemplate(raw, flush: false)
        return .template(Template(parts: parts, kind: .quoted, range: open.range.union(close.range)))
    }

    mutating func parseHeredoc() throws(HCLError) -> HCLExpression {
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
    mutating func parseTemplateParts(until end: TokenKind) throws(HCLError) -> [RawPart] {
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

    mutating func parseDirective(open: Token) throws(HCLError) -> RawPart {
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
    mutating func assembleTemplate(_ input: [RawPart], flush: Bool) throws(HCLError) -> [TemplatePart] {
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

    static func strayDirectiveMessage(_ part: RawPart) -> String {
        switch part {
        case .elseMark: "Unexpected 'else' directive: there is no open 'if'"
        case .endIf: "Unexpected 'endif' directive: there is no open 'if'"
        case .endFor: "Unexpected 'endfor' directive: there is no open 'for'"
        default: "Unexpected template directive"
        }
    }

    /// Builds parts until a closing directive (`else`, `endif`, `endfor`), which it returns.
    mutating func nestDirectives(_ raw: [RawPart], _ position: inout Int) throws(HCLError)
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

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }

    static func trimmingWhitespace(_ text: String, leading: Bool) -> String {
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
    static func removeCommonIndentation(_ raw: inout [RawPart]) {
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

    // MARK: Literal text

    /// Heredoc and bare template text: only `$${` and `%%{` are escapes.
    func decodeTemplateText(_ token: Token) -> String {
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

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }

    /// An error at a byte inside a single-line literal token.
    func escapeError(_ token: Token, at byte: Int, _ message: String) -> HCLError {
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
