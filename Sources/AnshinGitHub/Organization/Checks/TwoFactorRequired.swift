import AnshinCore

/// The organisation does not require two-factor authentication: one phished password opens
/// every repository its owner can reach.
public struct TwoFactorRequired: OrganizationCheck {
    public let metadata = OrganizationCheckMetadata(
        id: "github-org-2fa-required", title: "GitHub organisation does not require two-factor authentication",
        rationale: """
        The organisation does not require two-factor authentication: one phished password opens every \
        repository its owner can reach.
        """,
        severity: .high, pillars: [.security],
        references: ["CIS-SSC:1.3.5", "https://docs.github.com/en/organizations/keeping-your-organization-secure/managing-two-factor-authentication-for-your-organization/requiring-two-factor-authentication-in-your-organization"],
        remediation: """
        In the organisation's Settings → Authentication security, tick "Require two-factor authentication for everyone". \
        Members without it are removed (and can rejoin once they enable it), so announce it a week ahead. With Terraform's \
        GitHub provider this is not settable; record the decision in the runbook.
        """)

    public init() {}

    public func evaluate(_ inventory: OrganizationInventory) -> [Finding] {
        guard inventory.settings.value?.twoFactorRequirementEnabled == false else { return [] }
        return [metadata.finding(organization: inventory.login, "\(inventory.login) lets members sign in without a second factor")]
    }
}
