import AnshinCore

/// The IAM password policy is missing or weak (Security Hub IAM.7, IAM.15, IAM.16; CIS 1.8, 1.9).
public struct IAMPasswordPolicy: Check {
    /// CIS 1.8 / Security Hub IAM.15.
    static let minimumLength = 14
    /// CIS 1.9 / Security Hub IAM.16.
    static let reusePrevention = 24

    public let metadata = CheckMetadata(
        id: "iam-password-policy",
        title: "IAM password policy is missing or weak",
        rationale: """
        The IAM password policy is missing or weak (Security Hub IAM.7, IAM.15, IAM.16; CIS 1.8, 1.9).

        The policy applies to every IAM user's console password. CIS asks for at least 14 characters and no \
        reuse of the last 24 passwords; Security Hub IAM.7 also asks for upper- and lower-case letters, \
        numbers and symbols. Expiry is not asked for: CIS v3 and NIST SP 800-63B advise against forced \
        rotation.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:IAM.7", "SecurityHub:IAM.15", "SecurityHub:IAM.16", "CIS:1.8", "CIS:1.9",
                     "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html"],
        remediation: """
        Set an account password policy with at least 14 characters, all four character classes and \
        no reuse of the last 24 passwords (better still, move people to IAM Identity Center and \
        delete their IAM passwords). In Terraform:

        \(Remediation.hcl("""
        resource "aws_iam_account_password_policy" "this" {
          minimum_password_length        = 14
          require_uppercase_characters   = true
          require_lowercase_characters   = true
          require_numbers                = true
          require_symbols                = true
          allow_users_to_change_password = true
          password_reuse_prevention      = 24
        }
        """))
        """,
        scope: .account
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        guard case .known(let policy) = inventory.passwordPolicy else { return [] }
        let reference = inventory.accountReference(kind: "aws_iam_account_password_policy")
        guard let policy else {
            return [metadata.finding(reference, "\(inventory.accountName.capitalizedFirst) has no IAM password policy, so AWS's default applies: 8 characters and any old password may be reused")]
        }
        var shortfalls: [String] = []
        if let length = policy.minimumLength.value, length < Self.minimumLength {
            shortfalls.append("a minimum length of \(length) (at least \(Self.minimumLength))")
        }
        if case .known(let reuse) = policy.reusePrevention, (reuse ?? 0) < Self.reusePrevention {
            shortfalls.append(reuse.map { "reuse prevention of \($0) passwords (at least \(Self.reusePrevention))" } ?? "no reuse prevention")
        }
        let classes = [("uppercase letters", policy.requireUppercase), ("lowercase letters", policy.requireLowercase),
                       ("numbers", policy.requireNumbers), ("symbols", policy.requireSymbols)]
        let missing = classes.filter { $0.1.isFalse }.map(\.0)
        if !missing.isEmpty { shortfalls.append("no requirement for \(missing.spokenList)") }
        guard !shortfalls.isEmpty else { return [] }
        return [metadata.finding(reference, "The IAM password policy of \(inventory.accountName) has \(shortfalls.spokenList)")]
    }
}

extension String {
    /// The text with its first letter in upper case.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
