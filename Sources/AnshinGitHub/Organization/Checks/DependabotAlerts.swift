import AnshinCore

/// Dependabot alerts are off: nobody hears of known vulnerabilities in the repository's dependencies.
public struct DependabotAlerts: OrganizationCheck {
    public let metadata = OrganizationCheckMetadata(
        id: "github-repo-dependabot-alerts", title: "Dependabot alerts are off for a GitHub repository",
        rationale: """
        Dependabot alerts are off: nobody hears of known vulnerabilities in the repository's dependencies.
        """,
        severity: .medium, pillars: [.security],
        references: ["CIS-SSC:1.5.5", "https://docs.github.com/en/code-security/dependabot/dependabot-alerts/configuring-dependabot-alerts"],
        remediation: """
        Enable Dependabot alerts in the repository's Settings → Code security (or for every repository with an \
        organisation security configuration). With Terraform's GitHub provider: `vulnerability_alerts = true` on \
        `github_repository`.
        """, perRepository: true)

    public init() {}

    public func evaluate(_ inventory: OrganizationInventory) -> [Finding] {
        (inventory.repositories.value ?? []).compactMap { repository in
            guard repository.dependabotAlerts.value == false else { return nil }
            return metadata.finding(organization: inventory.login, repository: repository.name,
                                    "\(repository.name) (\(repository.visibility)): Dependabot alerts off")
        }
    }
}
