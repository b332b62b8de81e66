import Foundation

/// The issue and label endpoints the sync and the board use.
extension GitHubClient {
    /// Every issue of `repository` in `state` (`open`, `closed`, `all`), pull requests left out.
    public func issues(_ repository: GitHubRepository, state: String = "all") async throws(GitHubError) -> [GitHubIssue] {
        try await getAll("\(repository.path)/issues", query: [("state", state)], as: GitHubIssue.self).filter { !$0.isPullRequest }
    }

    /// The newest issues, to look for one whose creation may have succeeded unseen.
    public func newestIssues(_ repository: GitHubRepository, count: Int = 50) async throws(GitHubError) -> [GitHubIssue] {
        try await get("\(repository.path)/issues",
                      query: [("state", "all"), ("sort", "created"), ("direction", "desc"), ("per_page", String(count))],
                      as: [GitHubIssue].self)
    }

    public func labels(_ repository: GitHubRepository) async throws(GitHubError) -> [GitHubLabel] {
        try await getAll("\(repository.path)/labels", as: GitHubLabel.self)
    }

    /// Creates `label`; one that exists already (422 `already_exists`) is fine.
    public func createLabel(_ label: GitHubLabel, in repository: GitHubRepository) async throws(GitHubError) {
        do throws(GitHubError) {
            let _: GitHubLabel = try await write("POST", "\(repository.path)/labels", label)
        } catch where error.kind == .validation && error.message.contains("already_exists") {
            return
        }
    }

    public func createIssue(_ repository: GitHubRepository, title: String, body: String, labels: [String]) async throws(GitHubError) -> GitHubIssue {
        struct Body: Encodable { var title: String; var body: String; var labels: [String] }
        return try await write("POST", "\(repository.path)/issues", Body(title: title, body: body, labels: labels))
    }

    /// Changes what is given of an issue (`PATCH`, idempotent).
    public func updateIssue(_ repository: GitHubRepository, number: Int, _ change: IssueChange) async throws(GitHubError) -> GitHubIssue {
        try await write("PATCH", "\(repository.path)/issues/\(number)", change)
    }

    public func comments(_ repository: GitHubRepository, issue: Int) async throws(GitHubError) -> [GitHubComment] {
        try await getAll("\(repository.path)/issues/\(issue)/comments", as: GitHubComment.self)
    }

    public func comment(_ repository: GitHubRepository, issue: Int, body: String) async throws(GitHubError) {
        struct Body: Encodable { var body: String }
        let _: GitHubComment = try await write("POST", "\(repository.path)/issues/\(issue)/comments", Body(body: body))
    }
}

/// The fields of `PATCH /repos/{owner}/{repo}/issues/{number}`; nil fields are left out.
public struct IssueChange: Encodable, Sendable, Hashable {
    public var title: String?
    public var body: String?
    /// `open` or `closed`.
    public var state: String?
    /// `completed` or `not_planned` when closing, `reopened` when opening.
    public var stateReason: String?
    public var labels: [String]?

    public init(title: String? = nil, body: String? = nil, state: String? = nil, stateReason: String? = nil, labels: [String]? = nil) {
        self.title = title
        self.body = body
        self.state = state
        self.stateReason = stateReason
        self.labels = labels
    }
}
