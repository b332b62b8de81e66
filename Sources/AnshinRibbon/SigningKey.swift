import Crypto
import CryptoExtras
import Foundation

/// The RSA key an extension is signed with. Its public half fixes the extension id: Chrome takes
/// the first 128 bits of the SHA-256 of the DER SubjectPublicKeyInfo and writes them as letters
/// `a` to `p`, one per hex digit.
public struct SigningKey: Sendable {
    private let key: _RSA.Signing.PrivateKey

    /// A new 2048-bit key, the size Chrome's own packer makes.
    public static func generate() throws -> SigningKey {
        SigningKey(key: try _RSA.Signing.PrivateKey(keySize: .bits2048))
    }

    /// Reads a PEM private key (PKCS #8 `PRIVATE KEY` or PKCS #1 `RSA PRIVATE KEY`).
    public init(pem: String) throws {
        key = try _RSA.Signing.PrivateKey(pemRepresentation: pem)
    }

    private init(key: _RSA.Signing.PrivateKey) {
        self.key = key
    }

    /// PKCS #8 PEM, which Chrome's `--pack-extension-key` also reads.
    public var pem: String { key.pkcs8PEMRepresentation }

    /// DER SubjectPublicKeyInfo: the manifest's `key`, base64-encoded.
    public var publicKey: Data { key.publicKey.derRepresentation }

    /// RSASSA-PKCS1-v1_5 over SHA-256, as CRX3 requires (deterministic: the same input gives the same signature).
    func sign(_ data: Data) throws -> Data {
        try key.signature(for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5).rawRepresentation
    }

    /// The extension id of a public key.
    public static func extensionID(publicKey: Data) -> String {
        let letters = Array("abcdefghijklmnop")
        return String(SHA256.hash(data: publicKey).prefix(16).flatMap { [letters[Int($0 >> 4)], letters[Int($0 & 0xF)]] })
    }
}
