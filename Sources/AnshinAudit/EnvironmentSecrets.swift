import AnshinCore

/// Environment variables whose names say they hold a secret (`DB_PASSWORD`, `STRIPE_KEY`,
/// `MB_DB_PASS`), as ECS task definitions and Lambda functions carry them in plain text. Only
/// names are kept: the values are never read into the inventory.
public enum EnvironmentSecrets {
    /// Words before a final `key` that say it is not a secret (`CACHE_KEY`, `PUBLIC_KEY`).
    static let harmlessKeyWords: Set<String> = ["public", "cache", "partition", "sort", "primary", "foreign", "idempotency", "routing",
                                                "object", "bucket", "lookup", "hash", "map", "s3", "redis", "kms", "group", "session",
                                                "prefix", "encryption"]

    /// Whether an environment variable's name says it holds a secret: the words of
    /// ``SSMParameterSecretAsString/looksSecret(_:)``, a final `pass`, or a final `key` that
    /// another word does not make harmless (`STRIPE_KEY`, not `CACHE_KEY` or `KMS_KEY`, an id).
    public static func looksSecret(_ name: String) -> Bool {
        if SSMParameterSecretAsString.looksSecret(name) { return true }
        let words = name.split { !$0.isLetter && !$0.isNumber }.map { $0.lowercased() }
        guard let last = words.last else { return false }
        if last == "pass" { return words.count > 1 }
        guard last == "key" || last == "keys", words.count > 1 else { return false }
        return !harmlessKeyWords.contains(words[words.count - 2])
    }

    /// The names of `entries` (name, value) that look secret and hold a value: a non-empty
    /// string, or one known only after apply (`nil`). Values are looked at, never kept.
    public static func secretNames(_ entries: [(name: String, value: String?)]) -> [String] {
        entries.filter { looksSecret($0.name) && ($0.value.map { !$0.isEmpty } ?? true) }.map(\.name)
    }

    /// Evidence for `names`: each with its value hidden.
    public static func evidence(_ names: [String]) -> String {
        names.map { "\($0)=[redacted]" }.joined(separator: ", ")
    }
}
