import AnshinCore
import AnshinSecrets
import AnshinTesting
import Foundation
import Testing

/// `anshin secrets …` end to end: real repositories, a real `git commit` through the hook.
@Suite struct SecretsCLITests {
    static func token(_ seed: String) -> String { SampleGenerator(seed: seed).crc32Token(prefix: "gh" + "p_") }

    func anshin(_ arguments: [String], in directory: URL, stdin: String? = nil) throws -> CommandResult {
        try Command.run(Command.anshinBinary, arguments, in: directory,
                        environment: ["SOURCE_DATE_EPOCH": "1795770000", "NO_COLOR": "1"], stdin: stdin)
    }

    @Test func theHookBlocksARealCommitAndSaysHowToGoOn() throws {
        let fixture = try GitFixture()
        try fixture.write("README.md", "# app\n")
        try fixture.commit("init")
        let install = try anshin(["secrets", "hook", "install", "--anshin", Command.anshinBinary.path], in: fixture.url)
        #expect(install.status == 0, "\(install.stderr)")
        // The hook calls the program named at install time.
        #expect(try String(contentsOf: fixture.url.appendingPathComponent(".git/hooks/pre-commit"), encoding: .utf8)
                    .contains(Command.anshinBinary.standardizedFileURL.path))

        let secret = Self.token("hook")
        try fixture.write("config/deploy.env", "REGION=ap-northeast-1\nGITHUB_TOKEN=\(secret)\n")
        try fixture.git("add", "-A")
        let blocked = try Command.run("git", ["commit", "-m", "add deploy config"], in: fixture.url)
        #expect(blocked.status != 0, "the commit is refused")
        let said = blocked.stdout + blocked.stderr
        #expect(said.contains("config/deploy.env:2"))
        #expect(said.contains("secret-github-pat-classic"))
        #expect(said.contains("anshin:allow"))
        #expect(said.contains("anshin secrets triage"))
        #expect(!said.contains(secret), "the secret itself is never printed")
        #expect(try fixture.git("log", "--oneline").split(separator: "\n").count == 1, "nothing was committed")

        // Marking the line as allowed lets the commit through.
        try fixture.write("config/deploy.env", "REGION=ap-northeast-1\nGITHUB_TOKEN=\(secret) # anshin:allow rotated test token\n")
        try fixture.git("add", "-A")
        let allowed = try Command.run("git", ["commit", "-q", "-m", "add deploy config"], in: fixture.url)
        #expect(allowed.status == 0, "\(allowed.stdout)\(allowed.stderr)")
    }

    @Test func triageSurvivesARescanAndLineMoves() throws {
        let fixture = try GitFixture()
        let secret = Self.token("triage")
        try fixture.write("settings.py", "GITHUB_TOKEN = '\(secret)'\n")
        try fixture.commit("settings")
        let first = try anshin(["secrets", "scan", "--history", "--format", "json"], in: fixture.url)
        #expect(first.status == 1)
        let fingerprint = try #require(try Self.fingerprints(first.stdout).first)

        let triage = try anshin(["secrets", "triage", fingerprint, "--state", "revoked", "--reason", "Revoked on GitHub, see INC-42"],
                                in: fixture.url)
        #expect(triage.status == 0, "\(triage.stderr)")
        // The author defaults to git's user.email.
        let entries = try Suppressions.load(root: fixture.url).entries
        #expect(entries.map(\.author) == ["ken@acme.example"])
        #expect(entries.map(\.state) == [.revoked])

        // The secret moves to another line and another file; the decision follows it.
        try fixture.write("settings.py", "# settings\nDEBUG = False\n\nGITHUB_TOKEN = '\(secret)'\n")
        try fixture.write("copy.py", "T = '\(secret)'\n")
        try fixture.commit("move")
        for arguments in [["secrets", "scan", "--history"], ["secrets", "scan"]] {
            let rescan = try anshin(arguments, in: fixture.url)
            #expect(rescan.status == 0, "\(arguments): \(rescan.stdout)")
            #expect(rescan.stdout.contains("no findings, 1 suppressed"))
        }
        let shown = try anshin(["secrets", "scan", "--show-suppressed", "--details"], in: fixture.url)
        #expect(shown.stdout.contains("suppressed: revoked: Revoked on GitHub, see INC-42"))
    }

    @Test func theHistoryOfABareMirrorIsScanned() throws {
        let fixture = try GitFixture()
        try fixture.write("deploy.env", "GITHUB_TOKEN=\(Self.token("bare"))\n")
        let added = try fixture.commit("deploy", author: "Aya Ito <aya@acme.example>")
        try fixture.remove("deploy.env")
        try fixture.commit("remove")
        let mirror = try TemporaryDirectory()
        let cloned = try Command.run("git", ["clone", "-q", "--mirror", fixture.path, mirror.path + "/repo.git"])
        #expect(cloned.status == 0, "\(cloned.stderr)")
        let result = try anshin(["secrets", "scan", "--history", "repo.git"], in: mirror.url)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("deploy.env:1 @ \(added.prefix(12))"), "\(result.stdout)")
        let staged = try anshin(["secrets", "scan", "--staged", "repo.git"], in: mirror.url)
        #expect(staged.status == 2, "a bare repository has no index: \(staged.stdout)")
    }

    @Test func baselineReportsOnlyNewIncidents() throws {
        let fixture = try GitFixture()
        try fixture.write("old.env", "GITHUB_TOKEN=\(Self.token("old"))\n")
        try fixture.commit("old")
        let baseline = fixture.url.appendingPathComponent("baseline.json")
        let first = try anshin(["secrets", "scan", "--history", "--format", "json", "--output", baseline.path], in: fixture.url)
        #expect(first.status == 1)
        try fixture.write("new.env", "GITHUB_TOKEN=\(Self.token("new"))\n")
        try fixture.commit("new")
        let second = try anshin(["secrets", "scan", "--history", "--baseline", baseline.path, "--format", "json"], in: fixture.url)
        let paths = try Self.paths(second.stdout)
        #expect(paths == ["new.env"])
    }

    @Test func standardInputAndExitCodes() throws {
        let directory = try TemporaryDirectory()
        let found = try anshin(["secrets", "scan", "-"], in: directory.url, stdin: "token=\(Self.token("stdin"))\n")
        #expect(found.status == 1)
        #expect(found.stdout.contains("secret-github-pat-classic  -:1"))
        let clean = try anshin(["secrets", "scan", "-"], in: directory.url, stdin: "nothing here\n")
        #expect(clean.status == 0)
    }

    @Test func aSingleFileIsScannedWithItsFoldersSettings() throws {
        let directory = try TemporaryDirectory()
        try directory.write("config/app.env", "token=\(Self.token("file"))\n")
        try directory.write("config/other.env", "token=\(Self.token("other"))\n")
        let found = try anshin(["secrets", "scan", "config/app.env"], in: directory.url)
        #expect(found.status == 1)
        #expect(found.stdout.contains("secret-github-pat-classic  app.env:1"), "\(found.stdout)")
        #expect(!found.stdout.contains("other.env"), "only the file named")
        let history = try anshin(["secrets", "scan", "--history", "config/app.env"], in: directory.url)
        #expect(history.status == 2)
        #expect(history.stderr.contains("need a repository folder, not the file config/app.env"))
    }

    @Test(arguments: [
        (["secrets", "scan", "--history", "--staged"], "--history and --staged cannot be combined"),
        (["secrets", "scan", "--since", "HEAD~1"], "--since needs --history"),
        (["secrets", "scan", "--max-file-size", "lots"], "invalid size 'lots'"),
        (["secrets", "scan", "--baseline", "/nonexistent.json"], "cannot read the baseline"),
        (["secrets", "triage", "zzzz", "--state", "revoked", "--reason", "x"], "'zzzz' is not a fingerprint"),
        (["secrets", "triage", "0123456789abcdef", "--state", "ignored", "--reason", "x"], "The value 'ignored' is invalid for '--state <state>'"),
    ])
    func usageErrors(_ arguments: [String], _ message: String) throws {
        let directory = try TemporaryDirectory()
        let result = try anshin(arguments, in: directory.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func historyOutsideARepositoryIsAClearError() throws {
        let directory = try TemporaryDirectory()
        let result = try anshin(["secrets", "scan", "--history", directory.path], in: directory.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("is not in a usable git repository"))
    }

    @Test func sarifOfAHistoryScanIsValid() throws {
        let fixture = try GitFixture()
        try fixture.write("a.env", "GITHUB_TOKEN=\(Self.token("sarif"))\n")
        try fixture.commit("a")
        let result = try anshin(["secrets", "scan", "--history", "--format", "sarif"], in: fixture.url)
        #expect(result.status == 1)
        #expect(SARIFValidation.errors(in: result.stdout).isEmpty)
        #expect(!result.stdout.contains(Self.token("sarif")))
    }

    static func findings(_ json: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return object?["findings"] as? [[String: Any]] ?? []
    }

    static func fingerprints(_ json: String) throws -> [String] {
        try findings(json).compactMap { $0["fingerprint"] as? String }
    }

    static func paths(_ json: String) throws -> [String] {
        try findings(json).compactMap { ($0["location"] as? [String: Any])?["path"] as? String }
    }
}

/// The project holds no secret, in any commit: it scans itself with its own scanner.
@Suite struct SelfScanTests {
    /// The history of the checked-out branch, every commit of it, copied into a clone of that
    /// branch alone: other branches of the same repository (work in progress, a CI system's
    /// remote-tracking refs) are not the project's history.
    @Test func theRepositoryHistoryHasNoSecrets() throws {
        let root = Command.packageRoot
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path) else {
            Issue.record("the package is not a git checkout; the self-scan needs its history")
            return
        }
        let head = try Command.run("git", ["rev-parse", "HEAD"], in: root).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let scratch = try TemporaryDirectory()
        let clone = scratch.url.appendingPathComponent("self")
        let cloned = try Command.run("git", ["clone", "-q", "--no-local", root.path, clone.path])
        #expect(cloned.status == 0, "\(cloned.stderr)")
        // Only HEAD's history (its files, .anshin/ triage included): drop every other ref the clone brought.
        _ = try Command.run("git", ["checkout", "-q", "--detach", head], in: clone)
        let refs = try Command.run("git", ["for-each-ref", "--format=%(refname)"], in: clone).stdout.split(separator: "\n")
        for ref in refs { _ = try Command.run("git", ["update-ref", "-d", String(ref)], in: clone) }
        _ = try Command.run("git", ["update-ref", "refs/heads/self-scan", head], in: clone)
        _ = try Command.run("git", ["checkout", "-q", "self-scan"], in: clone)
        _ = try Command.run("git", ["-c", "gc.reflogExpire=now", "reflog", "expire", "--expire=now", "--all"], in: clone)
        _ = try Command.run("git", ["gc", "-q", "--prune=now"], in: clone)
        let result = try Command.run(Command.anshinBinary, ["secrets", "scan", "--history", "--fail-on", "info", "."], in: clone,
                                     environment: ["NO_COLOR": "1"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test func thePreCommitFrameworkManifestRunsTheStagedScan() throws {
        let text = try String(contentsOf: Command.packageRoot.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        #expect(text.contains("id: anshin-secrets"))
        #expect(text.contains("entry: anshin secrets scan --staged"))
    }
}
