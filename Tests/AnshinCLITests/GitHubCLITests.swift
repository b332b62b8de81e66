import AnshinCore
import AnshinTesting
import Foundation
import Testing

/// `anshin issues` and `anshin audit github`, run as a user would, against a fake GitHub on a
/// loopback port.
@Suite struct GitHubCLITests {
    static let fixed: [String: String?] = ["SOURCE_DATE_EPOCH": "1795770000", "NO_COLOR": "1", "GITHUB_TOKEN": nil, "GH_TOKEN": nil,
                                           "GITHUB_API_URL": nil, "GITHUB_REPOSITORY": nil, "GH_ENTERPRISE_TOKEN": nil]

    func anshin(_ arguments: [String], in directory: URL, environment: [String: String?] = [:]) throws -> CommandResult {
        let binary = Command.anshinBinary
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the anshin binary first (swift build)")
        return try Command.run(binary, arguments, in: directory, environment: Self.fixed.merging(environment) { $1 })
    }

    /// A JSON report with a critical database finding in two environments and a secret.
    static func report(withDatabase: Bool = true) -> String {
        let database = """
          { "ruleID": "rds-publicly-accessible", "title": "RDS instance is publicly accessible", "severity": "critical",
            "pillars": ["security"], "resource": { "kind": "aws_db_instance", "identifier": "aws_db_instance.main", "environment": "prd" },
            "location": { "path": "rds.tf", "line": 3 }, "remediation": "Set publicly_accessible = false.", "references": ["SecurityHub:RDS.2"],
            "fingerprint": "0000000000000000000000000000000a" },
          { "ruleID": "rds-publicly-accessible", "title": "RDS instance is publicly accessible", "severity": "critical",
            "pillars": ["security"], "resource": { "kind": "aws_db_instance", "identifier": "aws_db_instance.main", "environment": "stg" },
            "location": { "path": "rds.tf", "line": 3 }, "remediation": "Set publicly_accessible = false.", "references": ["SecurityHub:RDS.2"],
            "fingerprint": "0000000000000000000000000000000b" },
        """
        return """
        { "schemaVersion": 1, "tool": { "name": "anshin", "version": "test" }, "target": ".", "generatedAt": "2026-11-27T09:00:00Z",
          "failOn": "high", "findings": [ \(withDatabase ? database : "")
          { "ruleID": "aws-access-key", "title": "AWS access key", "severity": "high", "pillars": ["security"],
            "location": { "path": "config/app.env", "line": 3 }, "evidence": "AKIA…[redacted]",
            "remediation": "Revoke the key.", "references": [], "fingerprint": "0000000000000000000000000000000c" } ],
          "notes": [] }
        """
    }

    @Test func syncCreatesThenIsANoOpThenClosesWhatWasFixed() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        fake.addRepository("acme/app")
        let folder = try TemporaryDirectory()
        try folder.write("report.json", Self.report())
        try folder.write("fixed.json", Self.report(withDatabase: false))
        let arguments = ["issues", "sync", "--repo", "acme/app", "--api-url", fake.apiURL, "--pace", "0"]
        let token: [String: String?] = ["GITHUB_TOKEN": fake.token]

        let first = try anshin(arguments + ["--from", "report.json"], in: folder.url, environment: token)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("create 2") && first.stdout.contains("labels to create 11"))
        #expect(fake.issues("acme/app").map(\.labels) == [["security", "severity:critical"], ["security", "severity:high"]])
        #expect(!first.stdout.contains(fake.token) && !first.stderr.contains(fake.token))

        let writes = fake.writes.count
        let second = try anshin(arguments + ["--from", "report.json"], in: folder.url, environment: token)
        #expect(second.status == 0)
        #expect(second.stdout.contains("create 0, update 0, close 0, reopen 0, unchanged 2"))
        #expect(fake.writes.count == writes)

        let dry = try anshin(arguments + ["--from", "fixed.json", "--dry-run", "--format", "json"], in: folder.url, environment: token)
        #expect(dry.status == 0 && dry.stdout.contains("\"close\" : 1"))
        #expect(fake.writes.count == writes, "a dry run writes nothing")

        let fixed = try anshin(arguments + ["--from", "fixed.json"], in: folder.url, environment: token)
        #expect(fixed.status == 0)
        #expect(fake.issues("acme/app")[0].state == "closed")

        let board = try anshin(["issues", "list", "--repo", "acme/app", "--api-url", fake.apiURL, "--format", "markdown"],
                               in: folder.url, environment: token)
        #expect(board.status == 0)
        #expect(board.stdout.contains("| high | #2 | AWS access key: config/app.env | anshin |"))
    }

    @Test func aDryRunWithoutARepositoryExportsCSVForOtherTrackers() throws {
        let folder = try TemporaryDirectory()
        try folder.write("report.json", Self.report())
        let result = try anshin(["issues", "sync", "--from", "report.json", "--dry-run", "--format", "csv"], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.components(separatedBy: "\r\n")
        #expect(lines[0] == "Action,Issue,Summary,Priority,Severity,Pillars,Labels,Group,Description")
        #expect(lines[1].hasPrefix("create,,RDS instance is publicly accessible: aws_db_instance.main,Highest,critical,security,security severity:critical,"))
        #expect(result.stdout.components(separatedBy: "\r\ncreate,").count == 3)
    }

    @Test func withoutATokenTheErrorSaysWhereOneComesFrom() throws {
        let folder = try TemporaryDirectory()
        try folder.write("report.json", Self.report())
        let result = try anshin(["issues", "sync", "--repo", "acme/app", "--from", "report.json"], in: folder.url,
                                environment: ["PATH": "/nonexistent"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("GITHUB_TOKEN") && result.stderr.contains("gh auth login"))
        let bad = try anshin(["issues", "sync", "--repo", "acme", "--from", "report.json"], in: folder.url, environment: ["GITHUB_TOKEN": "x"])
        #expect(bad.status == 2 && bad.stderr.contains("OWNER/NAME"))
        let missing = try anshin(["issues", "sync", "--from", "nope.json", "--dry-run"], in: folder.url)
        #expect(missing.status == 2 && missing.stderr.contains("nope.json"))
    }

    @Test func auditGitHubReportsFindingsAndExitsOne() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        fake.route("GET", "/orgs/acme", json: ["login": "acme", "two_factor_requirement_enabled": false, "default_repository_permission": "write",
                                                "members_can_create_public_repositories": false, "members_can_fork_private_repositories": false])
        fake.route("GET", "/orgs/acme/members", json: [["login": "alice"]])
        fake.route("GET", "/orgs/acme/repos", json: [Any]())
        let folder = try TemporaryDirectory()
        let result = try anshin(["audit", "github", "--org", "acme", "--api-url", fake.apiURL, "--format", "json"], in: folder.url,
                                environment: ["GITHUB_TOKEN": fake.token])
        #expect(result.status == 1, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rules = (report["findings"] as? [[String: Any]] ?? []).compactMap { $0["ruleID"] as? String }.sorted()
        #expect(rules == ["github-org-2fa-required", "github-org-default-permission", "github-org-owner-count"])
        let notes = (report["notes"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(notes.contains { $0.contains("/actions/permissions") })
    }
}
