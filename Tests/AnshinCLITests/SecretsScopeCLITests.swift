import AnshinCore
import AnshinTesting
import Foundation
import Testing

/// What a secret scan reads and says: its folder and nothing outside, each place once, what HEAD
/// still holds, special files never opened, the same files as `assess`, the hook's own lifecycle.
@Suite struct SecretsScopeCLITests {
    static let environment: [String: String?] = ["SOURCE_DATE_EPOCH": "1795770000", "NO_COLOR": "1"]

    func anshin(_ arguments: [String], in directory: URL, environment: [String: String?] = [:]) throws -> CommandResult {
        // A scan that hangs fails the test instead of the whole suite.
        try Command.run("timeout", ["120", Command.anshinBinary.path] + arguments, in: directory,
                        environment: Self.environment.merging(environment) { $1 })
    }

    static func document(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aHistoryScanOfAFolderCountsOnlyTheFolder() throws {
        let fixture = try GitFixture()
        let inside = SecretsCLITests.token("scope-inside")
        let outside = SecretsCLITests.token("scope-outside")
        try fixture.write("service/app.env", "GITHUB_TOKEN=\(inside)\n")
        try fixture.write("other/app.env", "GITHUB_TOKEN=\(outside)\n")
        try fixture.write("other/big.bin", String(repeating: "x", count: 4096))
        try fixture.commit("init")
        // The secret outside the folder is triaged at the root: it must not be counted either.
        let all = try anshin(["secrets", "scan", "--history", "--format", "json"], in: fixture.url)
        let outsideFingerprint = try #require((try Self.document(all.stdout)["findings"] as? [[String: Any]])?
            .first { ($0["location"] as? [String: Any])?["path"] as? String == "other/app.env" }?["fingerprint"] as? String)
        let triage = try anshin(["triage", outsideFingerprint, "--state", "revoked", "--reason", "rotated"], in: fixture.url)
        #expect(triage.status == 0, "\(triage.stderr)")

        let scoped = try anshin(["secrets", "scan", "service", "--history", "--format", "json", "--max-file-size", "1K"], in: fixture.url)
        #expect(scoped.status == 1)
        let document = try Self.document(scoped.stdout)
        let findings = document["findings"] as? [[String: Any]] ?? []
        #expect(findings.compactMap { ($0["location"] as? [String: Any])?["path"] as? String } == ["app.env"])
        #expect((document["summary"] as? [String: Any])?["suppressed"] as? Int == 0, "a suppressed finding outside is not counted")
        let notes = (document["notes"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(!notes.contains { $0.contains("big.bin") }, "a blob outside the folder is not named: \(notes)")
        #expect(notes.contains { $0.contains("reporting secrets under service/") })
    }

    @Test func historyPlacesAreListedOnceAndAFileGoneFromHEADCallsForRotation() throws {
        let fixture = try GitFixture()
        let secret = SecretsCLITests.token("gone")
        try fixture.write("concourse.yaml", "a: 1\ntoken: \(secret)\n")
        try fixture.commit("add", date: "2025-01-01T00:00:00Z")
        try fixture.write("concourse.yaml", "a: 2\ntoken: \(secret)\n")
        try fixture.commit("edit", date: "2025-01-02T00:00:00Z")
        try fixture.write("concourse.yaml", "a: 3\ntoken: \(secret)\n")
        try fixture.commit("edit again", date: "2025-01-03T00:00:00Z")
        let present = try anshin(["secrets", "scan", "--history", "--format", "json"], in: fixture.url)
        let message = try #require((try Self.document(present.stdout)["findings"] as? [[String: Any]])?.first?["message"] as? String)
        #expect(!message.contains("Also in"), "three versions of one line are one place: \(message)")
        #expect(!message.contains("HEAD does not hold it"))

        try fixture.remove("concourse.yaml")
        try fixture.commit("remove", date: "2025-01-04T00:00:00Z")
        let gone = try anshin(["secrets", "scan", "--history", "--format", "json"], in: fixture.url)
        let goneMessage = try #require((try Self.document(gone.stdout)["findings"] as? [[String: Any]])?.first?["message"] as? String)
        #expect(goneMessage.contains("HEAD does not hold it (concourse.yaml is not in HEAD)"), "\(goneMessage)")
        #expect(goneMessage.contains("rotate the secret"))
    }

    @Test func namedPipesSocketsAndDevicesAreSkippedWithANote() throws {
        let directory = try TemporaryDirectory()
        try directory.write("a.env", "GITHUB_TOKEN=\(SecretsCLITests.token("fifo"))\n")
        let fifo = directory.url.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        // In a plain folder, by name, and in a repository whose untracked files include the pipe.
        let folder = try anshin(["secrets", "scan", ".", "--format", "json"], in: directory.url)
        #expect(folder.status == 1, "the scan finished: \(folder.stderr)")
        let notes = (try Self.document(folder.stdout)["notes"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(notes.contains { $0.contains("pipe (named pipe)") && $0.contains("never opened") }, "\(notes)")
        let named = try anshin(["secrets", "scan", "pipe"], in: directory.url)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.contains("named pipe"), "\(named.stdout)")

        let fixture = try GitFixture()
        try fixture.write("README.md", "# x\n")
        try fixture.commit("init")
        #expect(mkfifo(fixture.url.appendingPathComponent("pipe").path, 0o644) == 0)
        let repository = try anshin(["secrets", "scan"], in: fixture.url)
        #expect(repository.status == 0, "\(repository.stderr)")
        let device = try anshin(["secrets", "scan", "/dev/null"], in: fixture.url)
        #expect(device.status == 0, "\(device.stderr)")
        #expect(device.stdout.contains("device file"), "\(device.stdout)")
    }

    @Test func secretsScanReadsTheIgnoredCredentialFilesAssessReads() throws {
        let fixture = try GitFixture()
        try fixture.write(".gitignore", ".envrc\n")
        try fixture.write(".envrc", "export GITHUB_TOKEN=\(SecretsCLITests.token("envrc"))\n")
        try fixture.commit("init")
        let scan = try anshin(["secrets", "scan", "--format", "json"], in: fixture.url)
        #expect(scan.status == 1, "the ignored .envrc is read by default")
        let paths = (try Self.document(scan.stdout)["findings"] as? [[String: Any]] ?? [])
            .compactMap { ($0["location"] as? [String: Any])?["path"] as? String }
        #expect(paths == [".envrc"])
        let assess = try anshin(["assess", "--format", "json", "--fail-on", "none"], in: fixture.url,
                                environment: ["AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/nonexistent",
                                              "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_ACCESS_KEY_ID": nil, "AWS_PROFILE": nil])
        let assessed = (try Self.document(assess.stdout)["findings"] as? [[String: Any]] ?? [])
            .compactMap { ($0["location"] as? [String: Any])?["path"] as? String }
        #expect(assessed.contains(".envrc"), "assess and secrets scan agree")
        let without = try anshin(["secrets", "scan", "--no-include-ignored"], in: fixture.url)
        #expect(without.status == 0)
    }

    @Test func gitCryptFilesAreEncryptedNotBrokenText() throws {
        let fixture = try GitFixture()
        let ciphertext = GitCrypt.header + (0..<64).map { UInt8(($0 * 37 + 11) % 256) }
        try fixture.write("secrets/prd.env", bytes: ciphertext)
        try fixture.write("terraform.tfvars", bytes: ciphertext)
        try fixture.write("main.tf", "variable \"x\" {\n  default = 1\n}\n")
        try fixture.commit("init")
        let scan = try anshin(["secrets", "scan", "--format", "json"], in: fixture.url)
        let notes = (try Self.document(scan.stdout)["notes"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(notes.contains { $0.contains("encrypted with git-crypt") && $0.contains("secrets/prd.env") }, "\(notes)")
        #expect(!notes.contains { $0.contains("binary") }, "\(notes)")
        let audit = try anshin(["audit", "terraform", "--format", "json", "--fail-on", "none"], in: fixture.url)
        let auditNotes = (try Self.document(audit.stdout)["notes"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(auditNotes.contains { $0.contains("terraform.tfvars") && $0.contains("encrypted with git-crypt") }, "\(auditNotes)")
        #expect(!auditNotes.contains { $0.contains("Invalid UTF-8") }, "\(auditNotes)")
    }

    @Test func theHookCallsAnshinFromPathAndUninstallRemovesOnlyItsOwn() throws {
        let fixture = try GitFixture()
        try fixture.write("README.md", "# app\n")
        try fixture.commit("init")
        let hook = fixture.url.appendingPathComponent(".git/hooks/pre-commit")

        // The default hook runs `anshin` from PATH; without it, the commit stops and says why.
        let install = try anshin(["secrets", "hook", "install"], in: fixture.url, environment: ["PATH": "/usr/bin:/bin"])
        #expect(install.status == 0, "\(install.stderr)")
        #expect(install.stderr.contains("anshin is not on PATH"))
        #expect(try String(contentsOf: hook, encoding: .utf8).contains("ANSHIN=\"${ANSHIN:-anshin}\""))
        try fixture.write("a.txt", "a\n")
        try fixture.git("add", "-A")
        let missing = try Command.run("git", ["commit", "-q", "-m", "a"], in: fixture.url, environment: ["PATH": "/usr/bin:/bin"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("cannot find 'anshin'") && missing.stderr.contains("--no-verify"), "\(missing.stderr)")
        // With anshin on PATH the same hook scans.
        let path = Command.anshinBinary.deletingLastPathComponent().path + ":/usr/bin:/bin"
        let found = try Command.run("git", ["commit", "-q", "-m", "a"], in: fixture.url, environment: ["PATH": path])
        #expect(found.status == 0, "\(found.stderr)")

        // A program named at install time must exist.
        let wrong = try anshin(["secrets", "hook", "install", "--anshin", "/nonexistent/anshin"], in: fixture.url)
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("/nonexistent/anshin is not an executable program"))

        // A team's own hook: kept by install --force, put back by uninstall; never removed otherwise.
        let own = "#!/bin/sh\necho team hook\n"
        try own.write(to: hook, atomically: true, encoding: .utf8)
        let refused = try anshin(["secrets", "hook", "uninstall"], in: fixture.url)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("was not written by anshin"))
        #expect(try String(contentsOf: hook, encoding: .utf8) == own)
        let forced = try anshin(["secrets", "hook", "install", "--force", "--anshin", Command.anshinBinary.path], in: fixture.url)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOf: hook, encoding: .utf8).contains(Command.anshinBinary.path))
        let removed = try anshin(["secrets", "hook", "uninstall"], in: fixture.url)
        #expect(removed.status == 0)
        #expect(removed.stdout.contains("put back"))
        #expect(try String(contentsOf: hook, encoding: .utf8) == own)
        try FileManager.default.removeItem(at: hook)
        let absent = try anshin(["secrets", "hook", "uninstall"], in: fixture.url)
        #expect(absent.stdout.contains("no pre-commit hook is installed"))
    }
}
