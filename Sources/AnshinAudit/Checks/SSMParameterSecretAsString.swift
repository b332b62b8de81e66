import AnshinCore

/// A `String` or `StringList` parameter whose name says it holds a secret: its value is stored
/// and returned unencrypted, readable by anyone allowed `ssm:GetParameter` without `kms:Decrypt`,
/// and shown in the console.
public struct SSMParameterSecretAsString: Check {
    public let metadata = CheckMetadata(
        id: "ssm-parameter-secret-as-string",
        title: "Parameter named like a secret is not a SecureString",
        rationale: """
        A `String` or `StringList` parameter whose name says it holds a secret: its value is stored and \
        returned unencrypted, readable by anyone allowed `ssm:GetParameter` without `kms:Decrypt`, and shown \
        in the console.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-securestring.html"],
        remediation: """
        Store secrets as `SecureString` (encrypted with KMS; reading needs `kms:Decrypt` too), and keep \
        the value out of Terraform: create the parameter with a placeholder and set the real value \
        outside it, or use the write-only `value_wo`. A parameter's type cannot be changed in place: \
        create it again as a SecureString, then rotate the secret, since the old value was readable.

        \(Remediation.hcl("""
        resource "aws_ssm_parameter" "api_token" {
          name             = "/acme/prd/app/API_TOKEN"
          type             = "SecureString"
          value_wo         = var.api_token
          value_wo_version = 1
        }
        """))
        """
    )

    public init() {}

    /// Words of a parameter's name that say it holds a secret.
    static let secretWords: Set<String> = ["password", "passwd", "pwd", "secret", "token", "apikey", "privatekey", "credential",
                                           "credentials", "passphrase", "secretkey", "accesskey", "signingkey", "webhook"]
    /// Last words that say the parameter only names or points at a secret.
    static let pointerWords: Set<String> = ["arn", "name", "id", "path", "parameter", "param", "ref", "version", "length", "expiry",
                                            "expiration", "rotation", "ttl", "type", "file", "enabled"]

    /// Whether the last part of `name` (`/acme/prd/DB_PASSWORD`) says it holds a secret:
    /// `DB_PASSWORD`, `stripeSecretKey`, `api-key`; not `db_password_arn` or `token_ttl`.
    static func looksSecret(_ name: String) -> Bool {
        let last = name.split(separator: "/").last.map(String.init) ?? name
        var words: [String] = []
        var current = ""
        var previous: Character?
        for character in last {
            if !character.isLetter && !character.isNumber {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                if character.isUppercase, let previous, previous.isLowercase, !current.isEmpty {
                    words.append(current)
                    current = ""
                }
                current.append(character)
            }
            previous = character
        }
        if !current.isEmpty { words.append(current) }
        words = words.map { $0.lowercased() }
        guard let final = words.last, !pointerWords.contains(final) else { return false }
        let pairs = zip(words, words.dropFirst()).map { $0 + $1 }
        return words.contains(where: secretWords.contains) || pairs.contains(where: secretWords.contains)
    }

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.parameters.compactMap { parameter in
            guard let type = parameter.type.value, type == "String" || type == "StringList",
                  let name = parameter.reference.name ?? (inventory.source == .aws ? parameter.reference.identifier : nil),
                  Self.looksSecret(name) else { return nil }
            let text = "is a plain \(type) although its name says it holds a secret, so its value is stored and shown unencrypted"
            return metadata.finding(parameter.reference, inventory.say(parameter.reference, noun: "Parameter", terraform: text, aws: text),
                                    at: parameter.settingLocations["type"])
        }
    }
}
