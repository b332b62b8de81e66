import AnshinCore
import AnshinHTTP
import AnshinTesting
@testable import AnshinGitHub
import Foundation
import Testing

/// Every organisation check against a fake GitHub serving a hardened organisation, changed by
/// one setting at a time: each check's `pass` fixture must yield nothing, its `fail` fixture a
/// finding. The whole path runs: REST shapes, pagination, the reader, the checks.
@Suite struct OrganizationAuditTests {
    static let fixtures = Command.packageRoot.appendingPathComponent("Tests/AnshinGitHubTests/Fixtures/organization")
    static let ids = OrganizationCheckCatalog.all.map(\.metadata.id)

    static func load(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// RFC 7386 merge, except that arrays and `$status` answers replace.
    static func merge(_ base: Any?, _ patch: Any) -> Any {
        guard let patch = patch as? [String: Any], patch["$status"] == nil, let base = base as? [String: Any], base["$status"] == nil else {
            return patch
        }
        var result = base
        for (key, value) in patch {
            if value is NSNull { result.removeValue(forKey: key) } else { result[key] = merge(base[key], value) }
        }
        return result
    }

    func audit(_ overrides: [String: Any] = [:], token: String? = nil) async throws -> OrganizationAudit.Result {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        var routes = try Self.load("hardened.json")
        for (key, value) in overrides { routes[key] = Self.merge(routes[key], value) }
        fake.loadRoutes(routes)
        let client = GitHubClient(api: try GitHubAPI(parsing: fake.apiURL), token: token ?? fake.token, transport: HTTPClientTransport.shared,
                                  retry: RetryPolicy(maxAttempts: 2, sleep: { _ in }))
        return try await OrganizationAudit.run("acme", client: client)
    }

    @Test func theHardenedOrganisationHasNoFindingAndNoNote() async throws {
        let result = try await audit()
        #expect(result.findings.map(\.ruleID) == [])
        #expect(result.notes == [])
        let repositories = try #require(result.inventory.repositories.value)
        #expect(repositories.map(\.name) == ["api", "site"], "archived repositories are left out")
        #expect(result.inventory.owners.value == ["alice", "bob"])
    }

    @Test(arguments: ids)
    func passFixturePasses(_ id: String) async throws {
        let result = try await audit(try Self.load("\(id)/pass.json"))
        #expect(!result.findings.contains { $0.ruleID == id }, "\(result.findings.map(\.summary))")
        #expect(result.notes.isEmpty)
    }

    @Test(arguments: ids)
    func failFixtureFails(_ id: String) async throws {
        let result = try await audit(try Self.load("\(id)/fail.json"))
        let found = result.findings.filter { $0.ruleID == id }
        #expect(!found.isEmpty)
        #expect(result.findings.allSatisfy { $0.ruleID == id }, "only the changed setting fails: \(result.findings.map(\.ruleID))")
        for finding in found {
            #expect(!finding.pillars.isEmpty && !finding.references.isEmpty && !finding.remediation.isEmpty)
            #expect(finding.resource?.kind.hasPrefix("github_") == true)
        }
    }

    @Test func catalogIdsAreUniqueKebabCaseAndEveryCheckHasFixtures() {
        #expect(Set(Self.ids).count == Self.ids.count)
        for id in Self.ids {
            #expect(id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" } && id.hasPrefix("github-"))
            for file in ["pass.json", "fail.json"] {
                #expect(FileManager.default.fileExists(atPath: Self.fixtures.appendingPathComponent("\(id)/\(file)").path), "\(id)/\(file)")
            }
        }
    }

    @Test func whatTheTokenMayNotReadIsANoteNotAFinding() async throws {
        let forbidden: [String: Any] = ["$status": 403, "$body": ["message": "Must have admin rights to Repository.", "status": "403"]]
        let result = try await audit([
            "GET /orgs/acme/actions/permissions": forbidden,
            "GET /orgs/acme/actions/permissions/workflow": forbidden,
            "GET /orgs/acme/hooks": ["$status": 404, "$body": ["message": "Not Found"]],
            "GET /repos/acme/api/branches/main/protection": forbidden,
            "GET /orgs/acme/repos": [["name": "api", "private": true, "default_branch": "main", "permissions": ["admin": false]]],
            "POST /graphql": ["data": NSNull(), "errors": [["type": "FORBIDDEN", "message": "Resource not accessible by integration"]]],
        ])
        #expect(result.findings.isEmpty, "\(result.findings.map(\.ruleID))")
        let notes = result.notes.map(\.message)
        #expect(notes.contains { $0.contains("/actions/permissions") && $0.contains("admin:org") })
        #expect(notes.contains { $0.contains("/hooks") && $0.contains("admin:org_hook") })
        #expect(notes.contains { $0.contains("samlIdentityProvider") })
        #expect(notes.contains { $0.contains("branches/main/protection") })
        #expect(notes.contains { $0.contains("vulnerability-alerts") && $0.contains("admin on api") })
        #expect(result.notes.allSatisfy { $0.kind == .notAssessed && $0.source == "github" })
    }

    @Test func anUnknownOrganisationIsAClearError() async throws {
        do {
            _ = try await audit(["GET /orgs/acme": ["$status": 404, "$body": ["message": "Not Found"]]])
            Issue.record("expected an error")
        } catch let error as GitHubError {
            #expect(error.kind == .notFound && error.message.contains("no organisation \"acme\""))
        }
    }
}
