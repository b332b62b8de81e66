import AnshinCore

/// The issue sync from end to end: read the repository's issues and labels, plan, apply.
public struct IssueSync: Sendable {
    public var client: GitHubClient
    public var repository: GitHubRepository
    public var options: SyncOptions
    /// The pause between writes (GitHub asks for about a second).
    public var spacing: Duration

    public init(client: GitHubClient, repository: GitHubRepository, options: SyncOptions = SyncOptions(),
                spacing: Duration = .seconds(1)) {
        self.client = client
        self.repository = repository
        self.options = options
        self.spacing = spacing
    }

    /// The plan for `findings` against the repository as it is now.
    public func plan(_ findings: [Finding]) async throws(GitHubError) -> SyncPlan {
        let labels = try await client.labels(repository)
        let issues = try await client.issues(repository, state: "all")
        return SyncPlanner(options: options).plan(findings: findings, issues: issues, labels: labels)
    }

    /// Plans and applies; the outcome says what was done and what stopped it.
    public func run(_ findings: [Finding]) async throws(GitHubError) -> (plan: SyncPlan, outcome: SyncExecutor.Outcome) {
        let plan = try await plan(findings)
        let outcome = await SyncExecutor(client: client, repository: repository, spacing: spacing).apply(plan)
        return (plan, outcome)
    }

    /// The plan of a repository with no issues yet: every active group to create (for exports
    /// to other trackers, and dry runs without a repository).
    public static func planFromScratch(_ findings: [Finding], options: SyncOptions = SyncOptions()) -> SyncPlan {
        var plan = SyncPlanner(options: options).plan(findings: findings, issues: [], labels: IssueLabels.all)
        plan.steps.removeAll { if case .createLabel = $0 { true } else { false } }
        return plan
    }
}
