import Crypto

/// Fingerprints: stable identities of findings, so triage and issue sync survive line moves.
public enum Fingerprint {
    /// The SHA-256 of the rule id and the identifying components, as 32 hex digits (128 bits).
    ///
    /// Components are length-prefixed before hashing so that `["ab", "c"]` and `["a", "bc"]` differ.
    public static func make(ruleID: String, components: [String]) -> String {
        var hasher = SHA256()
        for part in [ruleID] + components {
            let bytes = Array(part.utf8)
            hasher.update(data: Array("\(bytes.count):".utf8))
            hasher.update(data: bytes)
        }
        return hex(hasher.finalize().prefix(16))
    }

    /// The full SHA-256 of `value` in hex; used to identify a secret without storing it.
    public static func sha256(_ value: some Sequence<UInt8>) -> String {
        hex(SHA256.hash(data: Array(value)))
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
