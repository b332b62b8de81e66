/// A JSON value with its source range, as read for the HCL JSON syntax.
///
/// Unlike a general JSON decoder, it keeps property order and repeated property names, numbers
/// exactly as written, and every position, as the HCL JSON spec requires.
public struct JSONValue: Sendable, Hashable {
    /// The kinds of JSON value.
    public enum Kind: Sendable, Hashable {
        /// Properties in source order; names may repeat.
        case object([JSONProperty])
        /// Elements in order.
        case array([JSONValue])
        /// The decoded string.
        case string(String)
        /// The number exactly as written.
        case number(String)
        /// `true` or `false`.
        case bool(Bool)
        /// `null`.
        case null
    }

    /// The value.
    public var kind: Kind
    /// The source, quotes and brackets included.
    public var range: SourceRange
    /// For strings: how positions in the decoded text map back to the file.
    var positions: PositionMap

    init(kind: Kind, range: SourceRange, positions: PositionMap = .identity) {
        self.kind = kind
        self.range = range
        self.positions = positions
    }

    /// The decoded text of a string value.
    public var stringValue: String? {
        if case .string(let text) = kind { text } else { nil }
    }

    /// A short name of the kind for messages.
    var kindName: String {
        switch kind {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}

/// One `"name": value` member of a JSON object.
public struct JSONProperty: Sendable, Hashable {
    /// The name, a string value (it is a template when the object is an expression).
    public var key: JSONValue
    /// The value.
    public var value: JSONValue

    /// The decoded name.
    public var name: String { key.stringValue ?? "" }

    /// From the name to the end of the value.
    public var range: SourceRange { key.range.union(value.range) }
}

/// A small RFC 8259 JSON parser over UTF-8 bytes that records positions.
struct JSONParser {
    private let src: [UInt8]
    private let path: String
    private let maxDepth = HCLFile.maximumNestingDepth
    private let stack: StackGuard
    private var pos = 0
    private var line = 1
    private var column = 1

    init(bytes: [UInt8], path: String, stack: StackGuard) {
        src = bytes
        self.path = path
        self.stack = stack
        if src.count >= 3, src[0] == 0xEF, src[1] == 0xBB, src[2] == 0xBF { pos = 3 }
    }

    private var here: SourceLocation { SourceLocation(offset: pos, line: line, column: column) }

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

    private func error(_ message: String, at location: SourceLocation? = nil) -> HCLError {
        let start = location ?? here
        return HCLError(path: path, range: SourceRange(at: start), message: message)
    }

    private func found() -> String {
        guard pos < src.count else { return "end of file" }
        let b = src[pos]
        return b >= 0x20 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16))"
    }

    private mutating func skipWhitespace() {
        while pos < src.count {
            switch src[pos] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): advance()
            default: return
            }
        }
    }

    /// The whole document: one value and nothing after it.
    mutating func parseDocument() throws(HCLError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard pos == src.count else { throw error("Invalid JSON: extra \(found()) after the top-level value") }
        return value
    }

    private mutating func parseValue(depth: Int) throws(HCLError) -> JSONValue {
        guard depth < maxDepth else { throw error("Nesting is too deep: more than \(maxDepth) levels of JSON arrays and objects") }
        if !stack.hasRoom { throw HCLError.stackExhausted }
        guard pos < src.count else { throw error("Invalid JSON: expected a value, found end of file") }
        let start = here
        switch src[pos] {
        case UInt8(ascii: "{"):
            advance()
            var properties: [JSONProperty] = []
            skipWhitespace()
            if pos < src.count, src[pos] == UInt8(ascii: "}") {
                advance()
                return JSONValue(kind: .object(properties), range: SourceRange(start: start, end: here))
            }
            while true {
                skipWhitespace()
                guard pos < src.count, src[pos] == UInt8(ascii: "\"") else {
                    throw error("Invalid JSON: expected a property name in double quotes, found \(found())")
                }
                let key = try parseString()
                skipWhitespace()
                guard pos < src.count, src[pos] == UInt8(ascii: ":") else {
                    throw error("Invalid JSON: expected ':' after the property name, found \(found())")
                }
                advance()
                skipWhitespace()
                let value = try parseValue(depth: depth + 1)
                properties.append(JSONProperty(key: key, value: value))
                skipWhitespace()
                guard pos < src.count else { throw error("Invalid JSON: the object opened at \(start) is not closed", at: start) }
                if src[pos] == UInt8(ascii: ",") {
                    advance()
                    continue
                }
                if src[pos] == UInt8(ascii: "}") {
                    advance()
                    return JSONValue(kind: .object(properties), range: SourceRange(start: start, end: here))
                }
                throw error("Invalid JSON: expected ',' or '}' in the object, found \(found())")
            }
        case UInt8(ascii: "["):
            advance()
            var elements: [JSONValue] = []
            skipWhitespace()
            if pos < src.count, src[pos] == UInt8(ascii: "]") {
                advance()
                return JSONValue(kind: .array(elements), range: SourceRange(start: start, end: here))
            }
            while true {
                skipWhitespace()
                elements.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                guard pos < src.count else { throw error("Invalid JSON: the array opened at \(start) is not closed", at: start) }
                if src[pos] == UInt8(ascii: ",") {
                    advance()
                    continue
                }
                if src[pos] == UInt8(ascii: "]") {
                    advance()
                    return JSONValue(kind: .array(elements), range: SourceRange(start: start, end: here))
                }
                throw error("Invalid JSON: expected ',' or ']' in the array, found \(found())")
            }
        case UInt8(ascii: "\""):
            return try parseString()
        case UInt8(ascii: "t"):
            return try parseWord("true", .bool(true))
        case UInt8(ascii: "f"):
            return try parseWord("false", .bool(false))
        case UInt8(ascii: "n"):
            return try parseWord("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        default:
            throw error("Invalid JSON: expected a value, found \(found())")
        }
    }

    private mutating func parseWord(_ word: String, _ kind: JSONValue.Kind) throws(HCLError) -> JSONValue {
        let start = here
        for expected in word.utf8 {
            guard pos < src.count, src[pos] == expected else {
                throw error("Invalid JSON: expected '\(word)', found \(found())")
            }
            advance()
        }
        return JSONValue(kind: kind, range: SourceRange(start: start, end: here))
    }

    private func isDigit(_ offset: Int) -> Bool {
        pos + offset < src.count && Lexer.isDigit(src[pos + offset])
    }

    private mutating func parseNumber() throws(HCLError) -> JSONValue {
        let start = here
        if src[pos] == UInt8(ascii: "-") { advance() }
        guard isDigit(0) else { throw error("Invalid JSON number: expected a digit, found \(found())") }
        if src[pos] == UInt8(ascii: "0") {
            advance()
        } else {
            while isDigit(0) { advance() }
        }
        if pos < src.count, src[pos] == UInt8(ascii: ".") {
            advance()
            guard isDigit(0) else { throw error("Invalid JSON number: expected a digit after '.', found \(found())") }
            while isDigit(0) { advance() }
        }
        if pos < src.count, src[pos] == UInt8(ascii: "e") || src[pos] == UInt8(ascii: "E") {
            advance()
            if pos < src.count, src[pos] == UInt8(ascii: "+") || src[pos] == UInt8(ascii: "-") { advance() }
            guard isDigit(0) else { throw error("Invalid JSON number: expected a digit in the exponent, found \(found())") }
            while isDigit(0) { advance() }
        }
        let text = String(decoding: src[start.offset..<pos], as: UTF8.self)
        return JSONValue(kind: .number(text), range: SourceRange(start: start, end: here))
    }

    private func hex4(at index: Int) -> UInt32? {
        guard index + 4 <= src.count else { return nil }
        var value: UInt32 = 0
        for k in 0..<4 {
            let b = src[index + k]
            let digit: UInt8
            switch b {
            case 0x30...0x39: digit = b - 0x30
            case 0x41...0x46: digit = b - 0x41 + 10
            case 0x61...0x66: digit = b - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// A string, decoded; escapes make it remember each decoded byte's source position.
    private mutating func parseString() throws(HCLError) -> JSONValue {
        let start = here
        advance()
        let contentStart = here
        var out: [UInt8] = []
        var table: [SourceLocation] = []
        var escaped = false
        while true {
            guard pos < src.count else { throw error("Invalid JSON: the string has no closing '\"'", at: start) }
            let b = src[pos]
            let location = here
            if b == UInt8(ascii: "\"") {
                advance()
                break
            }
            if b < 0x20 {
                throw error("Invalid JSON string: control characters must be escaped")
            }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                table.append(location)
                advance()
                continue
            }
            escaped = true
            guard pos + 1 < src.count else { throw error("Invalid JSON: the string has no closing '\"'", at: start) }
            let e = src[pos + 1]
            var scalar: Unicode.Scalar?
            var length = 2
            switch e {
            case UInt8(ascii: "\""): scalar = "\""
            case UInt8(ascii: "\\"): scalar = "\\"
            case UInt8(ascii: "/"): scalar = "/"
            case UInt8(ascii: "b"): scalar = "\u{08}"
            case UInt8(ascii: "f"): scalar = "\u{0C}"
            case UInt8(ascii: "n"): scalar = "\n"
            case UInt8(ascii: "r"): scalar = "\r"
            case UInt8(ascii: "t"): scalar = "\t"
            case UInt8(ascii: "u"):
                guard let unit = hex4(at: pos + 2) else {
                    throw error("Invalid JSON string: '\\u' must be followed by four hexadecimal digits")
                }
                length = 6
                if unit >= 0xD800, unit < 0xDC00, pos + 7 < src.count, src[pos + 6] == UInt8(ascii: "\\"),
                   src[pos + 7] == UInt8(ascii: "u"), let low = hex4(at: pos + 8), low >= 0xDC00, low < 0xE000 {
                    scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                    length = 12
                } else {
                    // An unpaired surrogate becomes U+FFFD, as Go's encoding/json does.
                    scalar = Unicode.Scalar(unit) ?? "\u{FFFD}"
                }
            default:
                throw error("Invalid JSON string: unknown escape '\\\(Character(Unicode.Scalar(e)))'")
            }
            for unit in UTF8.encode(scalar ?? "\u{FFFD}") ?? UTF8.EncodedScalar() {
                out.append(unit)
                table.append(location)
            }
            for _ in 0..<length { advance() }
        }
        let range = SourceRange(start: start, end: here)
        let positions: PositionMap
        if escaped {
            table.append(SourceLocation(offset: pos - 1, line: line, column: column - 1))
            positions = .table(table)
        } else {
            positions = .shift(contentStart)
        }
        return JSONValue(kind: .string(String(decoding: out, as: UTF8.self)), range: range, positions: positions)
    }
}
