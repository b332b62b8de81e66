@testable import anshin
import AnshinCore
import AnshinSecrets
import AnshinTesting
import Foundation
import Testing

/// Triage that does what it says: one `.anshin/` per project, found from any folder inside it,
/// decisions checked against what the last scans reported, updated rather than duplicated.
@Suite struct TriageCLITests {
    static let environment: [String: String?] = [
        "SOURCE_DATE_EPOCH": "1795770000", "NO_COLOR": "1", "AWS_PROFILE": nil, "AWS_ACCESS_KEY_ID": nil,
        "AWS_SECRET_ACCESS_KEY": nil, "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
        "AWS_EC2_METADATA_DISABLED": "true",
    ]

    func anshin(_ arguments: [String], in directory: URL) throws -> CommandResult {
        try Command.run(Command.anshinBinary, arguments, in: directory, environment: Self.environment)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func findings(_ text: String) throws -> [[String: Any]] {
        try json(text)["findings"] as? [[String: Any]] ?? []
    }

    /// A repository with a Terraform root module at the top, a committed token under `app/`, and `docs/`.
    static func repository() throws -> (GitFixture, secret: String) {
        let fixture = try GitFixture()
        let secret = SecretsCLITests.token("e2e-triage")
        try fixture.write("docs/README.md", "# docs\n")
        try fixture.write("main.tf", "resource \"aws_s3_bucket\" \"plain\" {\n  bucket = \"acme-plain\"\n}\n")
        try fixture.write("app/settings.py", "GITHUB_TOKEN = '\(secret)'\n")
        try fixture.commit("init")
        return (fixture, secret)
    }

    @Test func aTriageFromASubfolderIsAppliedByEveryCommandFromTheRoot() throws {
        let (fixture, _) = try Self.repository()
        let scan = try anshin(["secrets", "scan", "--format", "json"], in: fixture.url)
        #expect(scan.status == 1)
        let secret = try #require(try Self.findings(scan.stdout).first { $0["ruleID"] as? String == "secret-github-pat-classic" })
        let secretFingerprint = try #require(secret["fingerprint"] as? String)
        let audit = try anshin(["audit", "terraform", "--format", "json", "--fail-on", "none"], in: fixture.url)
        #expect(audit.status == 0, "\(audit.stderr)")
        let bucket = try #require(try Self.findings(audit.stdout).first { $0["ruleID"] as? String == "s3-bucket-versioning" })
        let bucketFingerprint = try #require(bucket["fingerprint"] as? String)

        // From app/: the whole fingerprint. From docs/: a prefix, with --root.
        let app = fixture.url.appendingPathComponent("app")
        let first = try anshin(["triage", secretFingerprint, "--state", "revoked", "--reason", "Revoked on GitHub, INC-42"], in: app)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("recorded revoked for \(secretFingerprint) in ../.anshin/suppressions.yml"), "\(first.stdout)")
        #expect(!FileManager.default.fileExists(atPath: app.appendingPathComponent(".anshin/suppressions.yml").path))
        let docs = fixture.url.appendingPathComponent("docs")
        let second = try anshin(["secrets", "triage", String(bucketFingerprint.prefix(10)), "--root", ".", "--state", "low-risk",
                                 "--reason", "Scratch bucket"], in: docs)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("recorded low-risk for \(bucketFingerprint)"), "the prefix is expanded: \(second.stdout)")

        // The entries tell a reviewer what was waived.
        let text = try String(contentsOf: fixture.url.appendingPathComponent(Suppressions.defaultPath), encoding: .utf8)
        #expect(text.contains("# secret-github-pat-classic (critical)"), "\(text)")
        #expect(text.contains("# at app/settings.py:1"), "\(text)")
        #expect(text.contains("# s3-bucket-versioning (") && text.contains("aws_s3_bucket.plain"), "\(text)")

        // Applied from the root by each command.
        let rescan = try anshin(["secrets", "scan", "--format", "json"], in: fixture.url)
        #expect(rescan.status == 0, "\(rescan.stdout)")
        #expect(try Self.json(rescan.stdout)["summary"].flatMap { ($0 as? [String: Any])?["suppressed"] as? Int } == 1)
        let history = try anshin(["secrets", "scan", "--history"], in: fixture.url)
        #expect(history.status == 0, "\(history.stdout)")
        let reaudit = try anshin(["audit", "terraform", "--format", "json", "--show-suppressed", "--fail-on", "none"], in: fixture.url)
        let audited = try Self.findings(reaudit.stdout).first { $0["fingerprint"] as? String == bucketFingerprint }
        #expect(audited?["suppression"] != nil, "audit terraform applies the triage")
        let assess = try anshin(["assess", "--format", "json", "--show-suppressed", "--fail-on", "none"], in: fixture.url)
        let assessed = try Self.findings(assess.stdout)
        for fingerprint in [secretFingerprint, bucketFingerprint] {
            #expect(assessed.first { $0["fingerprint"] as? String == fingerprint }?["suppression"] != nil,
                    "assess applies \(fingerprint)")
        }
        // And from a subfolder too: the project's file, not the folder's.
        let fromApp = try anshin(["secrets", "scan", "."], in: app)
        #expect(fromApp.status == 0, "\(fromApp.stdout)")
    }

    @Test func triageRefusesWhatWouldGiveFalseConfidence() throws {
        let (fixture, _) = try Self.repository()
        let scan = try anshin(["secrets", "scan", "--format", "json"], in: fixture.url)
        let fingerprint = try #require(try Self.findings(scan.stdout).first?["fingerprint"] as? String)

        let unknown = try anshin(["triage", "deadbeefdeadbeefdeadbeefdeadbeef", "--state", "resolved", "--reason", "x"], in: fixture.url)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("matches nothing") && unknown.stderr.contains("--force"), "\(unknown.stderr)")
        let forced = try anshin(["triage", "deadbeefdeadbeefdeadbeefdeadbeef", "--state", "resolved", "--reason", "x", "--force"],
                                in: fixture.url)
        #expect(forced.status == 0, "\(forced.stderr)")

        let past = try anshin(["triage", fingerprint, "--state", "low-risk", "--reason", "x", "--expires", "2020-01-01"], in: fixture.url)
        #expect(past.status == 2)
        #expect(past.stderr.contains("--expires 2020-01-01 is in the past (today is 2026-11-27)"), "\(past.stderr)")

        let short = try anshin(["triage", "abc", "--state", "resolved", "--reason", "x"], in: fixture.url)
        #expect(short.status == 2)
        #expect(short.stderr.contains("'abc' is too short"), "\(short.stderr)")
        let shortForce = try anshin(["triage", String(fingerprint.prefix(8)), "--state", "resolved", "--reason", "x", "--force"],
                                    in: fixture.url)
        #expect(shortForce.status == 2)
        #expect(shortForce.stderr.contains("--force records only a whole fingerprint"), "\(shortForce.stderr)")

        // Triage twice: one entry, updated.
        for (state, reason) in [("false-positive", "looks like a sample"), ("revoked", "it was real; rotated")] {
            let result = try anshin(["triage", fingerprint, "--state", state, "--reason", reason], in: fixture.url)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let entries = try Suppressions.load(root: fixture.url).entries.filter { $0.fingerprint == fingerprint }
        #expect(entries.count == 1)
        #expect(entries.first?.state == .revoked)
        #expect(entries.first?.reason == "it was real; rotated")
    }

    @Test func aFolderWithoutAnyRecordedScanSaysSo() throws {
        let fixture = try GitFixture()
        let result = try anshin(["triage", "0123456789abcdef0123456789abcdef", "--state", "resolved", "--reason", "x"], in: fixture.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("no scan of this project has been recorded yet"), "\(result.stderr)")
    }

    @Test func aFolderOutsideAnyProjectSaysScansAreNotRecordedThere() throws {
        let folder = try TemporaryDirectory()
        let fingerprint = "0123456789abcdef0123456789abcdef"
        let refused = try anshin(["triage", fingerprint, "--state", "resolved", "--reason", "x"], in: folder.url)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("scans are recorded only inside a project"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--force"))
        let forced = try anshin(["triage", fingerprint, "--state", "resolved", "--reason", "x", "--force"], in: folder.url)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Suppressions.load(root: folder.url).entries.map(\.fingerprint) == [fingerprint])
    }

    @Test func anAmbiguousPrefixListsTheCandidates() throws {
        let scans = LastScan(scans: ["s": LastScan.Scan(at: "t", findings: [
            LastScan.Entry(fingerprint: "abcdef01" + String(repeating: "0", count: 24), rule: "r1", title: "t", severity: .high, place: "a:1"),
            LastScan.Entry(fingerprint: "abcdef02" + String(repeating: "0", count: 24), rule: "r2", title: "t", severity: .high, place: "b:2"),
        ])])
        #expect(throws: ConfigurationError.self) { try TriageCommand.resolve("abcdef", in: scans, force: false) }
        do {
            _ = try TriageCommand.resolve("abcdef", in: scans, force: false)
        } catch {
            #expect(error.message.contains("matches 2 findings; give more digits"))
            #expect(error.message.contains("r2 at b:2"))
        }
        #expect(try TriageCommand.resolve("abcdef02", in: scans, force: false).0.hasPrefix("abcdef02"))
    }
}
