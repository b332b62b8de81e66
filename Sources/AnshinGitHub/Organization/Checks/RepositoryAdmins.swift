import AnshinCore

/// Many people administer a repository directly, outside the owners: each can turn off its
/// branch protection or give others access.
public struct RepositoryAdmins: OrganizationCheck {
    public let metadata = OrganizationCheckMetadata(
        id: "github-repo-admin-count", title: "GitHub repository has many direct admins",
        rationale: """
        Many people administer a repository directly, outside the owners: each can turn off its branch \
        protection or give others access.
        """,
        severity: .low, pillars: [.security],
        references: ["CIS-SSC:1.3.7", "https://docs.github.com/en/organizations/managing-user-access-to-your-organizations-repositories/managing-repository-roles/repository-roles-for-an-organization"],
        remediation: """
        Give admin to a team of two or three maintainers (Settings → Collaborators and teams) and lower the other direct \
        admins to maintain or write.
        """, perRepository: true)

    /// More direct admins than this is a finding.
    public static let limit = 3

    public init() {}

    public func evaluate(_ inventory: OrganizationInventory) -> [Finding] {
        (inventory.repositories.value ?? []).compactMap { repository in
            guard let admins = repository.directAdmins.value, admins.count > Self.limit else { return nil }
            return metadata.finding(organization: inventory.login, repository: repository.name,
                                    "\(repository.name): \(admins.count) direct admins (\(admins.sorted().joined(separator: ", ")))")
        }
    }
}
