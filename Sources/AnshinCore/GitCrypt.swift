/// Files encrypted by git-crypt: in a locked repository (or the history) they hold ciphertext
/// behind a fixed header, not text to parse or scan.
public enum GitCrypt {
    /// The header git-crypt writes before the ciphertext: a NUL, `GITCRYPT`, a NUL.
    public static let header: [UInt8] = [0] + Array("GITCRYPT".utf8) + [0]

    /// Whether `bytes` start with git-crypt's header.
    public static func isEncrypted(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.count >= header.count && bytes.prefix(header.count).elementsEqual(header)
    }

    /// Whether the raw bytes start with git-crypt's header.
    public static func isEncrypted(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= header.count && zip(bytes.prefix(header.count), header).allSatisfy { $0 == $1 }
    }

    /// What to tell a user about such a file.
    public static let advice = "encrypted with git-crypt; run `git-crypt unlock` to read it"
}
