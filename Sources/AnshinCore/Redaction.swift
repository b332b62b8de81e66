import Foundation

/// Redaction of secrets in evidence: a reader can recognise which credential it is, never use it.
public enum Redaction {
    /// The marker that replaces the hidden part of a value.
    public static let marker = "…[redacted]"

    /// Keeps at most `visible` leading characters (and never more than a quarter of the value),
    /// enough to tell an `AKIA` key id or a `ghp_` token apart, and hides the rest.
    public static func redact(_ secret: some StringProtocol, visible: Int = 4) -> String {
        let characters = Array(secret)
        let keep = min(visible, characters.count / 4)
        return String(characters.prefix(keep)) + marker
    }

    /// Replaces every occurrence of each secret in `text` by its redacted form.
    ///
    /// Longer secrets are replaced first so that a secret containing another is hidden whole.
    public static func redact(_ text: String, hiding secrets: [String]) -> String {
        var result = text
        for secret in secrets.filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            result = result.replacingOccurrences(of: secret, with: redact(secret))
        }
        return result
    }
}
