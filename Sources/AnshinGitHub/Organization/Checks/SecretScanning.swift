import AnshinCore

/// Secret scanning or push protection is off: credentials pushed to the repository are neither
/// blocked nor reported.
public struct SecretScanning: OrganizationCheck {
    public let metadata = OrganizationCheckMetadata(
        id: "github-repo-secret-scanning", title: "Secret scanning or push protection is off for a GitHub repository",
        rationale: """
        Secret scanning or push protection is off: credentials pushed to the repository are neither blocked \
        nor reported.
        """,
        severity: .medium, pillars: [.security],
        references: ["CIS-SSC:1.5.1", "https://docs.github.com/en/code-security/secret-scanning/introduction/about-secret-scanning",
                     "https://docs.github.com/en/code-security/secret-scanning/introduction/about-push-protection"],
        remediation: """
        Enable secret scanning and push protection in the repository's Settings → Code security (free for public \
        repositories; GitHub Secret Protection for private ones), or for every repository with an organisation security \
        configuration. Keep `anshin secrets hook install` on laptops too: it stops a secret before it leaves.
        """, perRepository: true)

    public init() {}

    public func evaluate(_ inventory: OrganizationInventory) -> [Finding] {
        (inventory.repositories.value ?? []).compactMap { repository in
            var off: [String] = []
            if repository.secretScanning == "disabled" { off.append("secret scanning") }
            if repository.secretScanningPushProtection == "disabled" { off.append("push protection") }
            guard !off.isEmpty else { return nil }
            return metadata.finding(organization: inventory.login, repository: repository.name,
                                    "\(repository.name) (\(repository.visibility)): \(off.joined(separator: " and ")) off")
        }
    }
}
