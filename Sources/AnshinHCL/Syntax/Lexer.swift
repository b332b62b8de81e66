/// Maps positions computed over a byte buffer back to the file the buffer came from.
///
/// Native files are lexed in place (`identity`). A JSON string is decoded before its template is
/// lexed: without escapes its bytes sit on one line at a known start (`shift`); with escapes each
/// decoded byte remembers the source position that produced it (`table`).
enum PositionMap: Sendable, Hashable {
    case identity
    case shift(SourceLocation)
    case table([SourceLocation])

    func map(_ location: SourceLocation) -> SourceLocation {
        switch self {
        case .identity:
            return location
        case .shift(let base):
            return SourceLocation(offset: base.offset + location.offset, line: base.line + location.line - 1,
                                  column: location.line == 1 ? base.column + location.column - 1 : location.column)
        case .table(let table):
            guard let last = table.last else { return location }
            return location.offset >= 0 && location.offset < table.count ? table[location.offset] : last
        }
    }

    func map(_ range: SourceRange) -> SourceRange {
        SourceRange(start: map(range.start), end: map(range.end))
    }
}

/// Splits HCL native syntax into tokens, working on UTF-8 bytes.
///
/// HCL's lexical structure depends on context (a `"` opens a template whose `${` reopens
/// expression syntax, whose `}` returns to the template), so the lexer keeps a stack of frames
/// instead of a single mode. It stops at the first lexical error, emitting an `invalid` token and
/// recording the message; the parser reports it when it reaches that token, so an earlier
/// syntax error still wins.
struct Lexer {
    /// What the lexer starts in: a configuration file or expression, or a bare template.
    enum Mode { case native, template }

    private struct Frame {
        enum Kind { case brace, interpolation, quoted, heredoc, bare }
        var kind: Kind
        var start: SourceLocation
        var identifier: Range<Int> = 0..<0
        var atLineStart = false
    }

    private let src: [UInt8]
    private var pos = 0
    private var line = 1
    private var column = 1
    private var frames: [Frame] = []
    private(set) var tokens: [Token] = []
    private(set) var comments: [Comment] = []
    private(set) var errorMessage: String?

    /// Lexes `bytes` completely; read `tokens`, `comments` and `errorMessage` afterwards.
    init(bytes: [UInt8], mode: Mode, map: PositionMap = .identity) {
        src = bytes
        // A UTF-8 byte order mark is not content.
        if src.count >= 3, src[0] == 0xEF, src[1] == 0xBB, src[2] == 0xBF { pos = 3 }
        tokens.reserveCapacity(bytes.count / 4 + 8)
        if mode == .template { frames.append(Frame(kind: .bare, start: here)) }
        run()
        if case .identity = map { return }
        for index in tokens.indices { tokens[index].range = map.map(tokens[index].range) }
        for index in comments.indices { comments[index].range = map.map(comments[index].range) }
    }

    private var here: SourceLocation { SourceLocation(offset: pos, line: line, column: column) }

    private func byte(_ offset: Int) -> UInt8? {
        let index = pos + offset
        return index < src.count ? src[index] : nil
    }

    private mutating func advance() {
        let b = src[pos]
        pos += 1
        if b == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if b & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func advance(_ count: Int) {
        for _ in 0..<count where pos < src.count { advance() }
    }

    private mutating func emit(_ kind: TokenKind, from start: SourceLocation) {
        tokens.append(Token(kind: kind, range: SourceRange(start: start, end: here), local: start.offset..<pos))
    }

    private mutating func fail(_ message: String, from start: SourceLocation) {
        errorMessage = message
        tokens.append(Token(kind: .invalid, range: SourceRange(start: start, end: here), local: start.offset..<pos))
    }

    private mutating func run() {
        while errorMessage == nil {
            let more: Bool
            switch frames.last?.kind {
            case .quoted?: more = scanQuoted()
            case .heredoc?: more = scanHeredoc()
            case .bare?: more = scanBare()
            case .brace?, .interpolation?, nil: more = scanNative()
            }
            if !more { break }
        }
        if errorMessage == nil { emit(.eof, from: here) }
    }

    // MARK: native syntax

    static func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b >= 0x80
    }

    static func isIdentifierContinue(_ b: UInt8) -> Bool {
        isIdentifierStart(b) || isDigit(b) || b == 0x2D
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private mutating func single(_ kind: TokenKind, length: Int = 1) -> Bool {
        let start = here
        advance(length)
        emit(kind, from: start)
        return true
    }

    private mutating func scanNative() -> Bool {
        guard pos < src.count else { return false }
        let b = src[pos]
        let next = byte(1)
        let start = here
        switch b {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
            advance()
            return true
        case UInt8(ascii: "\n"): return single(.newline)
        case UInt8(ascii: "#"):
            scanLineComment(style: .hash)
            return true
        case UInt8(ascii: "/"):
            if next == UInt8(ascii: "/") {
                scanLineComment(style: .doubleSlash)
                return true
            }
            if next == UInt8(ascii: "*") {
                scanBlockComment()
                return true
            }
            return single(.slash)
        case UInt8(ascii: "\""):
            advance()
            emit(.openQuote, from: start)
            frames.append(Frame(kind: .quoted, start: start))
            return true
        case UInt8(ascii: "{"):
            frames.append(Frame(kind: .brace, start: start))
            return single(.openBrace)
        case UInt8(ascii: "}"):
            if frames.last?.kind == .interpolation {
                frames.removeLast()
                return single(.templateSeqEnd)
            }
            if frames.last?.kind == .brace { frames.removeLast() }
            return single(.closeBrace)
        case UInt8(ascii: "~"):
            if next == UInt8(ascii: "}"), frames.last?.kind == .interpolation {
                frames.removeLast()
                return single(.templateSeqEnd, length: 2)
            }
            advance()
            fail("Invalid character '~': a strip marker is only allowed right after '${' or '%{' or right before the closing '}'", from: start)
            return false
        case UInt8(ascii: "["): return single(.openBracket)
        case UInt8(ascii: "]"): return single(.closeBracket)
        case UInt8(ascii: "("): return single(.openParen)
        case UInt8(ascii: ")"): return single(.closeParen)
        case UInt8(ascii: ","): return single(.comma)
        case UInt8(ascii: "?"): return single(.question)
        case UInt8(ascii: "+"): return single(.plus)
        case UInt8(ascii: "-"): return single(.minus)
        case UInt8(ascii: "*"): return single(.star)
        case UInt8(ascii: "%"): return single(.percent)
        case UInt8(ascii: ":"):
            return next == UInt8(ascii: ":") ? single(.doubleColon, length: 2) : single(.colon)
        case UInt8(ascii: "="):
            if next == UInt8(ascii: "=") { return single(.equal, length: 2) }
            if next == UInt8(ascii: ">") { return single(.fatArrow, length: 2) }
            return single(.assign)
        case UInt8(ascii: "!"):
            return next == UInt8(ascii: "=") ? single(.notEqual, length: 2) : single(.bang)
        case UInt8(ascii: ">"):
            return next == UInt8(ascii: "=") ? single(.greaterEqual, length: 2) : single(.greater)
        case UInt8(ascii: "<"):
            if next == UInt8(ascii: "<") { return scanHeredocBegin() }
            return next == UInt8(ascii: "=") ? single(.lessEqual, length: 2) : single(.less)
        case UInt8(ascii: "&"):
            if next == UInt8(ascii: "&") { return single(.and, length: 2) }
            advance()
            fail("Invalid character '&'; did you mean '&&'?", from: start)
            return false
        case UInt8(ascii: "|"):
            if next == UInt8(ascii: "|") { return single(.or, length: 2) }
            advance()
            fail("Invalid character '|'; did you mean '||'?", from: start)
            return false
        case UInt8(ascii: "."):
            if next == UInt8(ascii: "."), byte(2) == UInt8(ascii: ".") { return single(.ellipsis, length: 3) }
            return single(.dot)
        default:
            if Lexer.isDigit(b) {
                scanNumber()
                return true
            }
            if Lexer.isIdentifierStart(b) {
                while pos < src.count, Lexer.isIdentifierContinue(src[pos]) { advance() }
                emit(.identifier, from: start)
                return true
            }
            advance()
            let shown = b >= 0x20 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16))"
            fail("Invalid character \(shown)", from: start)
            return false
        }
    }

    private mutating func scanNumber() {
        let start = here
        while pos < src.count, Lexer.isDigit(src[pos]) { advance() }
        if byte(0) == UInt8(ascii: "."), let d = byte(1), Lexer.isDigit(d) {
            advance()
            while pos < src.count, Lexer.isDigit(src[pos]) { advance() }
        }
        if let e = byte(0), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var digitAt = 1
            if let sign = byte(1), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { digitAt = 2 }
            if let d = byte(digitAt), Lexer.isDigit(d) {
                advance(digitAt)
                while pos < src.count, Lexer.isDigit(src[pos]) { advance() }
            }
        }
        emit(.number, from: start)
    }

    private mutating func scanLineComment(style: Comment.Style) {
        let start = here
        while pos < src.count, src[pos] != UInt8(ascii: "\n") { advance() }
        var end = pos
        if end > start.offset, src[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let text = String(decoding: src[start.offset..<end], as: UTF8.self)
        comments.append(Comment(text: text, style: style, range: SourceRange(start: start, end: here)))
    }

    private mutating func scanBlockComment() {
        let start = here
        advance(2)
        while pos < src.count {
            if src[pos] == UInt8(ascii: "*"), byte(1) == UInt8(ascii: "/") {
                advance(2)
                let text = String(decoding: src[start.offset..<pos], as: UTF8.self)
                comments.append(Comment(text: text, style: .block, range: SourceRange(start: start, end: here)))
                return
            }
            advance()
        }
        fail("Unterminated comment: '/*' has no matching '*/'", from: start)
        tokens[tokens.count - 1].range.end = SourceLocation(offset: start.offset + 2, line: start.line, column: start.column + 2)
    }

    /// `<<ID` or `<<-ID` followed by a newline (spec: "Heredoc templates").
    private mutating func scanHeredocBegin() -> Bool {
        let start = here
        var p = pos + 2
        if p < src.count, src[p] == UInt8(ascii: "-") { p += 1 }
        let idStart = p
        if p < src.count, Lexer.isIdentifierStart(src[p]) {
            p += 1
            while p < src.count, Lexer.isIdentifierContinue(src[p]) { p += 1 }
        }
        let idEnd = p
        var newlineLength = 0
        if p < src.count, src[p] == UInt8(ascii: "\n") {
            newlineLength = 1
        } else if p + 1 < src.count, src[p] == UInt8(ascii: "\r"), src[p + 1] == UInt8(ascii: "\n") {
            newlineLength = 2
        }
        guard idEnd > idStart, newlineLength > 0 else {
            advance(idEnd - pos)
            fail("Invalid heredoc introducer: '<<' or '<<-' must be followed by an identifier and a newline", from: start)
            return false
        }
        advance(idEnd - pos)
        emit(.heredocBegin, from: start)
        advance(newlineLength)
        frames.append(Frame(kind: .heredoc, start: start, identifier: idStart..<idEnd, atLineStart: true))
        return true
    }

    // MARK: templates

    /// Emits `${`/`%{` (with an optional `~`) if one starts here.
    private mutating func scanTemplateOpener() -> Bool {
        guard let b = byte(0), b == UInt8(ascii: "$") || b == UInt8(ascii: "%"), byte(1) == UInt8(ascii: "{") else {
            return false
        }
        let start = here
        advance(byte(2) == UInt8(ascii: "~") ? 3 : 2)
        emit(b == UInt8(ascii: "$") ? .templateInterp : .templateControl, from: start)
        if !frames.isEmpty { frames[frames.count - 1].atLineStart = false }
        frames.append(Frame(kind: .interpolation, start: start))
        return true
    }

    /// Consumes `$${` or `%%{`, the escapes for a literal `${` and `%{`.
    private mutating func skipEscapedOpener() -> Bool {
        guard let b = byte(0), b == UInt8(ascii: "$") || b == UInt8(ascii: "%"),
              byte(1) == b, byte(2) == UInt8(ascii: "{") else { return false }
        advance(3)
        return true
    }

    private func atOpener() -> Bool {
        guard let b = byte(0), b == UInt8(ascii: "$") || b == UInt8(ascii: "%") else { return false }
        return byte(1) == UInt8(ascii: "{")
    }

    private mutating func unterminated(_ frame: Frame, message: String) -> Bool {
        let start = here
        errorMessage = message
        tokens.append(Token(kind: .invalid, range: SourceRange(start: frame.start, end: start), local: frame.start.offset..<pos))
        return false
    }

    private mutating func scanQuoted() -> Bool {
        guard let frame = frames.last else { return false }
        guard pos < src.count, src[pos] != UInt8(ascii: "\n") else {
            return unterminated(frame, message: "Unterminated template string: the quoted string has no closing '\"' on its line")
        }
        if src[pos] == UInt8(ascii: "\"") {
            frames.removeLast()
            return single(.closeQuote)
        }
        if scanTemplateOpener() { return true }
        let start = here
        while pos < src.count {
            let b = src[pos]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\n") { break }
            if b == UInt8(ascii: "\\") {
                advance()
                if pos < src.count, src[pos] != UInt8(ascii: "\n") { advance() }
                continue
            }
            if skipEscapedOpener() { continue }
            if atOpener() { break }
            advance()
        }
        emit(.quotedLiteral, from: start)
        return true
    }

    private mutating func scanHeredoc() -> Bool {
        guard let frame = frames.last else { return false }
        if frame.atLineStart, matchHeredocEnd(frame.identifier) { return true }
        guard pos < src.count else {
            let id = String(decoding: src[frame.identifier], as: UTF8.self)
            return unterminated(frame, message: "Unterminated heredoc: no line with the closing marker '\(id)'")
        }
        if scanTemplateOpener() { return true }
        let start = here
        var endsLine = false
        while pos < src.count {
            if src[pos] == UInt8(ascii: "\n") {
                advance()
                endsLine = true
                break
            }
            if skipEscapedOpener() { continue }
            if atOpener() { break }
            advance()
        }
        frames[frames.count - 1].atLineStart = endsLine
        emit(.stringLiteral, from: start)
        return true
    }

    /// A closing marker is the identifier alone on its line, optionally indented.
    private mutating func matchHeredocEnd(_ identifier: Range<Int>) -> Bool {
        var p = pos
        while p < src.count, src[p] == UInt8(ascii: " ") || src[p] == UInt8(ascii: "\t") { p += 1 }
        let length = identifier.count
        guard p + length <= src.count, src[p..<(p + length)].elementsEqual(src[identifier]) else { return false }
        let q = p + length
        let ends = q == src.count || src[q] == UInt8(ascii: "\n")
            || (src[q] == UInt8(ascii: "\r") && (q + 1 == src.count || src[q + 1] == UInt8(ascii: "\n")))
        guard ends else { return false }
        let start = here
        advance(q - pos)
        emit(.heredocEnd, from: start)
        frames.removeLast()
        return true
    }

    private mutating func scanBare() -> Bool {
        guard pos < src.count else {
            frames.removeLast()
            return true
        }
        if scanTemplateOpener() { return true }
        let start = here
        while pos < src.count {
            if skipEscapedOpener() { continue }
            if atOpener() { break }
            advance()
        }
        emit(.stringLiteral, from: start)
        return true
    }
}

/// UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
enum UTF8Check {
    /// The offset of the first byte that is not part of valid UTF-8, or nil.
    static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            var length = 0
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            let second = bytes[i + 1]
            if second < lower || second > upper { return i }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    /// The line and column of a byte offset, counted the way the lexer counts.
    static func location(of offset: Int, in bytes: [UInt8]) -> SourceLocation {
        var line = 1
        var column = 1
        let hasMark = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        let first = hasMark ? min(3, offset) : 0
        for i in first..<max(first, min(offset, bytes.count)) {
            if bytes[i] == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if bytes[i] & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(offset: offset, line: line, column: column)
    }
}
