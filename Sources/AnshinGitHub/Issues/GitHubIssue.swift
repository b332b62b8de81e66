import Foundation

/// An issue as GitHub returns it (`GET /repos/{owner}/{repo}/issues`), reduced to what the sync
/// and the board read. Pull requests come through the same endpoint, marked by `pull_request`.
public struct GitHubIssue: Decodable, Sendable, Hashable {
    public struct Label: Decodable, Sendable, Hashable {
        public var name: String
    }
    public struct User: Decodable, Sendable, Hashable {
        public var login: String
    }
    public struct PullRequestLink: Decodable, Sendable, Hashable {
        public var url: String?
    }

    public var number: Int
    public var title: String
    public var body: String?
    /// `open` or `closed`.
    public var state: String
    /// `completed`, `not_planned`, `reopened` or null.
    public var stateReason: String?
    public var labels: [Label]
    public var user: User?
    public var htmlUrl: String?
    public var pullRequest: PullRequestLink?

    public init(number: Int, title: String, body: String?, state: String, stateReason: String? = nil, labels: [String],
                user: String? = nil, htmlUrl: String? = nil) {
        self.number = number
        self.title = title
        self.body = body
        self.state = state
        self.stateReason = stateReason
        self.labels = labels.map { Label(name: $0) }
        self.user = user.map { User(login: $0) }
        self.htmlUrl = htmlUrl
        self.pullRequest = nil
    }

    public var isOpen: Bool { state == "open" }
    public var isPullRequest: Bool { pullRequest != nil }
    public var labelNames: [String] { labels.map(\.name) }
    /// The sync's marker in the body, when anshin filed the issue.
    public var marker: IssueMarker? { body.flatMap(IssueMarker.find) }
}

/// A comment (`GET /repos/{owner}/{repo}/issues/{number}/comments`).
public struct GitHubComment: Decodable, Sendable, Hashable {
    public var id: Int
    public var body: String?
}

/// A label (`GET /repos/{owner}/{repo}/labels`).
public struct GitHubLabel: Codable, Sendable, Hashable {
    public var name: String
    /// Six hex digits, no `#`.
    public var color: String?
    public var description: String?

    public init(name: String, color: String?, description: String?) {
        self.name = name
        self.color = color
        self.description = description
    }
}
