import AnshinCore

/// Any member can create a public repository: one click from publishing private code.
public struct PublicRepositoryCreation: OrganizationCheck {
    public let metadata = OrganizationCheckMetadata(
        id: "github-org-public-repo-creation", title: "Any member of the GitHub organisation can create public repositories",
        rationale: """
        Any member can create a public repository: one click from publishing private code.
        """,
        severity: .medium, pillars: [.security],
        references: ["CIS-SSC:1.2.2", "https://docs.github.com/en/organizations/managing-organization-settings/restricting-repository-creation-in-your-organization"],
        remediation: """
        In Settings → Member privileges → Repository creation, untick Public, so only owners publish repositories. \
        With Terraform's GitHub provider: `members_can_create_public_repositories = false` in `github_organization_settings`.
        """)

    public init() {}

    public func evaluate(_ inventory: OrganizationInventory) -> [Finding] {
        guard inventory.settings.value?.membersCanCreatePublicRepositories == true else { return [] }
        return [metadata.finding(organization: inventory.login, "members of \(inventory.login) can create public repositories")]
    }
}
