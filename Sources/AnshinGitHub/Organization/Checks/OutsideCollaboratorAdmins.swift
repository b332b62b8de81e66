import AnshinCore

/// Someone outside the organisation administers a repository: they can change its settings,
/// collaborators and branch protection, outside the organisation's own reviews.
public struct OutsideCollaboratorAdmins: OrganizationCheck {
    public let metadata = OrganizationCheckMetadata(
        id: "github-repo-outside-admin", title: "Outside collaborator has admin on a GitHub repository",
        rationale: """
        Someone outside the organisation administers a repository: they can change its settings, \
        collaborators and branch protection, outside the organisation's own reviews.
        """,
        severity: .high, pillars: [.security],
        references: ["https://docs.github.com/en/organizations/managing-user-access-to-your-organizations-repositories/managing-outside-collaborators/adding-outside-collaborators-to-repositories-in-your-organization"],
        remediation: """
        Lower the outside collaborator to write (or read) in the repository's Settings → Collaborators and teams; if they \
        need admin, make them a member under the organisation's policies.
        """, perRepository: true)

    public init() {}

    public func evaluate(_ inventory: OrganizationInventory) -> [Finding] {
        (inventory.repositories.value ?? []).compactMap { repository in
            guard let admins = repository.outsideAdmins.value, !admins.isEmpty else { return nil }
            return metadata.finding(organization: inventory.login, repository: repository.name,
                                    "\(repository.name): outside \(admins.count == 1 ? "collaborator" : "collaborators") with admin: \(admins.sorted().joined(separator: ", "))")
        }
    }
}
