import AnshinCore
import Foundation

/// One kind of credential: how to find it, how to confirm it, how bad it is and how to revoke it.
///
/// A rule is a value. Its ``pattern`` goes into the shared Vectorscan database (the prefilter);
/// its ``extractor`` and ``checks`` run only on windows where that pattern hit. It carries its own
/// ``samples`` (strings it must find) and ``negatives`` (strings it must not), which one
/// parameterised test runs through the whole ``Detector``.
public struct SecretRule: Sendable, Identifiable, CustomStringConvertible {
    /// How much a hit of the rule says by itself; decides which rule keeps an overlapping secret.
    public enum Specificity: Int, Sendable, Comparable {
        /// An assignment judged by its key and the value's shape (`password = …`).
        case generic
        /// A provider's key without a prefix, found next to a keyword (`DD_API_KEY`).
        case contextual
        /// A format with its own prefix, structure or checksum (`ghp_…`, `AKIA…`, PEM).
        case exact
        /// A credential file recognised by its structure, wrapping a more general format (a GCP
        /// service-account JSON holding a PEM key).
        case document

        public static func < (lhs: Specificity, rhs: Specificity) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// How the secret is taken out of the window around a hit.
    public enum Extractor: Sendable {
        /// An ICU regular expression run on the window; the secret is its `secret` group (the
        /// whole match without one). Groups `key` and `quote`, when present, are passed to checks.
        case regex(String)
        /// A block that starts at the hit and ends at `end` (a PEM or PGP armour, a PuTTY file),
        /// at most `maxLength` bytes long. The secret's identity is the block's base64 alphabet
        /// characters, so a key reformatted (CRLF, JSON `\n` escapes) is still one incident.
        case block(end: String, maxLength: Int)
    }

    /// What the secret's SHA-256 is computed over.
    public enum Identity: Sendable {
        /// The extracted bytes as they are.
        case value
        /// The base64 characters between an armour's header and footer, escapes (`\n`) removed:
        /// the same key in a PEM file and in a JSON string is one incident.
        case armouredBody
    }

    /// Another rule whose confirmed secret, when near one of this rule's, makes a stronger incident.
    public struct Pairing: Sendable {
        /// The rule whose secret is the identifier half (an AWS access key id).
        public var primary: String
        /// The rule whose secret is the secret half (an AWS secret access key).
        public var secondary: String
        /// How many lines apart the two may be.
        public var withinLines: Int
        /// An ICU expression for the secret half when no keyword announces it (a CSV export of
        /// credentials); tried only on the lines around a confirmed primary.
        public var bareSecondary: String?
        /// Checks the bare secondary must pass.
        public var bareChecks: [Check]

        public init(primary: String, secondary: String, withinLines: Int, bareSecondary: String? = nil,
                    bareChecks: [Check] = []) {
            self.primary = primary
            self.secondary = secondary
            self.withinLines = withinLines
            self.bareSecondary = bareSecondary
            self.bareChecks = bareChecks
        }
    }

    /// Stable kebab-case identifier, prefixed `secret-`; never reused.
    public var id: String
    /// What the rule finds, e.g. "GitHub personal access token (classic)".
    public var title: String
    public var severity: Severity
    public var pillars: [Pillar]
    /// The Vectorscan expression (PCRE subset: no backreferences, no lookaround), compiled with
    /// leftmost start-of-match reporting. `nil` for a rule made only by pairing two others.
    public var pattern: String?
    /// How the secret is taken from the window once the pattern hit.
    public var extractor: Extractor
    /// Checks the extracted secret must pass, in order; the cheapest first.
    public var checks: [Check]
    /// What the secret's SHA-256 is computed over.
    public var identity: Identity
    /// Words of which one (case-insensitive) must appear within ``keywordRadius`` bytes of the
    /// secret; empty when the pattern itself carries its keyword.
    public var keywords: [String]
    /// How far from the secret, in bytes either side, a keyword counts.
    public var keywordRadius: Int
    public var specificity: Specificity
    /// Set on a rule that stands for two others found close together.
    public var pairing: Pairing?
    /// How to revoke and replace this kind of credential.
    public var remediation: String
    /// The provider's documentation of the format or of revocation.
    public var references: [String]
    /// How sure a confirmed secret of this rule is, and why; `nil` gives `high` to formats and
    /// keyword-anchored keys and `medium` to generic assignments.
    public var grade: (@Sendable (Candidate) -> Judgement)?
    /// Builds the samples and negatives on demand: only tests and custom-rule validation read
    /// them, so a scan never pays for generating them.
    private let examples: @Sendable () -> (samples: [String], negatives: [String])
    /// Text the rule must find (built at run time: see ``SampleGenerator``).
    public var samples: [String] { examples().samples }
    /// Text the rule must not find: placeholders, wrong checksums, look-alikes.
    public var negatives: [String] { examples().negatives }

    /// Creates a rule; `samples` and `negatives` receive a generator seeded by the rule id, so the
    /// same rule always gets the same sample tokens.
    public init(
        id: String,
        title: String,
        severity: Severity,
        pillars: [Pillar] = [.security],
        pattern: String?,
        extractor: Extractor? = nil,
        checks: [Check] = [.notPlaceholder],
        identity: Identity = .value,
        keywords: [String] = [],
        keywordRadius: Int = 0,
        specificity: Specificity = .exact,
        pairing: Pairing? = nil,
        grade: (@Sendable (Candidate) -> Judgement)? = nil,
        remediation: String,
        references: [String] = [],
        samples: @escaping @Sendable (SampleGenerator) -> [String],
        negatives: @escaping @Sendable (SampleGenerator) -> [String] = { _ in [] }
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.pillars = pillars
        self.pattern = pattern
        self.extractor = extractor ?? .regex(pattern ?? "")
        self.checks = checks
        self.identity = identity
        self.keywords = keywords
        self.keywordRadius = keywordRadius
        self.specificity = specificity
        self.pairing = pairing
        self.grade = grade
        self.remediation = remediation
        self.references = references
        self.examples = {
            let generator = SampleGenerator(seed: id)
            return (samples(generator), negatives(generator))
        }
    }

    public var description: String { id }
}

extension SecretRule {
    /// Characters that may surround a token without being part of it: anything but letters and
    /// digits, or a `\n`-style escape (a token inside a JSON string that follows a newline).
    static let leftBoundary = #"(?:(?<![A-Za-z0-9])|(?<=\\[nrt]))"#

    /// A token with its own prefix and shape: the pattern is the token, boundaries are checked on
    /// confirmation, the default checks are placeholders and a minimum entropy.
    ///
    /// - Parameters:
    ///   - token: the token's expression, e.g. `ghp_[A-Za-z0-9]{36}` (Vectorscan and ICU syntax).
    ///   - right: the characters that must not follow the token (a longer run is another thing).
    ///   - entropy: minimum Shannon entropy of the whole token, in bits per character.
    static func prefixed(
        id: String, title: String, severity: Severity,
        token: String, right: String = "[A-Za-z0-9]", entropy: Double = 3.0, checks: [Check] = [],
        keywords: [String] = [], keywordRadius: Int = 0,
        remediation: String, references: [String],
        samples: @escaping @Sendable (SampleGenerator) -> [String], negatives: @escaping @Sendable (SampleGenerator) -> [String] = { _ in [] }
    ) -> SecretRule {
        SecretRule(
            id: id, title: title, severity: severity,
            pattern: "(?<secret>\(token))",
            extractor: .regex("\(leftBoundary)(?<secret>\(token))(?!\(right))"),
            checks: [.notPlaceholder, .minEntropy(entropy)] + checks,
            keywords: keywords, keywordRadius: keywordRadius,
            specificity: .exact, remediation: remediation, references: references,
            samples: samples, negatives: negatives)
    }

    /// A provider key without a prefix of its own, found after a keyword on the same line
    /// (`DD_API_KEY=…`, `"datadog": {"api_key": "…"}`).
    ///
    /// - Parameters:
    ///   - keyword: an alternation matched case-insensitively, e.g. `datadog|dd_api_key`.
    ///   - secret: the key's expression, e.g. `[a-f0-9]{32}`.
    ///   - alphabet: the characters of the key; the key must not be part of a longer run of them.
    ///   - gap: how many characters may separate keyword and key.
    ///   - prefilter: a looser form of `secret` for Vectorscan, when the exact one is too costly.
    static func keyed(
        id: String, title: String, severity: Severity,
        keyword: String, secret: String, alphabet: String, gap: Int = 40, prefilter: String? = nil,
        entropy: Double = 3.0, checks: [Check] = [.mixedLettersAndDigits],
        remediation: String, references: [String],
        samples: @escaping @Sendable (SampleGenerator) -> [String], negatives: @escaping @Sendable (SampleGenerator) -> [String] = { _ in [] }
    ) -> SecretRule {
        let head = "(?i:\(keyword))" + (gap > 0 ? "[^\\r\\n]{0,\(gap)}" : "")
        // Padding may close a key but never opens one, and `=` is also what separates it from its name.
        let left = alphabet.replacingOccurrences(of: "=", with: "")
        let lazyHead = "(?i:\(keyword))" + (gap > 0 ? "[^\\r\\n]{0,\(gap)}?" : "")
        return SecretRule(
            id: id, title: title, severity: severity,
            pattern: "\(head)(?<secret>\(prefilter ?? secret))",
            extractor: .regex("\(lazyHead)(?<!\(left))(?<secret>\(secret))(?!\(alphabet))"),
            checks: [.notPlaceholder, .minEntropy(entropy)] + checks,
            specificity: .contextual, remediation: remediation, references: references,
            samples: samples, negatives: negatives)
    }
}

extension SecretRule {
    /// A prefixed token rule in one statement: `sample` builds one token (its prefix split in the
    /// source, so the file never holds a whole token), shown after `variable=` and inside a quoted
    /// assignment; `negative` builds a look-alike the rule must ignore.
    static func token(
        _ id: String, _ title: String, _ severity: Severity, _ token: String, right: String = "[A-Za-z0-9]",
        entropy: Double = 3.2, checks: [Check] = [], variable: String = "TOKEN",
        revoke: String, reference: String,
        sample: @escaping @Sendable (SampleGenerator) -> String, negative: @escaping @Sendable (SampleGenerator) -> String
    ) -> SecretRule {
        SecretRule.prefixed(
            id: id, title: title, severity: severity, token: token, right: right, entropy: entropy, checks: checks,
            remediation: Advice.revoke(revoke), references: [reference],
            samples: { g in [variable + "=" + sample(g), "config.set(\"\(variable.lowercased())\", \"" + sample(g) + "\")"] },
            negatives: { g in [variable + "=" + negative(g)] })
    }

    /// A keyword-anchored key in one statement, like ``token(_:_:_:_:right:entropy:checks:variable:revoke:reference:sample:negative:)``.
    static func keyedToken(
        _ id: String, _ title: String, _ severity: Severity, keyword: String, secret: String, alphabet: String,
        gap: Int = 40, entropy: Double = 3.0, checks: [Check] = [.mixedLettersAndDigits], variable: String,
        revoke: String, reference: String,
        sample: @escaping @Sendable (SampleGenerator) -> String, negative: @escaping @Sendable (SampleGenerator) -> String
    ) -> SecretRule {
        SecretRule.keyed(
            id: id, title: title, severity: severity, keyword: keyword, secret: secret, alphabet: alphabet, gap: gap,
            entropy: entropy, checks: checks, remediation: Advice.revoke(revoke), references: [reference],
            samples: { g in [variable + "=" + sample(g), "\"\(variable.lowercased())\": \"" + sample(g) + "\""] },
            negatives: { g in [variable + "=" + negative(g), "id = \"" + sample(g) + "\""] })
    }
}
