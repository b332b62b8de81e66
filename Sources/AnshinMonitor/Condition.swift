import Foundation

/// A condition a probe's result must meet, written as in the monitor's YAML:
/// `[STATUS] == 200 && ([RESPONSE_TIME] < 300ms || [BODY].cache == hit)`.
///
/// Placeholders name facts of the result (``Placeholder``); functions read them (`len(…)`,
/// `has(…)`) or widen the right-hand side (`any(a, b)`, `pat(glob)`); `&&` binds tighter than
/// `||`, and parentheses group.
public indirect enum Condition: Sendable, Hashable {
    case comparison(Operand, ComparisonOperator, Operand)
    case and(Condition, Condition)
    case or(Condition, Condition)

    public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
        case equal = "==", notEqual = "!=", lessOrEqual = "<=", greaterOrEqual = ">=", less = "<", greater = ">"
    }

    public indirect enum Operand: Sendable, Hashable {
        case placeholder(Placeholder, path: [PathStep])
        case literal(String)
        case length(Operand)
        case has(Operand)
        case any([Operand])
        case pattern(String)
    }

    public enum PathStep: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// The facts a condition can read.
    public enum Placeholder: String, Sendable, Hashable, CaseIterable {
        case status = "STATUS"
        case responseTime = "RESPONSE_TIME"
        case body = "BODY"
        case header = "HEADER"
        case connected = "CONNECTED"
        case certificateExpiration = "CERTIFICATE_EXPIRATION"
        case dnsCode = "DNS_RCODE"
        case dnsAnswers = "DNS_ANSWERS"
        case ip = "IP"
        case dnsTime = "DNS_TIME"
        case connectTime = "CONNECT_TIME"
        case tlsTime = "TLS_TIME"
        case firstByteTime = "FIRST_BYTE_TIME"
    }

    /// Every placeholder the condition reads.
    public var placeholders: Set<Placeholder> {
        switch self {
        case .comparison(let left, _, let right): left.placeholders.union(right.placeholders)
        case .and(let left, let right), .or(let left, let right): left.placeholders.union(right.placeholders)
        }
    }
}

extension Condition.Operand {
    var placeholders: Set<Condition.Placeholder> {
        switch self {
        case .placeholder(let placeholder, _): [placeholder]
        case .literal, .pattern: []
        case .length(let inner), .has(let inner): inner.placeholders
        case .any(let items): items.reduce(into: []) { $0.formUnion($1.placeholders) }
        }
    }
}

/// A condition that does not parse: what is wrong and at which character (0-based) of the text.
public struct ConditionSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var offset: Int
    public var message: String
    public var description: String { "column \(offset + 1) of the condition: \(message)" }
}

// MARK: - Parsing

extension Condition {
    /// Parses `text`; a mistake is a ``ConditionSyntaxError`` naming where it is.
    public static func parse(_ text: String) throws(ConditionSyntaxError) -> Condition {
        var parser = ConditionParser(tokens: try ConditionLexer.tokens(text), length: text.count)
        let condition = try parser.parseOr()
        if let token = parser.peek {
            throw ConditionSyntaxError(offset: token.offset, message: "unexpected \(token.kind.describe) after a complete condition")
        }
        return condition
    }
}

struct ConditionToken: Hashable {
    enum Kind: Hashable {
        case word(String)
        case quoted(String)
        case comparison(Condition.ComparisonOperator)
        case and, or, open, close, comma

        var describe: String {
            switch self {
            case .word(let text): "\"\(text)\""
            case .quoted(let text): "\"\(text)\""
            case .comparison(let op): "\"\(op.rawValue)\""
            case .and: "\"&&\""
            case .or: "\"||\""
            case .open: "\"(\""
            case .close: "\")\""
            case .comma: "\",\""
            }
        }
    }

    var kind: Kind
    var offset: Int
}

enum ConditionLexer {
    static func tokens(_ text: String) throws(ConditionSyntaxError) -> [ConditionToken] {
        let characters = Array(text)
        var tokens: [ConditionToken] = []
        var index = 0
        func isOperatorStart(_ character: Character) -> Bool { "=!<>&|".contains(character) }
        while index < characters.count {
            let character = characters[index]
            let start = index
            if character.isWhitespace {
                index += 1
                continue
            }
            switch character {
            case "(":
                tokens.append(ConditionToken(kind: .open, offset: start)); index += 1
            case ")":
                tokens.append(ConditionToken(kind: .close, offset: start)); index += 1
            case ",":
                tokens.append(ConditionToken(kind: .comma, offset: start)); index += 1
            case "&", "|":
                guard index + 1 < characters.count, characters[index + 1] == character else {
                    throw ConditionSyntaxError(offset: start, message: "\"\(character)\" alone is not an operator; use \"\(character)\(character)\"")
                }
                tokens.append(ConditionToken(kind: character == "&" ? .and : .or, offset: start)); index += 2
            case "=", "!", "<", ">":
                let pair = index + 1 < characters.count ? String([character, characters[index + 1]]) : String(character)
                if let op = Condition.ComparisonOperator(rawValue: pair), pair.count == 2 {
                    tokens.append(ConditionToken(kind: .comparison(op), offset: start)); index += 2
                } else if let op = Condition.ComparisonOperator(rawValue: String(character)) {
                    tokens.append(ConditionToken(kind: .comparison(op), offset: start)); index += 1
                } else {
                    throw ConditionSyntaxError(offset: start, message: "unknown operator \"\(character)\"; use ==, !=, <, <=, > or >=")
                }
            case "\"":
                index += 1
                var value = ""
                var closed = false
                while index < characters.count {
                    if characters[index] == "\\", index + 1 < characters.count {
                        value.append(characters[index + 1]); index += 2
                        continue
                    }
                    if characters[index] == "\"" { closed = true; index += 1; break }
                    value.append(characters[index]); index += 1
                }
                guard closed else { throw ConditionSyntaxError(offset: start, message: "unterminated quoted value") }
                tokens.append(ConditionToken(kind: .quoted(value), offset: start))
            default:
                var word = ""
                var depth = 0
                while index < characters.count {
                    let next = characters[index]
                    if next == "[" { depth += 1 } else if next == "]" { depth -= 1 }
                    if depth <= 0, next.isWhitespace || "(),\"".contains(next) || isOperatorStart(next) { break }
                    if depth > 0, next.isWhitespace { break }
                    word.append(next); index += 1
                }
                if word.isEmpty {
                    throw ConditionSyntaxError(offset: start, message: "unexpected \"\(character)\"")
                }
                tokens.append(ConditionToken(kind: .word(word), offset: start))
            }
        }
        return tokens
    }
}

struct ConditionParser {
    var tokens: [ConditionToken]
    var position = 0
    var length: Int
    var depth = 0

    init(tokens: [ConditionToken], length: Int) {
        self.tokens = tokens
        self.length = length
    }

    var peek: ConditionToken? { position < tokens.count ? tokens[position] : nil }

    mutating func next() -> ConditionToken? {
        defer { position += 1 }
        return peek
    }

    func end(_ expected: String) -> ConditionSyntaxError {
        ConditionSyntaxError(offset: length, message: "the condition ends where \(expected) was expected")
    }

    mutating func parseOr() throws(ConditionSyntaxError) -> Condition {
        var condition = try parseAnd()
        while peek?.kind == .or {
            position += 1
            condition = .or(condition, try parseAnd())
        }
        return condition
    }

    mutating func parseAnd() throws(ConditionSyntaxError) -> Condition {
        var condition = try parsePrimary()
        while peek?.kind == .and {
            position += 1
            condition = .and(condition, try parsePrimary())
        }
        return condition
    }

    mutating func parsePrimary() throws(ConditionSyntaxError) -> Condition {
        guard let token = peek else { throw end("a comparison") }
        if token.kind == .open {
            depth += 1
            defer { depth -= 1 }
            guard depth <= 64 else { throw ConditionSyntaxError(offset: token.offset, message: "more than 64 nested parentheses") }
            // A parenthesis opens a group unless it is a function's (those follow a word).
            position += 1
            let inner = try parseOr()
            guard let close = next() else { throw end("\")\"") }
            guard close.kind == .close else {
                throw ConditionSyntaxError(offset: close.offset, message: "expected \")\", got \(close.kind.describe)")
            }
            return inner
        }
        let left = try parseOperand(side: .left)
        guard let op = next() else { throw end("a comparison operator (==, !=, <, <=, >, >=)") }
        guard case .comparison(let comparison) = op.kind else {
            throw ConditionSyntaxError(offset: op.offset, message: "expected a comparison operator (==, !=, <, <=, >, >=), got \(op.kind.describe)")
        }
        let right = try parseOperand(side: .right)
        if case .pattern = left {
            throw ConditionSyntaxError(offset: token.offset, message: "pat(…) belongs on the right of == or !=")
        }
        if case .any = left {
            throw ConditionSyntaxError(offset: token.offset, message: "any(…) belongs on the right of == or !=")
        }
        switch right {
        case .pattern, .any:
            guard comparison == .equal || comparison == .notEqual else {
                throw ConditionSyntaxError(offset: op.offset, message: "pat(…) and any(…) compare only with == or !=")
            }
        default: break
        }
        return .comparison(left, comparison, right)
    }

    enum Side { case left, right, argument }

    mutating func parseOperand(side: Side) throws(ConditionSyntaxError) -> Condition.Operand {
        guard let token = next() else { throw end("a value") }
        switch token.kind {
        case .quoted(let text):
            return .literal(text)
        case .word(let word):
            if peek?.kind == .open, let function = ["len", "has", "any", "pat"].first(where: { $0 == word.lowercased() }) {
                position += 1
                return try parseFunction(function, at: token.offset, side: side)
            }
            if word.hasPrefix("[") { return try Self.placeholder(word, at: token.offset) }
            return .literal(word)
        default:
            throw ConditionSyntaxError(offset: token.offset, message: "expected a value, got \(token.kind.describe)")
        }
    }

    mutating func parseFunction(_ name: String, at offset: Int, side: Side) throws(ConditionSyntaxError) -> Condition.Operand {
        var arguments: [Condition.Operand] = []
        var rawPattern: String?
        if name == "pat" {
            // One word or a quoted value: a pattern with spaces or parentheses is quoted.
            guard let token = next() else { throw end("a pattern") }
            switch token.kind {
            case .quoted(let text), .word(let text): rawPattern = text
            default: throw ConditionSyntaxError(offset: token.offset, message: "expected a pattern, got \(token.kind.describe)")
            }
        } else {
            while true {
                arguments.append(try parseOperand(side: .argument))
                guard let separator = peek else { throw end("\")\"") }
                if separator.kind == .comma { position += 1; continue }
                break
            }
        }
        guard let close = next() else { throw end("\")\"") }
        guard close.kind == .close else {
            throw ConditionSyntaxError(offset: close.offset, message: "expected \")\" to close \(name)(, got \(close.kind.describe)")
        }
        switch name {
        case "len", "has":
            guard arguments.count == 1 else {
                throw ConditionSyntaxError(offset: offset, message: "\(name)(…) takes one value, got \(arguments.count)")
            }
            guard case .placeholder = arguments[0] else {
                throw ConditionSyntaxError(offset: offset, message: "\(name)(…) takes a placeholder such as [BODY].items")
            }
            return name == "len" ? .length(arguments[0]) : .has(arguments[0])
        case "any":
            guard side == .right else { throw ConditionSyntaxError(offset: offset, message: "any(…) belongs on the right of == or !=") }
            return .any(arguments)
        default:
            guard side == .right else { throw ConditionSyntaxError(offset: offset, message: "pat(…) belongs on the right of == or !=") }
            return .pattern(rawPattern ?? "")
        }
    }

    static func placeholder(_ word: String, at offset: Int) throws(ConditionSyntaxError) -> Condition.Operand {
        guard let close = word.firstIndex(of: "]") else {
            throw ConditionSyntaxError(offset: offset, message: "placeholder \(word) lacks its closing \"]\"")
        }
        let name = String(word[word.index(after: word.startIndex)..<close])
        guard let placeholder = Condition.Placeholder(rawValue: name.uppercased()) else {
            let known = Condition.Placeholder.allCases.map { "[\($0.rawValue)]" }.joined(separator: ", ")
            throw ConditionSyntaxError(offset: offset, message: "unknown placeholder [\(name)] (known: \(known))")
        }
        let rest = word[word.index(after: close)...]
        let path = try parsePath(rest, at: offset + word.distance(from: word.startIndex, to: close) + 1)
        if !path.isEmpty, placeholder != .body, placeholder != .header {
            throw ConditionSyntaxError(offset: offset, message: "only [BODY] and [HEADER] take a path, not [\(placeholder.rawValue)]")
        }
        if placeholder == .header, path.count != 1 {
            throw ConditionSyntaxError(offset: offset, message: "[HEADER] needs one header name, as in [HEADER].content-type")
        }
        return .placeholder(placeholder, path: path)
    }

    /// `.data[0].name` → key data, index 0, key name.
    static func parsePath(_ text: Substring, at offset: Int) throws(ConditionSyntaxError) -> [Condition.PathStep] {
        var steps: [Condition.PathStep] = []
        var rest = text
        while let first = rest.first {
            let here = offset + text.distance(from: text.startIndex, to: rest.startIndex)
            if first == "." {
                rest = rest.dropFirst()
                let key = rest.prefix { $0 != "." && $0 != "[" }
                guard !key.isEmpty else { throw ConditionSyntaxError(offset: here, message: "a \".\" in a path must be followed by a name") }
                steps.append(.key(String(key)))
                rest = rest.dropFirst(key.count)
            } else if first == "[" {
                rest = rest.dropFirst()
                let digits = rest.prefix { $0 != "]" }
                guard rest.dropFirst(digits.count).first == "]", let index = Int(digits), index >= 0 else {
                    throw ConditionSyntaxError(offset: here, message: "expected an index such as [0] in the path")
                }
                steps.append(.index(index))
                rest = rest.dropFirst(digits.count + 1)
            } else {
                throw ConditionSyntaxError(offset: here, message: "unexpected \"\(first)\" after a placeholder; paths go .name or [0]")
            }
        }
        return steps
    }
}

// MARK: - Writing back

extension Condition: CustomStringConvertible {
    /// The condition written in the syntax ``parse(_:)`` reads.
    public var description: String {
        switch self {
        case .comparison(let left, let op, let right): "\(left) \(op.rawValue) \(right)"
        case .and(let left, let right): "\(left.parenthesized(if: left.isOr)) && \(right.parenthesized(if: !right.isComparison))"
        case .or(let left, let right): "\(left) || \(right.parenthesized(if: right.isOr))"
        }
    }

    var isOr: Bool {
        if case .or = self { return true }
        return false
    }

    var isComparison: Bool {
        if case .comparison = self { return true }
        return false
    }

    private func parenthesized(if needed: Bool) -> String { needed ? "(\(self))" : description }
}

extension Condition.Operand: CustomStringConvertible {
    public var description: String {
        switch self {
        case .placeholder(let placeholder, let path):
            "[\(placeholder.rawValue)]" + path.map {
                switch $0 {
                case .key(let key): ".\(key)"
                case .index(let index): "[\(index)]"
                }
            }.joined()
        case .literal(let text):
            Self.needsQuotes(text) ? "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" : text
        case .length(let inner): "len(\(inner))"
        case .has(let inner): "has(\(inner))"
        case .any(let items): "any(\(items.map(\.description).joined(separator: ", ")))"
        case .pattern(let pattern): "pat(\(Self.needsQuotes(pattern) ? "\"" + pattern.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" : pattern))"
        }
    }

    static func needsQuotes(_ text: String) -> Bool {
        text.isEmpty || text.hasPrefix("[") || text.contains { $0.isWhitespace || "()=!<>&|,\"\\".contains($0) }
            || ["len", "has", "any", "pat"].contains(text.lowercased())
    }
}
