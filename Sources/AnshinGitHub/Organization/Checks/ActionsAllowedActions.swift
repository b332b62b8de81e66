import AnshinCore

/// Workflows may run any action from the Marketplace, whose code runs with the repository's
/// token and secrets.
public struct ActionsAllowedActions: OrganizationCheck {
    public let metadata = OrganizationCheckMetadata(
        id: "github-org-actions-allowed", title: "GitHub Actions may run any third-party action",
        rationale: """
        Workflows may run any action from the Marketplace, whose code runs with the repository's token and \
        secrets.
        """,
        severity: .medium, pillars: [.security],
        references: ["https://docs.github.com/en/organizations/managing-organization-settings/disabling-or-limiting-github-actions-for-your-organization",
                     "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions"],
        remediation: """
        In Settings → Actions → General, choose "Allow enterprise, and select non-enterprise, actions and reusable \
        workflows", allow actions created by GitHub and verified creators, and list the others you use. With Terraform's \
        GitHub provider, `github_actions_organization_permissions` with `allowed_actions = "selected"`.
        """)

    public init() {}

    public func evaluate(_ inventory: OrganizationInventory) -> [Finding] {
        guard let policy = inventory.actions.value, policy.enabledRepositories != "none", policy.allowedActions == "all" else { return [] }
        return [metadata.finding(organization: inventory.login, "workflows in \(inventory.login) may use any action", evidence: "allowed_actions=all")]
    }
}
