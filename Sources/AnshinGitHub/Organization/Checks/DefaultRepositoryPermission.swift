import AnshinCore

/// Every member gets write (or admin) on every repository by default.
public struct DefaultRepositoryPermission: OrganizationCheck {
    public let metadata = OrganizationCheckMetadata(
        id: "github-org-default-permission", title: "GitHub organisation gives members more than read access to every repository",
        rationale: """
        Every member gets write (or admin) on every repository by default.
        """,
        severity: .medium, pillars: [.security],
        references: ["CIS-SSC:1.3.8", "https://docs.github.com/en/organizations/managing-user-access-to-your-organizations-repositories/managing-repository-roles/setting-base-permissions-for-an-organization"],
        remediation: """
        Set the base permission to Read (or No permission) in Settings → Member privileges, and grant write through teams \
        per repository. With Terraform's GitHub provider:

        ```hcl
        resource "github_organization_settings" "this" {
          billing_email                  = "it@example.com"
          default_repository_permission  = "read"
        }
        ```
        """)

    public init() {}

    public func evaluate(_ inventory: OrganizationInventory) -> [Finding] {
        guard let permission = inventory.settings.value?.defaultRepositoryPermission, ["write", "admin"].contains(permission) else { return [] }
        return [metadata.finding(organization: inventory.login, "every member of \(inventory.login) has \(permission) access to every repository",
                                 evidence: "default_repository_permission=\(permission)")]
    }
}
