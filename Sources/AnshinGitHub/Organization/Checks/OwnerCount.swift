import AnshinCore

/// One owner is a single point of failure (locked out, on leave, gone); many owners are many
/// accounts that can delete everything.
public struct OwnerCount: OrganizationCheck {
    public let metadata = OrganizationCheckMetadata(
        id: "github-org-owner-count", title: "GitHub organisation has too few or too many owners",
        rationale: """
        One owner is a single point of failure (locked out, on leave, gone); many owners are many accounts \
        that can delete everything.
        """,
        severity: .medium, pillars: [.security, .reliability],
        references: ["CIS-SSC:1.3.3", "https://docs.github.com/en/organizations/managing-peoples-access-to-your-organization-with-roles/roles-in-an-organization#organization-owners"],
        remediation: """
        Keep two to five owners (Settings → People, role Owner), each with two-factor authentication; give everyone else \
        the Member role and admin on the repositories they run.
        """)

    /// GitHub recommends at least two owners; more than five is more power than a small team needs.
    public static let range = 2...5

    public init() {}

    public func evaluate(_ inventory: OrganizationInventory) -> [Finding] {
        guard let owners = inventory.owners.value, !Self.range.contains(owners.count) else { return [] }
        let text = owners.count < Self.range.lowerBound
            ? "\(inventory.login) has \(owners.count) \(owners.count == 1 ? "owner" : "owners"): nobody can take over if that account is lost"
            : "\(inventory.login) has \(owners.count) owners; each can delete repositories and change every setting"
        return [metadata.finding(organization: inventory.login, text, evidence: "owners=\(owners.count)")]
    }
}
