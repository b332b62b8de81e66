import AnshinCore

/// The root user has no MFA device (Security Hub IAM.9, CIS 1.5).
public struct RootUserMFA: Check {
    public let metadata = CheckMetadata(
        id: "root-user-mfa",
        title: "Root user has no MFA",
        rationale: """
        The root user has no MFA device (Security Hub IAM.9, CIS 1.5).

        Root can do anything, including closing the account, and no policy limits it; a password alone \
        protects it. Root without any credential (an Organization that manages root access centrally removed \
        its password and keys) cannot sign in, so it is not reported.
        """,
        severity: .critical,
        pillars: [.security],
        references: ["SecurityHub:IAM.9", "CIS:1.5",
                     "https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html"],
        remediation: """
        Sign in as root and enable MFA (a hardware key or passkey, kept somewhere two people can \
        reach). In an Organization, better still: turn on centralized root access management in the \
        management account and delete the member accounts' root passwords, so no member account has \
        root credentials at all (`aws iam enable-organizations-root-credentials-management` and \
        `aws iam delete-login-profile` through `aws sts assume-root`).
        """,
        scope: .account, sources: [.live]
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        let root = inventory.rootUser
        guard root.mfaEnabled.isFalse, !root.hasCredentials.isFalse else { return [] }
        return [metadata.finding(inventory.rootReference, "The root user of \(inventory.accountName) has no MFA device")]
    }
}
