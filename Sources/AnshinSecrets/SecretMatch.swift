import AnshinCore
import Foundation

/// One occurrence of a confirmed secret in scanned bytes.
///
/// The same secret found twice gives two matches with the same ``sha256``: one incident, two
/// occurrences. Nothing here holds the secret itself, only where it is and its digest.
public struct SecretMatch: Sendable, Hashable {
    /// The identifier half of a paired secret (the AWS access key id next to its secret key).
    public struct Partner: Sendable, Hashable {
        public var range: Range<Int>
        public var line: Int
        public var column: Int
        /// The partner's line, redacted.
        public var evidence: String
    }

    /// The rule that confirmed the secret.
    public var ruleID: String
    /// The secret's bytes in the scanned buffer (for armoured keys, the whole block).
    public var range: Range<Int>
    /// 1-based line of the secret's first byte.
    public var line: Int
    /// 1-based column, counted in Unicode scalars.
    public var column: Int
    /// The last line, for a secret spanning several (a PEM block).
    public var endLine: Int?
    /// SHA-256 (hex) of the secret's value; for armoured keys, of the key's base64 characters.
    public var sha256: String
    /// The secret's line, clipped around it, with every secret on it redacted.
    public var evidence: String
    /// For a paired incident, the other half.
    public var partner: Partner?
    /// How sure the rule is that this is a live credential.
    public var confidence: Confidence
    /// Why, for a person; `nil` when the format says it all.
    public var reason: String?
    /// A credential for a developer's own machine or a documentation host (`localhost`,
    /// `example.com`): reported, at low severity.
    public var local: Bool

    public init(ruleID: String, range: Range<Int>, line: Int, column: Int, endLine: Int? = nil,
                sha256: String, evidence: String, partner: Partner? = nil, confidence: Confidence = .high,
                reason: String? = nil, local: Bool = false) {
        self.ruleID = ruleID
        self.range = range
        self.line = line
        self.column = column
        self.endLine = endLine
        self.sha256 = sha256
        self.evidence = evidence
        self.partner = partner
        self.confidence = confidence
        self.reason = reason
        self.local = local
    }
}

/// Builds redacted evidence lines.
enum Evidence {
    /// Characters of context kept on each side of the focused secret.
    static let context = 40

    /// The part of the line `lineStart..<lineEnd` around `focus`, every listed secret replaced by
    /// its redacted form (its `display` header plus the marker, or ``Redaction``'s prefix).
    static func line(bytes: UnsafeRawBufferPointer, lineStart: Int, lineEnd: Int, focus: Range<Int>,
                     secrets: [(Range<Int>, String?)]) -> String {
        var start = max(lineStart, focus.lowerBound - context)
        var end = max(min(lineEnd, focus.upperBound + context), min(focus.lowerBound + 1, bytes.count))
        // Never cut a secret at a clip edge: widen to include it whole, it is redacted anyway.
        for (range, _) in secrets {
            if range.contains(start) { start = range.lowerBound }
            if end > 0 && range.contains(end - 1) && range.upperBound > end { end = range.upperBound }
        }
        start = max(start, 0)
        end = min(end, bytes.count)
        let inside = secrets.filter { $0.0.overlaps(start..<end) }.sorted { $0.0.lowerBound < $1.0.lowerBound }
        var out = start > lineStart ? "…" : ""
        var index = start
        for (range, display) in inside where range.upperBound > index {
            if range.lowerBound > index { out += decode(bytes, index..<range.lowerBound) }
            if let display {
                out += display + Redaction.marker
                end = max(range.upperBound, end)
            } else {
                out += Redaction.redact(decode(bytes, max(range.lowerBound, index)..<range.upperBound))
            }
            index = range.upperBound
        }
        if index < end && index < lineEnd { out += decode(bytes, index..<min(end, lineEnd)) }
        if end < lineEnd { out += "…" }
        return out.trimmingCharacters(in: .whitespaces)
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        guard range.lowerBound < range.upperBound else { return "" }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        return String(text.map { $0.isNewline || ($0.asciiValue.map { $0 < 0x20 } ?? false) ? " " : $0 })
    }
}
