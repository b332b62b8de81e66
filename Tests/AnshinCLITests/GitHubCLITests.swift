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
        let page = try anshin(["issues", "list", "--repo", "acme/app", "--api-url", fake.apiURL, "--format", "html", "--output", "board.html"],
                              in: folder.url, environment: token)
        #expect(page.status == 0, "\(page.stderr)")
        let html = try String(contentsOf: folder.url.appendingPathComponent("board.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!doctype html>") && html.contains("<section class=\"pillar\" id=\"pillar-security\""))
        #expect(html.contains("data-number=\"2\"") && !html.contains("data-number=\"1\""), "the closed issue is not on the board")
    }

    /// A report says what it covered, and the sync closes only what that was: a clean secrets
    /// scan leaves the Terraform issues open, a clean Terraform audit closes them; a clean live
    /// audit of an account closes that account's issues, a report that does not say closes none.
    @Test func syncFromAReportClosesOnlyWhatTheReportCovered() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        fake.addRepository("acme/app")
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", """
            resource "aws_db_instance" "main" {
              engine              = "postgres"
              instance_class      = "db.t4g.micro"
              publicly_accessible = true
            }

            """)
        let environment: [String: String?] = ["GITHUB_TOKEN": fake.token, "HOME": folder.url.appendingPathComponent("home").path]
        let sync = ["issues", "sync", "--repo", "acme/app", "--api-url", fake.apiURL, "--pace", "0", "--from"]

        let audited = try anshin(["audit", "terraform", ".", "-f", "json", "-o", "terraform.json", "--fail-on", "none"],
                                 in: folder.url, environment: environment)
        #expect(audited.status == 0, "\(audited.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.url.appendingPathComponent("terraform.json"))) as? [String: Any])
        #expect((report["coverage"] as? [String: Any])?["sources"] as? [String] == ["terraform"])
        #expect((report["findings"] as? [[String: Any]])?.allSatisfy { $0["source"] as? String == "terraform" } == true)
        let first = try anshin(sync + ["terraform.json"], in: folder.url, environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        let filed = fake.issues("acme/app").count
        #expect(filed >= 2, "\(first.stdout)")
        #expect(fake.issues("acme/app").allSatisfy { $0.body?.contains("source=terraform") == true })

        // The database goes; a log group stays, so the audit still assesses something.
        try folder.write("main.tf", """
            resource "aws_cloudwatch_log_group" "app" {
              name              = "app"
              retention_in_days = 30
            }

            """)
        let scanned = try anshin(["secrets", "scan", ".", "-f", "json", "-o", "secrets.json"], in: folder.url, environment: environment)
        #expect(scanned.status == 0, "\(scanned.stderr)")
        let secretsOnly = try anshin(sync + ["secrets.json"], in: folder.url, environment: environment)
        #expect(secretsOnly.status == 0, "\(secretsOnly.stderr)")
        #expect(secretsOnly.stdout.contains("close 0,"), "\(secretsOnly.stdout)")
        #expect(secretsOnly.stdout.contains("did not run terraform"), "\(secretsOnly.stdout)")
        #expect(fake.issues("acme/app").allSatisfy { $0.state == "open" })

        let clean = try anshin(["audit", "terraform", ".", "-f", "json", "-o", "clean.json"], in: folder.url, environment: environment)
        #expect(clean.status == 0, "\(clean.stderr)")
        let closed = try anshin(sync + ["clean.json"], in: folder.url, environment: environment)
        // The database is gone: its issues close; what the remaining configuration still lacks stays open.
        let database = fake.issues("acme/app").filter { $0.title.contains("aws_db_instance.main") }
        #expect(database.count >= 2 && database.allSatisfy { $0.state == "closed" }, "\(closed.stdout)")
        #expect(closed.stdout.contains("close \(fake.issues("acme/app").filter { $0.state == "closed" }.count),"), "\(closed.stdout)")
        let open = fake.issues("acme/app").filter { $0.state == "open" }.count

        // A live finding of account 111111111111, then the same account audited clean.
        func live(findings: String, coverage: String) -> String {
            """
            { "schemaVersion": 1, "tool": { "name": "anshin", "version": "test" }, "target": "aws: account 111111111111",
              "generatedAt": "2026-11-27T09:00:00Z", "failOn": "high", "findings": [\(findings)], "notes": []\(coverage) }
            """
        }
        let trail = """
            { "ruleID": "cloudtrail-enabled", "title": "CloudTrail is not enabled", "severity": "high", "pillars": ["security"],
              "resource": { "kind": "aws_account", "identifier": "111111111111", "account": "111111111111" }, "source": "aws",
              "remediation": "Enable a multi-Region trail.", "references": [], "fingerprint": "0000000000000000000000000000000d" }
            """
        let covered = #", "coverage": { "sources": ["aws"], "accounts": ["111111111111"], "organizations": [] }"#
        try folder.write("live.json", live(findings: trail, coverage: covered))
        try folder.write("live-clean-old.json", live(findings: "", coverage: ""))
        try folder.write("live-clean.json", live(findings: "", coverage: covered))
        #expect(try anshin(sync + ["live.json"], in: folder.url, environment: environment).status == 0)
        let account = try #require(fake.issues("acme/app").last)
        #expect(account.state == "open" && account.body?.contains("origin=live:111111111111") == true)
        let older = try anshin(sync + ["live-clean-old.json"], in: folder.url, environment: environment)
        #expect(older.stdout.contains("close 0,"), "a report that does not say what it covered closes nothing: \(older.stdout)")
        try folder.write("hidden.json", #"{"schemaVersion": 1, "summary": {"suppressed": 1}, "findings": [], "notes": []}"#)
        let hidden = try anshin(["issues", "sync", "--dry-run", "--from", "hidden.json"], in: folder.url, environment: environment)
        #expect(hidden.status == 0 && hidden.stderr.contains("counts 1 suppressed finding without listing it"), "\(hidden.stderr)")
        #expect(hidden.stderr.contains("--show-suppressed"))
        let cleanAccount = try anshin(sync + ["live-clean.json"], in: folder.url, environment: environment)
        #expect(cleanAccount.stdout.contains("close 1,"), "\(cleanAccount.stdout)")
        #expect(fake.issues("acme/app").last?.state == "closed")
        #expect(fake.issues("acme/app").filter { $0.state == "open" }.count == open, "the code's issues are another source's")
    }

    /// Without --from, the sync runs the assessment of the folder: here a Terraform root module
    /// with a public database. A triage decision closes its issue as not planned, a fix closes
    /// another as completed, and undoing the fix reopens it.
    @Test func syncAssessesTheFolderAndFollowsTriageFixesAndRegressions() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        fake.addRepository("acme/app")
        let folder = try TemporaryDirectory()
        let database = """
        resource "aws_db_instance" "main" {
          engine              = "postgres"
          instance_class      = "db.t4g.micro"
          publicly_accessible = true
          storage_encrypted   = true
        %@
        }

        """
        try folder.write("main.tf", database.replacingOccurrences(of: "%@", with: ""))
        // A repository: its scans are recorded, so a finding of the plan can be triaged by fingerprint.
        #expect(try Command.run("git", ["init", "-q"], in: folder.url).status == 0)
        // No AWS credentials, so only the code is assessed.
        let environment: [String: String?] = [
            "GITHUB_TOKEN": fake.token, "HOME": folder.url.appendingPathComponent("home").path, "AWS_PROFILE": nil,
            "AWS_ACCESS_KEY_ID": nil, "AWS_SECRET_ACCESS_KEY": nil, "AWS_SESSION_TOKEN": nil, "AWS_CONFIG_FILE": nil,
            "AWS_SHARED_CREDENTIALS_FILE": nil, "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": nil,
        ]
        let sync = ["issues", "sync", ".", "--repo", "acme/app", "--api-url", fake.apiURL, "--pace", "0"]

        let first = try anshin(sync, in: folder.url, environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        let issues = fake.issues("acme/app")
        let rules = issues.compactMap { $0.body.flatMap { body in body.firstMatch(of: /Rule `([a-z0-9-]+)`/).map { String($0.1) } } }
        #expect(rules.count == issues.count && issues.count >= 3, "\(issues.map(\.title))")
        let exposed = try #require(issues.first { $0.title.hasPrefix("RDS instance is publicly accessible") || $0.body?.contains("rds-instance-public-access") == true })
        #expect(exposed.labels == ["security", "severity:critical"], "most severe first: \(issues.map(\.title))")
        #expect(exposed.number == 1)
        let protection = try #require(issues.first { $0.body?.contains("Rule `rds-instance-deletion-protection`") == true })
        #expect(protection.labels.contains("reliability"))

        // A person decides the exposure is accepted: the next sync closes the issue as not planned, saying why.
        let fingerprint = try #require(exposed.body?.firstMatch(of: /Fingerprints: `([0-9a-f]+)`/).map { String($0.1) })
        let triage = try anshin(["triage", fingerprint, "--state", "low-risk", "--reason", "reachable only from the office VPN",
                                 "--author", "aya@acme.example"], in: folder.url, environment: environment)
        #expect(triage.status == 0, "\(triage.stderr)")
        let triaged = try anshin(sync, in: folder.url, environment: environment)
        #expect(triaged.status == 0, "\(triaged.stderr)")
        #expect(triaged.stdout.contains("close 1"), "\(triaged.stdout)")
        let closed = fake.issues("acme/app")[exposed.number - 1]
        #expect(closed.state == "closed" && closed.stateReason == "not_planned")
        #expect(closed.comments.last?.contains("reachable only from the office VPN") == true)

        // Deletion protection is turned on: that issue closes as completed; turned off again, it reopens.
        try folder.write("main.tf", database.replacingOccurrences(of: "%@", with: "  deletion_protection = true"))
        let fixed = try anshin(sync, in: folder.url, environment: environment)
        #expect(fixed.status == 0 && fixed.stdout.contains("close 1"), "\(fixed.stdout)")
        #expect(fake.issues("acme/app")[protection.number - 1].stateReason == "completed")
        try folder.write("main.tf", database.replacingOccurrences(of: "%@", with: ""))
        let regressed = try anshin(sync, in: folder.url, environment: environment)
        #expect(regressed.status == 0 && regressed.stdout.contains("reopen 1"), "\(regressed.stdout)")
        #expect(fake.issues("acme/app")[protection.number - 1].state == "open")
        #expect(fake.issues("acme/app")[exposed.number - 1].state == "closed", "the triaged one stays closed")
        #expect(fake.issues("acme/app").count == issues.count, "nothing filed twice")
        let quiet = try anshin(sync, in: folder.url, environment: environment)
        #expect(quiet.stdout.contains("create 0, update 0, close 0, reopen 0"), "\(quiet.stdout)")
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

    /// The organisation audit's report feeds the sync: its findings become issues, and once the
    /// organisation is fixed a report with no finding left closes them.
    @Test func auditGitHubReportsSyncToIssuesAndCloseWhenFixed() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        fake.addRepository("acme/infra")
        func organisation(twoFactor: Bool) {
            fake.route("GET", "/orgs/acme", json: ["login": "acme", "two_factor_requirement_enabled": twoFactor, "default_repository_permission": "read",
                                                    "members_can_create_public_repositories": false, "members_can_fork_private_repositories": false])
        }
        organisation(twoFactor: false)
        fake.route("GET", "/orgs/acme/members", json: [["login": "alice"], ["login": "bob"]])
        fake.route("GET", "/orgs/acme/repos", json: [Any]())
        let folder = try TemporaryDirectory()
        let token: [String: String?] = ["GITHUB_TOKEN": fake.token]
        let audit = ["audit", "github", "--org", "acme", "--api-url", fake.apiURL, "--format", "json", "--output", "org.json"]
        let sync = ["issues", "sync", "--from", "org.json", "--repo", "acme/infra", "--api-url", fake.apiURL, "--pace", "0"]

        let failing = try anshin(audit, in: folder.url, environment: token)
        #expect(failing.status == 1, "\(failing.stderr)")
        let filed = try anshin(sync, in: folder.url, environment: token)
        #expect(filed.status == 0, "\(filed.stderr)")
        let issues = fake.issues("acme/infra")
        #expect(issues.count == 1 && issues[0].title.hasPrefix("GitHub organisation does not require two-factor"), "\(issues.map(\.title))")
        #expect(issues[0].labels.contains("security"))

        organisation(twoFactor: true)
        let passing = try anshin(audit, in: folder.url, environment: token)
        #expect(passing.status == 0, "\(passing.stderr)")
        let closed = try anshin(sync, in: folder.url, environment: token)
        #expect(closed.status == 0 && closed.stdout.contains("close 1"), "\(closed.stdout)")
        #expect(fake.issues("acme/infra")[0].state == "closed" && fake.issues("acme/infra")[0].stateReason == "completed")
    }
}
