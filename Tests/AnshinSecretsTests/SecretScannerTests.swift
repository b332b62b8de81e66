import AnshinCore
import AnshinGit
@testable import AnshinSecrets
import CVectorscan
import AnshinTesting
import Foundation
import Testing

/// End-to-end scans of real git repositories and folders built by the tests.
@Suite struct SecretScannerTests {
    static let detector = try! Detector()
    static let scanner = SecretScanner(detector: detector)

    /// A GitHub classic token with a valid checksum, made at run time.
    static func token(_ seed: String) -> String {
        SampleGenerator(seed: seed).crc32Token(prefix: "gh" + "p_")
    }

    @Test func historyFindsASecretAddedThenDeletedAndSaysWhereItFirstAppeared() throws {
        let fixture = try GitFixture()
        let secret = Self.token("deleted")
        try fixture.write("README.md", "# app\n")
        try fixture.commit("init", date: "2025-01-01T00:00:00Z")
        try fixture.write("deploy.sh", "#!/bin/sh\nexport GITHUB_TOKEN=\(secret)\n./deploy\n")
        let added = try fixture.commit("deploy script", date: "2025-02-14T09:12:44Z", author: "Aya Ito <aya@acme.example>")
        try fixture.write("deploy.sh", "#!/bin/sh\n./deploy\n")
        try fixture.commit("remove token", date: "2025-02-15T00:00:00Z")

        let working = try Self.scanner.scanFolder(fixture.url)
        #expect(working.incidents.isEmpty, "the working tree is clean")

        let history = try Self.scanner.scanHistory(try GitRepository(at: fixture.url))
        #expect(history.incidents.count == 1)
        let occurrence = try #require(history.incidents.first?.occurrences.first)
        #expect(occurrence.match.ruleID == "secret-github-pat-classic")
        #expect(occurrence.place.path == "deploy.sh")
        #expect(occurrence.place.commit == added)
        #expect(occurrence.place.author == "Aya Ito <aya@acme.example>")
        #expect(occurrence.match.line == 2)
        let finding = try #require(history.findings(detector: Self.detector).first)
        #expect(finding.location?.commit == added)
        #expect(finding.message?.contains("first committed in \(added.prefix(12)) by Aya Ito") == true)
        #expect(finding.evidence?.contains(secret) == false, "evidence is redacted")
        #expect(!"\(finding)".contains(secret))
    }

    /// The places of every incident: what a history scan reports, compared across strategies.
    static func places(_ outcome: ScanOutcome) -> [String] {
        outcome.incidents.flatMap { incident in
            incident.occurrences.map { "\(incident.sha256.prefix(8)) \($0.place.path):\($0.match.line) \($0.place.commit ?? "-") \($0.place.historyPlaces)" }
        }
    }

    @Test func readingTheObjectDatabaseFindsWhatListingReachableBlobsFinds() throws {
        let fixture = try GitFixture()
        try fixture.write("README.md", "# app\n")
        try fixture.commit("init", date: "2025-01-01T00:00:00Z")
        try fixture.git("checkout", "-q", "-b", "side")
        try fixture.write("side/.env", "GITHUB_TOKEN=\(Self.token("side"))\n")
        try fixture.commit("side", date: "2025-01-02T00:00:00Z")
        try fixture.git("checkout", "-q", "main")
        try fixture.write("a/.env", "GITHUB_TOKEN=\(Self.token("main"))\n")
        try fixture.write("b/.env", "GITHUB_TOKEN=\(Self.token("main"))\n")
        try fixture.commit("two copies", date: "2025-01-03T00:00:00Z")
        try fixture.git("merge", "-q", "--no-ff", "--no-commit", "side")
        try fixture.write("merge.env", "GITHUB_TOKEN=\(Self.token("merge"))\n")
        try fixture.commit("merge", date: "2025-01-04T00:00:00Z")
        try fixture.remove("a/.env")
        try fixture.commit("remove one", date: "2025-01-05T00:00:00Z")
        try fixture.write("big.txt", String(repeating: "x", count: 5_000) + "\n")
        try fixture.commit("big", date: "2025-01-06T00:00:00Z")
        let repository = try GitRepository(at: fixture.url)
        let scanner = SecretScanner(detector: Self.detector, options: .init(maxFileSize: 4_096))
        let database = try #require(try scanner.scanObjectDatabase(repository))
        let listed = try scanner.scanReachableBlobs(repository, excluding: [])
        #expect(database.incidents.count == 3)
        #expect(Self.places(database) == Self.places(listed))
        #expect(database.filesScanned == listed.filesScanned)
        #expect(database.bytesScanned == listed.bytesScanned)
        #expect(database.skippedLarge.map(\.blob) == listed.skippedLarge.map(\.blob))
        #expect(database.skippedLarge.map(\.path) == ["big.txt"])
        #expect(listed.skippedLarge.map(\.path) == ["big.txt"])
    }

    @Test func aSecretNoRefReachesIsNotReported() throws {
        let fixture = try GitFixture()
        try fixture.write("app.env", "GITHUB_TOKEN=\(Self.token("amended away"))\n")
        try fixture.commit("oops")
        try fixture.write("app.env", "GITHUB_TOKEN=\n")
        try fixture.git("commit", "-q", "--amend", "-a", "-m", "clean")
        try fixture.git("reflog", "expire", "--expire=now", "--all")
        _ = try Command.run("git", ["hash-object", "-w", "--stdin"], in: fixture.url, stdin: "GITHUB_TOKEN=\(Self.token("loose"))\n")
        let outcome = try Self.scanner.scanHistory(try GitRepository(at: fixture.url))
        #expect(outcome.incidents.isEmpty)
        #expect(outcome.filesScanned == 1, "only the reachable app.env")
    }

    @Test func aSecretATagNamesDirectlyIsFoundAndSoIsATreeTagsOne() throws {
        let fixture = try GitFixture()
        try fixture.write("README.md", "# app\n")
        try fixture.commit("init")
        let blob = try Command.run("git", ["hash-object", "-w", "--stdin"], in: fixture.url,
                                   stdin: "GITHUB_TOKEN=\(Self.token("tagged blob"))\n").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try fixture.git("tag", "-a", "-m", "a key", "key-blob", blob)
        let outcome = try Self.scanner.scanHistory(try GitRepository(at: fixture.url))
        #expect(outcome.incidents.count == 1)
        #expect(outcome.incidents.first?.occurrences.first?.place.blob == blob)

        try fixture.write("tree/creds.env", "GITHUB_TOKEN=\(Self.token("tagged tree"))\n")
        try fixture.git("add", "tree")
        let tree = try fixture.git("write-tree", "--prefix=tree/").trimmingCharacters(in: .whitespacesAndNewlines)
        try fixture.git("reset", "-q")
        try fixture.remove("tree")
        try fixture.git("tag", "key-tree", tree)
        #expect(try Self.scanner.scanObjectDatabase(try GitRepository(at: fixture.url)) == nil, "a tree only rev-list lists")
        let both = try Self.scanner.scanHistory(try GitRepository(at: fixture.url))
        #expect(both.incidents.count == 2)
        #expect(both.incidents.contains { $0.occurrences.first?.place.path == "creds.env" })
    }

    @Test func aSubmoduleIsNotAMissingBlobButAPartialCloneSaysWhatItLacks() throws {
        let fixture = try GitFixture()
        try fixture.write("app.env", "GITHUB_TOKEN=\(Self.token("partial"))\n")
        try fixture.commit("app")
        try fixture.git("update-index", "--add", "--cacheinfo", "160000,\(String(repeating: "ab", count: 20)),vendor/lib")
        try fixture.commit("submodule")
        let full = try Self.scanner.scanHistory(try GitRepository(at: fixture.url))
        #expect(full.unreadable.isEmpty, "a submodule's commit is not a blob of this repository")
        #expect(full.incidents.count == 1)

        try fixture.git("config", "uploadpack.allowFilter", "true")
        let clone = try TemporaryDirectory()
        let cloned = try Command.run("git", ["clone", "-q", "--no-checkout", "--filter=blob:none", "file://\(fixture.path)", "repo"], in: clone.url)
        #expect(cloned.status == 0, "\(cloned.stderr)")
        let partial = try Self.scanner.scanHistory(try GitRepository(at: clone.url.appendingPathComponent("repo")))
        #expect(partial.incidents.isEmpty)
        #expect(partial.unreadable.count == 1)
        #expect(partial.unreadable.first?.contains("app.env") == true)
        #expect(partial.notes.contains { $0.kind == .notAssessed && $0.message.contains("not in the local object database") })
    }

    @Test func theSameSecretInTwoFilesIsOneIncident() throws {
        let fixture = try GitFixture()
        let secret = Self.token("shared")
        try fixture.write("a/.env", "GITHUB_TOKEN=\(secret)\n")
        try fixture.write("b/config.json", "{\"token\": \"\(secret)\"}\n")
        try fixture.commit("two copies")
        for outcome in [try Self.scanner.scanFolder(fixture.url), try Self.scanner.scanHistory(try GitRepository(at: fixture.url))] {
            #expect(outcome.incidents.count == 1)
            #expect(outcome.incidents.first?.occurrences.map(\.place.path).sorted() == ["a/.env", "b/config.json"])
            let findings = outcome.findings(detector: Self.detector)
            #expect(findings.count == 1)
            #expect(findings.first?.message?.contains("Also in 1 other place") == true)
            #expect(findings.first?.fingerprint == SecretFinding.fingerprint(sha256: Fingerprint.sha256(Array(secret.utf8))))
        }
    }

    @Test func stagedScanSeesOnlyWhatIsAboutToBeCommitted() throws {
        let fixture = try GitFixture()
        try fixture.write("app.py", "print('hi')\n")
        try fixture.commit("init")
        let staged = Self.token("staged"), unstaged = Self.token("unstaged")
        try fixture.write("settings.py", "GITHUB_TOKEN = '\(staged)'\n")
        try fixture.git("add", "settings.py")
        try fixture.write("local.py", "GITHUB_TOKEN = '\(unstaged)'\n")
        let outcome = try Self.scanner.scanStaged(try GitRepository(at: fixture.url))
        #expect(outcome.incidents.count == 1)
        #expect(outcome.incidents.first?.sha256 == Fingerprint.sha256(Array(staged.utf8)))
        #expect(outcome.incidents.first?.occurrences.first?.place.path == "settings.py")
    }

    @Test func binaryFilesAreSkippedUnlessAsked() throws {
        let root = try TemporaryDirectory()
        let secret = Self.token("binary")
        var bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 0]
        bytes += Array("GITHUB_TOKEN=\(secret)\n".utf8) + [UInt8](repeating: 0, count: 64)
        let file = root.url.appendingPathComponent("tool.bin")
        try Data(bytes).write(to: file)
        let skipped = try Self.scanner.scanFolder(root.url)
        #expect(skipped.incidents.isEmpty)
        #expect(skipped.skippedBinary == 1)
        #expect(skipped.notes.contains { $0.message.contains("1 binary file(s) skipped") })
        let included = try SecretScanner(detector: Self.detector, options: .init(includeBinary: true)).scanFolder(root.url)
        #expect(included.incidents.count == 1)
    }

    @Test func aHundredMegabyteFileIsSkippedByDefaultAndScannedWhenAllowed() throws {
        let root = try TemporaryDirectory()
        let secret = Self.token("large")
        let line = Array("lorem ipsum dolor sit amet, consectetur adipiscing elit\n".utf8)
        var content = [UInt8]()
        content.reserveCapacity(100 << 20)
        while content.count < 100 << 20 { content += line }
        content += Array("GITHUB_TOKEN=\(secret)\n".utf8)
        try Data(content).write(to: root.url.appendingPathComponent("huge.log"))
        let skipped = try Self.scanner.scanFolder(root.url)
        #expect(skipped.incidents.isEmpty)
        #expect(skipped.skippedLarge.map(\.path) == ["huge.log"])
        #expect(skipped.notes.contains { $0.kind == .notAssessed && $0.message.contains("huge.log (100 MiB)") })
        let scanned = try SecretScanner(detector: Self.detector, options: .init(maxFileSize: 200 << 20)).scanFolder(root.url)
        #expect(scanned.incidents.count == 1)
        #expect(scanned.incidents.first?.occurrences.first?.match.line == content.filter { $0 == 10 }.count)
    }

    @Test func plainFolderScansEveryFileAndIgnoresSymlinks() throws {
        let root = try TemporaryDirectory()
        let secret = Self.token("plain")
        try root.write("deep/nested/.envrc", "export GITHUB_TOKEN=\(secret)\n")
        try FileManager.default.createSymbolicLink(atPath: root.url.appendingPathComponent("link").path,
                                                   withDestinationPath: root.url.appendingPathComponent("deep").path)
        let outcome = try Self.scanner.scanFolder(root.url)
        #expect(outcome.incidents.count == 1)
        #expect(outcome.incidents.first?.occurrences.map(\.place.path) == ["deep/nested/.envrc"])
    }

    @Test func plainFolderWalkLeavesOutGitFoldersAndSpecialFilesAndScansManyFiles() throws {
        let root = try TemporaryDirectory()
        try root.write(".git/config", "GITHUB_TOKEN=\(Self.token("inside-dot-git"))\n")
        try root.write("vendor/.git", "gitdir: ../.git/modules/vendor\nGITHUB_TOKEN=\(Self.token("dot-git-file"))\n")
        for index in 0..<300 { try root.write("many/\(index % 7)/file\(index).txt", "line \(index)\n") }
        try root.write("many/3/deep/.env", "GITHUB_TOKEN=\(Self.token("deep"))\n")
        #expect(mkfifo(root.url.appendingPathComponent("many/pipe").path, 0o600) == 0)
        let outcome = try Self.scanner.scanFolder(root.url)
        #expect(outcome.filesScanned == 302, "300 files, .env and the .git file; not the .git folder nor the pipe")
        #expect(Set(outcome.incidents.map { $0.occurrences[0].place.path }) == ["vendor/.git", "many/3/deep/.env"])
        #expect(outcome.unreadable.isEmpty)
    }

    @Test func aFolderThatCannotBeReadIsReportedAsNotAssessed() throws {
        let root = try TemporaryDirectory()
        let missing = root.url.appendingPathComponent("no-such-folder")
        let outcome = try Self.scanner.scanFolder(missing)
        #expect(outcome.filesScanned == 0)
        #expect(outcome.unreadable.count == 1)
        #expect(outcome.unreadable.first?.contains("no such file or folder") == true, "in words, not errno's text")
        #expect(outcome.notes.contains { $0.kind == .notAssessed && $0.message.contains("could not be read") })
    }

    @Test func workingTreeOfARepositoryHonoursGitignore() throws {
        let fixture = try GitFixture()
        try fixture.write(".gitignore", "*.secret\n")
        try fixture.commit("ignore")
        try fixture.write("ignored.secret", "GITHUB_TOKEN=\(Self.token("ignored"))\n")
        try fixture.write("untracked.env", "GITHUB_TOKEN=\(Self.token("untracked"))\n")
        let outcome = try Self.scanner.scanFolder(fixture.url)
        #expect(outcome.incidents.map { $0.occurrences[0].place.path } == ["untracked.env"])
    }

    @Test func anIgnoredFolderNamedExplicitlyIsStillScanned() throws {
        let fixture = try GitFixture()
        try fixture.write(".gitignore", "ignored/\n")
        try fixture.commit("ignore")
        try fixture.write("ignored/creds.txt", "GITHUB_TOKEN=\(Self.token("ignored-folder"))\n")
        let outcome = try Self.scanner.scanFolder(fixture.url.appendingPathComponent("ignored"))
        #expect(outcome.filesScanned == 1)
        #expect(outcome.incidents.map { $0.occurrences[0].place.path } == ["creds.txt"])
    }

    @Test func incrementalHistoryScanReadsOnlyNewBlobs() throws {
        let fixture = try GitFixture()
        try fixture.write("old.env", "GITHUB_TOKEN=\(Self.token("old"))\n")
        let base = try fixture.commit("old")
        try fixture.write("new.env", "GITHUB_TOKEN=\(Self.token("new"))\n")
        try fixture.commit("new")
        let outcome = try Self.scanner.scanHistory(try GitRepository(at: fixture.url), excluding: [base])
        #expect(outcome.incidents.map { $0.occurrences[0].place.path } == ["new.env"])
    }

    @Test func standardInput() {
        let outcome = Self.scanner.scanBytes(Array("token: \(Self.token("stdin"))\n".utf8), path: "-")
        #expect(outcome.incidents.first?.occurrences.first?.place.path == "-")
    }

    @Test func malformedInputNeverCrashes() throws {
        let root = try TemporaryDirectory()
        var random = SplitMix64(seed: 5)
        for index in 0..<20 {
            let bytes = (0..<Int(random.next() % 200_000)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            try Data(bytes).write(to: root.url.appendingPathComponent("blob\(index)"))
        }
        try Data([0xFF, 0xFE, 0xC0, 0x80] + Array("GITHUB_TOKEN=\(Self.token("utf8"))\n".utf8)).write(to: root.url.appendingPathComponent("bad-utf8.txt"))
        let outcome = try SecretScanner(detector: Self.detector, options: .init(includeBinary: true)).scanFolder(root.url)
        #expect(outcome.filesScanned == 21)
        #expect(outcome.incidents.contains { $0.occurrences[0].place.path == "bad-utf8.txt" })
    }
}

@Suite struct CustomRuleTests {
    static func rule(samples: [String], negatives: [String] = [], pattern: String = "acme_[a-z0-9]{32}") -> CustomSecretRule {
        CustomSecretRule(id: "acme-internal-token", title: "Acme internal token", pattern: pattern, severity: .high,
                         minimumEntropy: 3.0, samples: samples, negatives: negatives, line: 7)
    }

    static let token = "ac" + "me_" + SampleGenerator(seed: "acme").lowerAlnum(32)

    @Test func aTeamsRuleFindsItsTokens() throws {
        let detector = try Detector.including([Self.rule(samples: ["ACME_TOKEN=\(Self.token)"],
                                                         negatives: ["ACME_TOKEN=acme_" + String(repeating: "x", count: 32)])])
        let matches = detector.scan("config: \(Self.token)\n")
        #expect(matches.map(\.ruleID) == ["acme-internal-token"])
    }

    @Test func aRuleThatMissesItsSampleIsRefusedWithItsLine() {
        #expect(throws: ConfigurationError(path: "anshin.yml", line: 7, field: "secrets.rules.acme-internal-token",
                                           message: "the rule does not find its sample #1; fix the pattern or the sample")) {
            try Detector.including([Self.rule(samples: ["no token here"])])
        }
    }

    @Test func aRuleThatFindsItsNegativeIsRefused() {
        #expect(throws: ConfigurationError.self) {
            try Detector.including([Self.rule(samples: ["t=\(Self.token)"], negatives: ["t=\(Self.token)"])])
        }
    }

    @Test func anInvalidPatternIsRefused() {
        do {
            _ = try Detector.including([Self.rule(samples: ["x"], pattern: "acme_[a-z")])
            Issue.record("an invalid pattern compiled")
        } catch {
            #expect(error.line == 7)
        }
    }

    @Test func aPatternOnlyVectorscanAcceptsIsRefusedBeforeAnyScan() {
        // PCRE's `(?P<name>…)` group: Vectorscan takes it, ICU (confirmation) does not.
        #expect(Detector.validate(pattern: "(?P<t>acme_[a-z0-9]{32})") == nil)
        do {
            _ = try Detector.including([Self.rule(samples: ["t=\(Self.token)"], pattern: "(?P<t>acme_[a-z0-9]{32})")])
            Issue.record("a pattern ICU cannot compile was accepted")
        } catch {
            #expect(error.line == 7)
            #expect(error.message.hasPrefix("confirmation expression"))
        }
    }

    @Test func builtInIDsCannotBeReused() {
        var rule = Self.rule(samples: ["x"])
        rule.id = "secret-github-pat-classic"
        #expect(throws: ConfigurationError.self) { try Detector.including([rule]) }
    }
}

@Suite struct DatabaseCacheTests {
    @Test func aStoredDatabaseScansLikeAFreshOneAndGarbageIsIgnored() throws {
        let directory = try TemporaryDirectory()
        let patterns = [Matcher.Pattern(expression: "gh" + "p_[A-Za-z0-9]{36}"), Matcher.Pattern(expression: "needle", caseless: true)]
        let key = DatabaseCache.key(patterns)
        #expect(DatabaseCache.load(key, in: directory.url) == nil)
        let fresh = try Matcher(patterns: patterns)
        DatabaseCache.store(fresh.database.pointer, key: key, in: directory.url)
        let cached = try #require(DatabaseCache.load(key, in: directory.url))
        hs_free_database(cached)

        let text = Array("a NEEDLE in the haystack\n".utf8)
        let hits = try text.withUnsafeBytes { bytes in try fresh.scan(bytes, scratch: try fresh.makeScratch()) }
        #expect(hits.map(\.pattern) == [1])

        #expect(DatabaseCache.key(patterns) != DatabaseCache.key(Array(patterns.reversed())), "the key covers every pattern and its order")
        try Data("not a database".utf8).write(to: directory.url.appendingPathComponent("vectorscan-\(key).db"))
        #expect(DatabaseCache.load(key, in: directory.url) == nil, "a damaged file is ignored, never trusted")
    }
}
