import AnshinCore
/// A test an extracted secret must pass before it is reported; run only on prefilter hits.
public enum Check: Sendable {
    /// Shannon entropy of the secret, in bits per character, at least this.
    case minEntropy(Double)
    /// The token's embedded checksum is right.
    case checksum(Checksum)
    /// Not a placeholder: no stop-word (`example`, `changeme`, `your_…`), no template marker
    /// (`${VAR}`, `<token>`), no long run of one character or of a sequence (`xxxxxx`, `123456`).
    case notPlaceholder
    /// Not a reference to a value kept elsewhere (`var.x`, `os.environ[…]`, `process.env.X`,
    /// `{{ .Values.x }}`, `$(cat …)`).
    case notReference
    /// Has letters and digits (random keys almost always do; words and numbers do not).
    case mixedLettersAndDigits
    /// Uses at least this many of: lower case, upper case, digits, symbols.
    case characterClasses(Int)
    /// A check of its own, named for diagnostics.
    case custom(String, @Sendable (Candidate) -> Bool)

    /// Whether `candidate` passes.
    public func passes(_ candidate: Candidate) -> Bool {
        switch self {
        case .minEntropy(let bits):
            return Entropy.shannon(candidate.secret) >= bits
        case .checksum(let checksum):
            return checksum.validates(candidate.secret)
        case .notPlaceholder:
            return !Placeholder.isPlaceholder(candidate.secret)
        case .notReference:
            return !Placeholder.isReference(candidate.secret)
        case .mixedLettersAndDigits:
            let classes = CharacterClasses(candidate.secret)
            return classes.digit && (classes.lower || classes.upper)
        case .characterClasses(let count):
            return CharacterClasses(candidate.secret).count >= count
        case .custom(_, let test):
            return test(candidate)
        }
    }
}

/// A secret as extracted from a window, with what checks may want to know about its surroundings.
public struct Candidate: Sendable {
    /// The secret's bytes.
    public var secret: [UInt8]
    /// The assignment's key when the extractor captured one (`DB_PASSWORD`, `api_key`).
    public var key: [UInt8]?
    /// Whether the value stood between quotes.
    public var quoted: Bool
    /// The rest of the line before the value (capped), where the key and separator are.
    public var before: [UInt8]
    /// The rest of the line after the value (capped): what tells an assignment from code or prose.
    public var after: [UInt8]

    public init(secret: [UInt8], key: [UInt8]? = nil, quoted: Bool = false, before: [UInt8] = [], after: [UInt8] = []) {
        self.secret = secret
        self.key = key
        self.quoted = quoted
        self.before = before
        self.after = after
    }

    /// The secret as text (lossy for invalid UTF-8).
    public var text: String { String(decoding: secret, as: UTF8.self) }
}

/// Which kinds of characters a value uses.
struct CharacterClasses {
    var lower = false, upper = false, digit = false, symbol = false

    init(_ bytes: [UInt8]) {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): lower = true
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): upper = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = true
            default: symbol = true
            }
        }
    }

    var count: Int { [lower, upper, digit, symbol].filter { $0 }.count }
}

/// How sure a rule is of one confirmed secret, and why.
public struct Judgement: Sendable, Hashable {
    public var confidence: Confidence
    /// For a person: what the judgement rests on ("name `db_password`, 14 characters, 3 kinds
    /// of characters"); `nil` when the format says it all.
    public var reason: String?
    /// For a developer's own machine or a documentation host: reported at low severity.
    public var local: Bool

    public init(confidence: Confidence, reason: String? = nil, local: Bool = false) {
        self.confidence = confidence
        self.reason = reason
        self.local = local
    }
}
