import AnshinCore
import Foundation

// Private keys: PEM (RFC 7468), OpenSSH (PROTOCOL.key), OpenPGP (RFC 4880 armour), PuTTY, age,
// and JSON Web Tokens (RFC 7519).

extension SecretRule {
    /// A PEM-armoured key: the header is the prefilter, the block is confirmed up to its footer,
    /// and its identity is the base64 body, so one key reformatted anywhere is one incident.
    static func armoured(id: String, title: String, label: String, severity: Severity,
                         header: String? = nil, end: String = "-----END", minBody: Int = 64, bodyCheck: Check? = nil,
                         revoke: String, references: [String]) -> SecretRule {
        SecretRule(
            id: id, title: title, severity: severity,
            pattern: header ?? "-----BEGIN \(label)-----",
            extractor: .block(end: end, maxLength: 64 * 1024),
            checks: [KeySample.bodyCheck(minimum: minBody)] + (bodyCheck.map { [$0] } ?? []),
            specificity: .exact,
            remediation: Advice.revoke(revoke),
            references: references,
            samples: { g in [
                KeySample.pem(label: label, g: g),
                "const key = \"" + KeySample.pem(label: label, g: g).replacingOccurrences(of: "\n", with: "\\n") + "\";",
            ] },
            negatives: { g in [
                KeySample.begin(label) + "\n...\n" + KeySample.end(label),
                KeySample.begin(label) + "\n" + String(repeating: "X", count: 64) + "\n" + KeySample.end(label),
                KeySample.begin(label) + "\n" + g.base64(20) + "\n" + KeySample.end(label),
                "if line.hasPrefix(\"" + KeySample.begin(label) + "\") {",
            ] })
    }

    static let keyRevoke = "Treat the key as compromised: remove its public half wherever it is trusted "
        + "(authorized_keys, deploy keys, TLS certificates: revoke them), generate a new key pair and "
        + "keep the private key out of the repository."

    static let privateKeyRSA = armoured(
        id: "secret-private-key-rsa", title: "RSA private key (PKCS #1)", label: "RSA PRIVATE KEY",
        severity: .critical, revoke: keyRevoke,
        references: ["https://www.rfc-editor.org/rfc/rfc7468", "https://www.rfc-editor.org/rfc/rfc8017"])

    static let privateKeyEC = armoured(
        id: "secret-private-key-ec", title: "EC private key (SEC 1)", label: "EC PRIVATE KEY",
        severity: .critical, revoke: keyRevoke,
        references: ["https://www.rfc-editor.org/rfc/rfc5915"])

    static let privateKeyDSA = armoured(
        id: "secret-private-key-dsa", title: "DSA private key", label: "DSA PRIVATE KEY",
        severity: .critical, revoke: keyRevoke,
        references: ["https://www.rfc-editor.org/rfc/rfc7468"])

    static let privateKeyPKCS8 = armoured(
        id: "secret-private-key-pkcs8", title: "Private key (PKCS #8)", label: "PRIVATE KEY",
        severity: .critical, revoke: keyRevoke,
        references: ["https://www.rfc-editor.org/rfc/rfc7468#section-10"])

    static let privateKeyPKCS8Encrypted = armoured(
        id: "secret-private-key-pkcs8-encrypted", title: "Encrypted private key (PKCS #8)",
        label: "ENCRYPTED PRIVATE KEY", severity: .medium,
        revoke: "The key is encrypted, so its passphrase is all that protects it; brute force is offline. "
            + keyRevoke,
        references: ["https://www.rfc-editor.org/rfc/rfc7468#section-11"])

    static let privateKeyOpenSSH = armoured(
        id: "secret-private-key-openssh", title: "OpenSSH private key", label: "OPENSSH PRIVATE KEY",
        severity: .critical,
        bodyCheck: .custom("openssh-key-v1 magic", { KeySample.hasOpenSSHMagic($0.secret) }),
        revoke: keyRevoke,
        references: ["https://github.com/openssh/openssh-portable/blob/master/PROTOCOL.key"])

    static let privateKeyPGP = armoured(
        id: "secret-private-key-pgp", title: "OpenPGP private key block", label: "PGP PRIVATE KEY BLOCK",
        severity: .critical,
        revoke: "Revoke the key with its revocation certificate (`gpg --gen-revoke`), publish the "
            + "revocation to the key servers you use, then generate a new key. " + keyRevoke,
        references: ["https://www.rfc-editor.org/rfc/rfc4880#section-6.2"])

    static let privateKeySSH2Encrypted = armoured(
        id: "secret-private-key-ssh2-encrypted", title: "SSH.com / Tectia encrypted private key",
        label: "SSH2 ENCRYPTED PRIVATE KEY", severity: .medium,
        header: "---- " + "BEGIN SSH2 ENCRYPTED PRIVATE KEY ----", end: "---- " + "END",
        revoke: keyRevoke,
        references: ["https://www.rfc-editor.org/rfc/rfc4716"])

    static let privateKeyPuTTY = SecretRule(
        id: "secret-private-key-putty", title: "PuTTY private key file", severity: .critical,
        pattern: "PuTTY-User-Key-File-[23]: ",
        extractor: .block(end: "Private-MAC:", maxLength: 64 * 1024),
        checks: [KeySample.bodyCheck(minimum: 64)],
        remediation: Advice.revoke(keyRevoke),
        references: ["https://the.earth.li/~sgtatham/putty/0.78/htmldoc/AppendixC.html"],
        samples: { g in [
            "PuTTY-User-Key-File-" + "3: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 2\n"
                + g.base64(64) + "\n" + g.base64(16) + "\nPrivate-Lines: 1\n" + g.base64(44) + "\nPrivate-MAC: " + g.hex(64) + "\n",
        ] },
        negatives: { _ in ["PuTTY-User-Key-File-" + "3: ssh-ed25519\nPrivate-MAC: none\n"] })

    static let ageSecretKey = SecretRule.prefixed(
        id: "secret-age-secret-key", title: "age secret key", severity: .critical,
        token: "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}", right: "[A-Z0-9]", entropy: 3.5,
        remediation: Advice.revoke("Generate a new identity (`age-keygen`), re-encrypt every file for the new "
            + "recipient, and remove the old recipient from sops or other configurations."),
        references: ["https://age-encryption.org/v1"],
        samples: { g in ["AGE" + "-SECRET-KEY-1" + g.string(58, from: "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L")] },
        negatives: { g in ["AGE" + "-SECRET-KEY-1" + g.string(20, from: "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L")] })

    static let jsonWebToken = SecretRule.prefixed(
        id: "secret-json-web-token", title: "JSON Web Token", severity: .medium,
        token: #"eyJ[A-Za-z0-9_-]{8,1000}\.eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{16,1000}"#,
        right: "[A-Za-z0-9_.-]", entropy: 4.0,
        checks: [.custom("JWT header names an algorithm", { KeySample.isSignedJWT($0.secret) })],
        remediation: Advice.revoke("A signed token works until it expires: if its `exp` is far off, rotate the "
            + "signing key or revoke the session it belongs to (Supabase, Auth0 and Kubernetes service-account "
            + "tokens are often long-lived)."),
        references: ["https://www.rfc-editor.org/rfc/rfc7519"],
        samples: { g in [
            "Authorization: Bearer " + KeySample.jwt(g),
            "SUPABASE_SERVICE_ROLE_KEY=" + KeySample.jwt(g),
        ] },
        negatives: { g in [
            SampleGenerator.base64Encode("{\"typ\":\"JWT\"}", url: true) + "." + SampleGenerator.base64Encode("{\"sub\":\"1\"}", url: true) + "." + g.base64URL(43),
            SampleGenerator.base64Encode("{\"alg\":\"none\"}", url: true) + "." + SampleGenerator.base64Encode("{\"sub\":\"123\"}", url: true) + ".",
        ] })
}

/// Builds key samples at run time and checks key bodies.
enum KeySample {
    static func begin(_ label: String) -> String { "-----" + "BEGIN " + label + "-----" }
    static func end(_ label: String) -> String { "-----" + "END " + label + "-----" }

    /// A PEM block whose body is random base64 (for OpenSSH, starting with the format's magic).
    static func pem(label: String, g: SampleGenerator) -> String {
        var body = label.contains("OPENSSH") ? "b3BlbnNz" + "aC1rZXktdjEAAAAABG5vbmU" : ""
        body += g.base64(400)
        let lines = stride(from: 0, to: body.count, by: 64).map { start -> String in
            let from = body.index(body.startIndex, offsetBy: start)
            let to = body.index(from, offsetBy: min(64, body.count - start))
            return String(body[from..<to])
        }
        let header = label.hasPrefix("SSH2") ? "---- " + "BEGIN " + label + " ----" : begin(label)
        let footer = label.hasPrefix("SSH2") ? "---- " + "END " + label + " ----" : end(label)
        return header + "\n" + lines.joined(separator: "\n") + "\n" + footer + "\n"
    }

    /// A key body: at least `minimum` base64 characters, random-looking, no placeholder words.
    static func bodyCheck(minimum: Int) -> Check {
        .custom("key body") { candidate in
            guard candidate.secret.count >= minimum else { return false }
            let lower = Placeholder.lowercased(candidate.secret)
            for word in ["example", "xxxxxxxx", "placeholder", "redacted", "yourkey"] where lower.contains(Array(word.utf8)) {
                return false
            }
            return Entropy.shannon(candidate.secret) >= 4.5
        }
    }

    /// Whether an OpenSSH key body starts with the base64 of `openssh-key-v1\0`.
    static func hasOpenSSHMagic(_ body: [UInt8]) -> Bool {
        body.starts(with: Array(("b3BlbnNz" + "aC1rZXktdjE").utf8))
    }

    /// A JWT with an HMAC header and random payload and signature.
    static func jwt(_ g: SampleGenerator) -> String {
        let header = SampleGenerator.base64Encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", url: true)
        let payload = SampleGenerator.base64Encode("{\"sub\":\"\(g.hex(12))\",\"role\":\"service_role\",\"iat\":1700000000}", url: true)
        return header + "." + payload + "." + g.base64URL(43)
    }

    /// Whether `token` is a JWT whose header decodes to JSON naming a real signature algorithm.
    static func isSignedJWT(_ token: [UInt8]) -> Bool {
        guard let dot = token.firstIndex(of: UInt8(ascii: ".")),
              let header = Base64.decode(token[..<dot]) else { return false }
        let text = Placeholder.lowercased(header)
        return text.contains(Array("\"alg\"".utf8)) && !text.contains(Array("\"none\"".utf8))
    }
}
