import AnshinCore
import Foundation

/// Applies a ``SyncPlan`` to a repository, one step at a time, stopping at the first failure.
///
/// Every step leaves the repository in a state the next plan recognises, so a run that stops
/// anywhere (a rate limit longer than the wait allowed, a network failure, a kill) is finished
/// by the next run without duplicates:
/// - an issue is created with its marker in the same request, so the next run finds it; when a
///   creation fails without a verdict (no response, a 5xx), the newest issues are read before it
///   is sent again;
/// - a close or reopen posts its comment first, then changes the state; the comment carries a
///   hidden event marker, and a step repeated after a failure skips a comment already posted;
/// - updates are `PATCH`es, which GitHub applies idempotently.
///
/// Writes are spaced by ``spacing`` (GitHub asks for a second between content-creating
/// requests) and rate limits are waited out by the client.
public struct SyncExecutor: Sendable {
    public var client: GitHubClient
    public var repository: GitHubRepository
    /// The pause between two writes.
    public var spacing: Duration

    public init(client: GitHubClient, repository: GitHubRepository, spacing: Duration = .seconds(1)) {
        self.client = client
        self.repository = repository
        self.spacing = spacing
    }

    /// What was applied, and the failure that stopped the run, if any.
    public struct Outcome: Sendable {
        /// Steps applied, in order.
        public var applied: [SyncPlan.Step] = []
        /// Issue numbers created, in order.
        public var created: [Int] = []
        public var failure: GitHubError?
        /// Steps not reached because of the failure.
        public var remaining: Int = 0
    }

    public func apply(_ plan: SyncPlan) async -> Outcome {
        var outcome = Outcome()
        var writes = 0
        for (index, step) in plan.steps.enumerated() {
            do throws(GitHubError) {
                if let number = try await apply(step, writesSoFar: &writes) { outcome.created.append(number) }
                outcome.applied.append(step)
            } catch {
                outcome.failure = error
                outcome.remaining = plan.steps.count - index
                break
            }
        }
        return outcome
    }

    /// Applies one step; returns the number of an issue it created.
    func apply(_ step: SyncPlan.Step, writesSoFar writes: inout Int) async throws(GitHubError) -> Int? {
        switch step {
        case .createLabel(let label):
            try await paced(&writes)
            try await client.createLabel(label, in: repository)
            return nil
        case .create(let draft):
            return try await create(draft, writes: &writes)
        case .update(let number, let title, let body, let labels, _):
            try await paced(&writes)
            _ = try await client.updateIssue(repository, number: number, IssueChange(title: title, body: body, labels: labels))
            return nil
        case .close(let number, _, let body, let reason, let comment, let group):
            try await commentOnce(number, event: .closed, group: group, body: comment, writes: &writes)
            try await paced(&writes)
            _ = try await client.updateIssue(repository, number: number, IssueChange(
                body: body, state: "closed", stateReason: reason == .resolved ? "completed" : "not_planned"))
            return nil
        case .reopen(let number, let title, let body, let labels, let comment, let draft):
            try await commentOnce(number, event: .reopened, group: draft.group.key, body: comment, writes: &writes)
            try await paced(&writes)
            _ = try await client.updateIssue(repository, number: number, IssueChange(
                title: title, body: body, state: "open", stateReason: "reopened", labels: labels))
            return nil
        }
    }

    private func create(_ draft: IssueDraft, writes: inout Int) async throws(GitHubError) -> Int {
        var attempts = 0
        while true {
            attempts += 1
            try await paced(&writes)
            do throws(GitHubError) {
                return try await client.createIssue(repository, title: draft.title, body: draft.body(), labels: draft.labels).number
            } catch where error.outcomeUnknown && attempts < 3 {
                // It may exist although the answer was lost: look before sending it again.
                let newest = try await client.newestIssues(repository)
                if let existing = newest.first(where: { $0.marker?.group == draft.group.key }) { return existing.number }
            }
        }
    }

    /// Posts `body` on the issue unless the last sync event on it is already `event`.
    private func commentOnce(_ number: Int, event: IssueEvent, group: String, body: String, writes: inout Int) async throws(GitHubError) {
        var attempts = 0
        while true {
            attempts += 1
            let comments = try await client.comments(repository, issue: number)
            if IssueEvent.last(in: comments, group: group) == event { return }
            try await paced(&writes)
            do throws(GitHubError) {
                try await client.comment(repository, issue: number, body: body)
                return
            } catch where error.outcomeUnknown && attempts < 3 {
                continue
            }
        }
    }

    private func paced(_ writes: inout Int) async throws(GitHubError) {
        if writes > 0 && spacing > .zero {
            do { try await client.retry.sleep(spacing) } catch {
                throw GitHubError(kind: .unavailable, message: "cancelled")
            }
        }
        writes += 1
    }
}
