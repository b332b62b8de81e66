import AnshinCore

/// Every workflow's `GITHUB_TOKEN` can write to its repository unless the workflow says
/// otherwise: a compromised step can push code or publish releases.
public struct WorkflowTokenPermissions: OrganizationCheck {
    public let metadata = OrganizationCheckMetadata(
        id: "github-org-workflow-token-write", title: "Workflows get a GITHUB_TOKEN with write permissions by default",
        rationale: """
        Every workflow's `GITHUB_TOKEN` can write to its repository unless the workflow says otherwise: a \
        compromised step can push code or publish releases.
        """,
        severity: .medium, pillars: [.security],
        references: ["https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#modifying-the-permissions-for-the-github_token"],
        remediation: """
        In Settings → Actions → General → Workflow permissions, choose "Read repository contents and packages \
        permissions", and give each job what it needs with a `permissions:` block. With Terraform's GitHub provider: \
        `default_workflow_permissions = "read"` in `github_actions_organization_workflow_permissions`.
        """)

    public init() {}

    public func evaluate(_ inventory: OrganizationInventory) -> [Finding] {
        guard inventory.workflowToken.value?.defaultWorkflowPermissions == "write" else { return [] }
        return [metadata.finding(organization: inventory.login, "workflows in \(inventory.login) get a write token unless they ask for less",
                                 evidence: "default_workflow_permissions=write")]
    }
}
