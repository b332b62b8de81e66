import AnshinCore

/// A SecureString parameter that still holds the placeholder Terraform created it with
/// (`dummy`, `changeme`...): the real secret was never set, so whatever reads it gets the
/// placeholder. Live only: the value is read decrypted, compared in memory and dropped.
public struct SSMParameterPlaceholder: Check {
    public let metadata = CheckMetadata(
        id: "ssm-parameter-placeholder",
        title: "SecureString parameter still holds its placeholder value",
        rationale: """
        A SecureString parameter that still holds the placeholder Terraform created it with (`dummy`, \
        `changeme`...): the real secret was never set, so whatever reads it gets the placeholder. Live only: \
        the value is read decrypted, compared in memory and dropped.
        """,
        severity: .medium,
        pillars: [.security, .reliability],
        references: ["https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-securestring.html"],
        remediation: """
        Set the real value, without putting it in a shell history or in Terraform: \
        `anshin params set <env> <name>` asks for it with hidden input; with the AWS CLI, \
        `aws ssm put-parameter --overwrite --type SecureString --name <name> --value "$(pbpaste)"`. \
        Then restart what reads it.
        """,
        sources: [.live]
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.parameters.compactMap { parameter in
            guard parameter.storedPlaceholder.isTrue else { return nil }
            let text = "still holds a placeholder value, so the real secret was never set"
            return metadata.finding(parameter.reference, inventory.say(parameter.reference, noun: "Parameter", terraform: text, aws: text))
        }
    }
}
