import AnshinCore

/// The organisation audit: read the inventory once, run every check, and say what could not
/// be read.
public enum OrganizationAudit {
    public struct Result: Sendable {
        public var inventory: OrganizationInventory
        public var findings: [Finding]
        public var notes: [Note]
    }

    /// Findings of `checks` on `inventory`, and a not-assessed note per fact it lacks.
    public static func evaluate(_ inventory: OrganizationInventory,
                                checks: [any OrganizationCheck] = OrganizationCheckCatalog.all) -> Result {
        let findings = checks.flatMap { $0.evaluate(inventory) }
        let notes = inventory.unreadable.map { Note(kind: .notAssessed, source: "github", message: $0) }
        return Result(inventory: inventory, findings: findings, notes: notes)
    }

    /// Reads `organization` through `client` and evaluates it.
    public static func run(_ organization: String, client: GitHubClient) async throws(GitHubError) -> Result {
        evaluate(try await OrganizationReader(client: client).read(organization))
    }
}
