import AnshinCore
import AnshinHTTP
import AnshinTesting
@testable import AnshinGitHub
import Foundation
import Testing

/// The issue, label and comment objects in the shape GitHub's REST reference documents them
/// (fixtures under `Fixtures/api/`): the client reads them, and the fake serves the same shape,
/// so tests against the fake say something about GitHub.
@Suite struct DocumentedShapesTests {
    static let fixtures = Command.packageRoot.appendingPathComponent("Tests/AnshinGitHubTests/Fixtures/api")

    static func data(_ name: String) throws -> Data { try Data(contentsOf: fixtures.appendingPathComponent(name)) }

    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Keys of `documented` missing from `served`, nested objects and the first element of arrays
    /// of objects included (`user.site_admin`, `labels[].node_id`).
    static func missingKeys(_ documented: [String: Any], in served: [String: Any], path: String = "") -> [String] {
        documented.keys.sorted().flatMap { key -> [String] in
            let name = path.isEmpty ? key : "\(path).\(key)"
            guard let value = served[key] else { return [name] }
            if let inner = documented[key] as? [String: Any], let servedInner = value as? [String: Any] {
                return missingKeys(inner, in: servedInner, path: name)
            }
            if let inner = (documented[key] as? [Any])?.first as? [String: Any], let servedInner = (value as? [Any])?.first as? [String: Any] {
                return missingKeys(inner, in: servedInner, path: name + "[]")
            }
            return []
        }
    }

    @Test func theClientReadsTheDocumentedObjects() throws {
        let issue = try GitHubClient.decoder.decode(GitHubIssue.self, from: Self.data("issue.json"))
        #expect(issue.number == 7 && issue.title == "Staging database snapshots are public")
        #expect(issue.state == "closed" && issue.stateReason == "not_planned" && !issue.isOpen)
        #expect(issue.labelNames == ["security"] && issue.user?.login == "aya")
        #expect(issue.htmlUrl == "https://github.com/acme/app/issues/7" && !issue.isPullRequest && issue.marker == nil)

        var item = try Self.object(Self.data("issue.json"))
        for (key, value) in try Self.object(Self.data("pull-request-item.json")) { item[key] = value }
        let pull = try GitHubClient.decoder.decode(GitHubIssue.self, from: JSONSerialization.data(withJSONObject: item))
        #expect(pull.isPullRequest, "a pull request listed among issues is recognised by its pull_request object")

        let label = try GitHubClient.decoder.decode(GitHubLabel.self, from: Self.data("label.json"))
        #expect(label == GitHubLabel(name: "security", color: "b60205", description: "Well-Architected security"))
        let comment = try GitHubClient.decoder.decode(GitHubComment.self, from: Self.data("comment.json"))
        #expect(comment.id == 5001 && comment.body == "Made private again.")
    }

    @Test func theFakeServesTheDocumentedShapes() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        fake.addRepository("acme/app")
        let number = fake.seedIssue("acme/app", title: "Snapshots are public", labels: ["security"], state: "closed", stateReason: "not_planned")
        let client = GitHubClient(api: try GitHubAPI(parsing: fake.apiURL), token: fake.token, transport: HTTPClientTransport.shared)
        try await client.comment(GitHubRepository(owner: "acme", name: "app"), issue: number, body: "Made private again.")

        func served(_ path: String, query: [(name: String, value: String)] = []) async throws -> [String: Any] {
            let response = try await client.send(client.request("GET", path, query: query))
            let list = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]])
            return try #require(list.first)
        }
        let issue = try await served("/repos/acme/app/issues", query: [("state", "all")])
        #expect(Self.missingKeys(try Self.object(Self.data("issue.json")), in: issue) == [])
        #expect(Self.missingKeys(try Self.object(Self.data("label.json")), in: try await served("/repos/acme/app/labels")) == [])
        #expect(Self.missingKeys(try Self.object(Self.data("comment.json")), in: try await served("/repos/acme/app/issues/\(number)/comments")) == [])
        #expect(issue["state_reason"] as? String == "not_planned" && (issue["closed_by"] as? [String: Any])?["login"] != nil)

        // The comparison itself can fail: a key the fake lacks is named.
        #expect(Self.missingKeys(["title": 1, "user": ["site_admin": false]], in: ["user": [:] as [String: Any]]) == ["title", "user.site_admin"])
    }
}
