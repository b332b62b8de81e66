import AnshinCore

/// Members can fork private repositories, so copies of private code live outside the
/// organisation's control (in personal accounts that leave with the person).
public struct PrivateRepositoryForking: OrganizationCheck {
    public let metadata = OrganizationCheckMetadata(
        id: "github-org-private-forking", title: "Members of the GitHub organisation can fork private repositories",
        rationale: """
        Members can fork private repositories, so copies of private code live outside the organisation's \
        control (in personal accounts that leave with the person).
        """,
        severity: .low, pillars: [.security],
        references: ["CIS-SSC:1.2.5", "https://docs.github.com/en/organizations/managing-organization-settings/managing-the-forking-policy-for-your-organization"],
        remediation: """
        Untick "Allow forking of private repositories" in Settings → Member privileges. With Terraform's GitHub provider: \
        `members_can_fork_private_repositories = false` in `github_organization_settings`.
        """)

    public init() {}

    public func evaluate(_ inventory: OrganizationInventory) -> [Finding] {
        guard inventory.settings.value?.membersCanForkPrivateRepositories == true else { return [] }
        return [metadata.finding(organization: inventory.login, "members of \(inventory.login) can fork its private repositories")]
    }
}
