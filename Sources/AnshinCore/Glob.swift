/// A path glob as users write them in `.anshin/` files: `*` matches within one path segment,
/// `**` across segments, `?` one character, `[abc]` / `[a-z]` / `[!a]` a character class.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let tokens: [Token]

    private enum Token: Hashable {
        case literal(Character)
        case any          // ?
        case star         // *
        case globstar     // **
        case set([ClosedRange<Character>], negated: Bool)
    }

    /// Compiles `pattern`; an unterminated `[` is an error.
    public init(_ pattern: String) throws(ConfigurationError) {
        self.pattern = pattern
        var tokens: [Token] = []
        let chars = Array(pattern)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "*":
                if i + 1 < chars.count, chars[i + 1] == "*" {
                    tokens.append(.globstar)
                    i += 2
                    // `**/` also matches zero directories.
                    if i < chars.count, chars[i] == "/" { i += 1 }
                    continue
                }
                tokens.append(.star)
            case "?":
                tokens.append(.any)
            case "[":
                var j = i + 1
                var negated = false
                if j < chars.count, chars[j] == "!" || chars[j] == "^" { negated = true; j += 1 }
                var ranges: [ClosedRange<Character>] = []
                var first = true
                while j < chars.count, chars[j] != "]" || first {
                    first = false
                    if j + 2 < chars.count, chars[j + 1] == "-", chars[j + 2] != "]" {
                        guard chars[j] <= chars[j + 2] else {
                            throw ConfigurationError(message: "invalid range \(chars[j])-\(chars[j + 2]) in glob \"\(pattern)\"")
                        }
                        ranges.append(chars[j]...chars[j + 2])
                        j += 3
                    } else {
                        ranges.append(chars[j]...chars[j])
                        j += 1
                    }
                }
                guard j < chars.count else {
                    throw ConfigurationError(message: "unterminated [ in glob \"\(pattern)\"")
                }
                tokens.append(.set(ranges, negated: negated))
                i = j
            case "\\" where i + 1 < chars.count:
                i += 1
                tokens.append(.literal(chars[i]))
            default:
                tokens.append(.literal(c))
            }
            i += 1
        }
        self.tokens = tokens
    }

    public var description: String { pattern }

    /// Whether the whole of `path` matches.
    public func matches(_ path: String) -> Bool {
        let text = Array(path)
        // Memoised backtracking: at most tokens × characters states.
        var memo = [Bool?](repeating: nil, count: (tokens.count + 1) * (text.count + 1))
        func match(_ t: Int, _ p: Int) -> Bool {
            let key = t * (text.count + 1) + p
            if let known = memo[key] { return known }
            let result: Bool
            if t == tokens.count {
                result = p == text.count
            } else {
                switch tokens[t] {
                case .literal(let c):
                    result = p < text.count && text[p] == c && match(t + 1, p + 1)
                case .any:
                    result = p < text.count && text[p] != "/" && match(t + 1, p + 1)
                case .set(let ranges, let negated):
                    result = p < text.count && text[p] != "/"
                        && ranges.contains(where: { $0.contains(text[p]) }) != negated && match(t + 1, p + 1)
                case .star:
                    result = match(t + 1, p) || (p < text.count && text[p] != "/" && match(t, p + 1))
                case .globstar:
                    result = match(t + 1, p) || (p < text.count && match(t, p + 1))
                }
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }
}
