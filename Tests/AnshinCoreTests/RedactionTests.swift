@testable import AnshinCore
import AnshinTesting
import Testing

@Suite struct RedactionTests {
    @Test func keepsOnlyARecognisablePrefix() {
        let secret = "ghp" + "_" + String(repeating: "Z9", count: 18)
        #expect(Redaction.redact(secret) == "ghp_…[redacted]")
        #expect(Redaction.redact("abc") == "…[redacted]", "short values show nothing")
        #expect(Redaction.redact("abcdefgh") == "ab…[redacted]", "never more than a quarter")
    }

    @Test func redactsEveryOccurrenceInText() {
        let secret = "s3cr3t-" + "value-1234"
        let line = "a=\(secret) b=\(secret)"
        let redacted = Redaction.redact(line, hiding: [secret])
        #expect(!redacted.contains(secret))
        #expect(redacted == "a=s3cr…[redacted] b=s3cr…[redacted]")
    }

    /// Whatever the secret, its redacted form never contains it nor more than a quarter of it.
    @Test func neverRevealsTheSecret() {
        var random = SplitMix64(seed: 7)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-é")
        for _ in 0..<2000 {
            let length = Int(random.next() % 80) + 1
            let secret = String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            let redacted = Redaction.redact(secret)
            #expect(redacted.hasSuffix(Redaction.marker))
            #expect(redacted.count - Redaction.marker.count <= secret.count / 4)
            if secret.count >= 2 { #expect(!redacted.contains(secret)) }
        }
    }
}
