import AnshinCore

/// A workflow can approve pull requests, so the review that branch protection requires can come
/// from a bot run by the author's own change.
public struct WorkflowsApprovePullRequests: OrganizationCheck {
    public let metadata = OrganizationCheckMetadata(
        id: "github-org-workflows-approve-prs", title: "GitHub Actions workflows can approve pull requests",
        rationale: """
        A workflow can approve pull requests, so the review that branch protection requires can come from a \
        bot run by the author's own change.
        """,
        severity: .medium, pillars: [.security],
        references: ["CIS-SSC:1.1.3", "https://docs.github.com/en/organizations/managing-organization-settings/disabling-or-limiting-github-actions-for-your-organization#preventing-github-actions-from-creating-or-approving-pull-requests"],
        remediation: """
        Untick "Allow GitHub Actions to create and approve pull requests" in Settings → Actions → General. With \
        Terraform's GitHub provider: `can_approve_pull_request_reviews = false` in \
        `github_actions_organization_workflow_permissions`.
        """)

    public init() {}

    public func evaluate(_ inventory: OrganizationInventory) -> [Finding] {
        guard inventory.workflowToken.value?.canApprovePullRequestReviews == true else { return [] }
        return [metadata.finding(organization: inventory.login, "workflows in \(inventory.login) can approve pull requests")]
    }
}
