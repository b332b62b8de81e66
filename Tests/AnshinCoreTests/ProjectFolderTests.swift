import AnshinCore
import AnshinTesting
import Foundation
import Testing

/// One rule for where `.anshin/` lives, and the files kept there.
@Suite struct ProjectFolderTests {
    @Test func theRootIsTheNearestCatalogElseTheTopOfTheRepository() throws {
        let top = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: top.url.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try top.write("infra/modules/vpc/main.tf", "")
        try top.write("services/api/anshin.yml", "project: api\n")
        try top.write("services/api/deploy/main.tf", "")

        let modules = ProjectFolder.locate(top.url.appendingPathComponent("infra/modules/vpc"))
        #expect(modules.root.path == top.url.standardizedFileURL.path)
        #expect(modules.relativePath == "infra/modules/vpc/")
        #expect(modules.display(".anshin/suppressions.yml") == "../../../.anshin/suppressions.yml")

        let deploy = ProjectFolder.locate(top.url.appendingPathComponent("services/api/deploy"))
        #expect(deploy.root.lastPathComponent == "api", "the nearest anshin.yml wins")
        #expect(deploy.relativePath == "deploy/")
        #expect(deploy.catalogRoot == deploy.root)

        let itself = ProjectFolder.locate(top.url)
        #expect(itself.relativePath == "")
        #expect(itself.display(".anshin/x") == ".anshin/x")
    }

    @Test func outsideARepositoryOnlyTheFolderCounts() throws {
        let parent = try TemporaryDirectory()
        try parent.write("anshin.yml", "project: stray\n")
        try parent.write("work/main.tf", "")
        let work = ProjectFolder.locate(parent.url.appendingPathComponent("work"))
        #expect(work.root.lastPathComponent == "work", "a parent's anshin.yml outside git does not capture the folder")
        #expect(work.catalogRoot.lastPathComponent == "work")
    }

    @Test func aSuppressionsFileInASubfolderIsNamedAsNotRead() throws {
        let top = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: top.url.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try top.write("app/.anshin/suppressions.yml", "suppressions:\n")
        let app = ProjectFolder.locate(top.url.appendingPathComponent("app"))
        #expect(app.straySuppressionFiles == ["app/.anshin/suppressions.yml"])
        #expect(app.strayNotes.first?.message.contains("is not read") == true)
        #expect(ProjectFolder.locate(top.url).straySuppressionFiles.isEmpty)
    }
}

@Suite struct LastScanTests {
    static func finding(_ rule: String, path: String, line: Int = 3) -> Finding {
        Finding(ruleID: rule, title: "Title of \(rule)", severity: .high, pillars: [.security],
                location: Location(path: path, line: line), remediation: "r")
    }

    @Test func eachScopeKeepsItsLatestFindingsAndPrefixesResolve() throws {
        let root = try TemporaryDirectory()
        let first = Self.finding("rule-a", path: "a.tf")
        let second = Self.finding("rule-b", path: "b.tf")
        #expect(LastScan.record([first, second], scope: "audit terraform ", at: "2026-11-27T09:00:00Z", root: root.url,
                                pathPrefix: "infra/") == nil)
        var cache = LastScan.load(root: root.url)
        #expect(cache.entries(matching: first.fingerprint).map(\.place) == ["infra/a.tf:3"])
        #expect(cache.entries(matching: String(first.fingerprint.prefix(8))).count == 1)
        #expect(cache.entries(matching: "").count == 2)

        // The same scope again replaces its findings; another scope adds its own.
        LastScan.record([second], scope: "audit terraform ", at: "2026-11-27T10:00:00Z", root: root.url)
        LastScan.record([first], scope: "secrets scan ", at: "2026-11-27T11:00:00Z", root: root.url)
        cache = LastScan.load(root: root.url)
        #expect(Set(cache.entries(matching: "").map(\.fingerprint)) == [first.fingerprint, second.fingerprint])
        #expect(cache.scopes == ["secrets scan ", "audit terraform "])

        // The cache ignores itself for git.
        let ignore = try String(contentsOf: root.url.appendingPathComponent(".anshin/cache/.gitignore"), encoding: .utf8)
        #expect(ignore.contains("\n*\n"))
    }

    @Test func aBrokenCacheIsAnEmptyOne() throws {
        let root = try TemporaryDirectory()
        try root.write(LastScan.relativePath, "{not json")
        #expect(LastScan.load(root: root.url).isEmpty)
    }

    @Test func anUnwritableCacheIsAReasonNotACrash() throws {
        let root = try TemporaryDirectory()
        try root.write(".anshin/cache", "a file where the folder should be")
        let problem = LastScan.record([Self.finding("r", path: "x")], scope: "s", at: "t", root: root.url)
        #expect(problem?.contains("cannot keep the findings for triage") == true)
        #expect(problem?.contains("NSCocoaErrorDomain") == false)
    }
}

@Suite struct SuppressionRecordingTests {
    static let fingerprint = "0123456789abcdef0123456789abcdef"

    @Test func triagingAgainUpdatesTheEntryInPlaceAndDropsDuplicates() throws {
        let root = try TemporaryDirectory()
        try root.write(Suppressions.defaultPath, """
            # Reviewed in pull requests.
            suppressions:
              - fingerprint: "\(Self.fingerprint)"
                state: "false-positive"
                reason: "first"
                author: "aya"

              - rule: "s3-*"
                state: "low-risk"
                reason: "caches"
                author: "ken"
              # a person's note about the next entry
              - fingerprint: "\(Self.fingerprint)"
                state: "resolved"
                reason: "a duplicate the old triage appended"
                author: "aya"

            """)
        var entry = Suppression(fingerprint: Self.fingerprint, state: .revoked, reason: "rotated, INC-9", author: "ken",
                                expires: "2027-03-01")
        entry.summary = ["secret-github-pat-classic (critical): GitHub token", "at app/settings.py:4"]
        let outcome = try Suppressions.record(entry, root: root.url)
        guard case .updated(let previous) = outcome else { Issue.record("expected an update, got \(outcome)"); return }
        #expect(previous.reason == "first")
        let text = try String(contentsOf: root.url.appendingPathComponent(Suppressions.defaultPath), encoding: .utf8)
        let loaded = try Suppressions.parse(text, file: Suppressions.defaultPath).entries
        #expect(loaded.count == 2, "the duplicate is gone")
        #expect(loaded[0].state == .revoked && loaded[0].reason == "rotated, INC-9" && loaded[0].expires == "2027-03-01")
        #expect(loaded[1].rule?.pattern == "s3-*")
        #expect(text.contains("# Reviewed in pull requests."))
        #expect(text.contains("# a person's note about the next entry"))
        #expect(text.contains("    # secret-github-pat-classic (critical): GitHub token\n    # at app/settings.py:4\n"))
        #expect(!text.contains("first"))
    }

    @Test func aNewFingerprintIsAppendedWithItsSummary() throws {
        let root = try TemporaryDirectory()
        var entry = Suppression(fingerprint: Self.fingerprint, state: .falsePositive, reason: "sample", author: "aya")
        entry.summary = ["rule-x (high): Title"]
        #expect(try Suppressions.record(entry, root: root.url) == .added)
        var other = entry
        other.fingerprint = "ffffffffffffffffffffffffffffffff"
        #expect(try Suppressions.record(other, root: root.url) == .added)
        #expect(try Suppressions.load(root: root.url).entries.count == 2)
    }

    @Test func aPrefixEntryCoversTheFinding() throws {
        let finding = LastScanTests.finding("rule-a", path: "a.tf")
        let entry = Suppression(fingerprint: String(finding.fingerprint.prefix(8)), state: .lowRisk, reason: "r", author: "a")
        #expect(Suppressions(entries: [entry]).apply(to: [finding], today: "2026-11-27")[0].isSuppressed)
    }

    @Test func pathGlobsAreReadFromTheProjectRoot() throws {
        let finding = LastScanTests.finding("rule-a", path: "main.tf")
        let entry = Suppression(rule: try Glob("rule-a"), path: try Glob("infra/*.tf"), state: .lowRisk, reason: "r", author: "a")
        let suppressions = Suppressions(entries: [entry])
        #expect(suppressions.apply(to: [finding], today: "2026-11-27", pathPrefix: "infra/")[0].isSuppressed)
        #expect(!suppressions.apply(to: [finding], today: "2026-11-27")[0].isSuppressed)
    }
}

@Suite struct SystemErrorTextTests {
    @Test func fileErrorsReadAsWords() throws {
        let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/report.json")
        do {
            try Data("x".utf8).write(to: missing)
            Issue.record("writing into a missing folder succeeded")
        } catch {
            let text = SystemErrorText.describe(error)
            #expect(text == "no such file or folder", "\(text)")
            #expect(!text.contains("Domain") && !text.contains("errno"))
        }
        #expect(SystemErrorText.describe(errno: EACCES) == "permission denied")
        #expect(SystemErrorText.describe(errno: EISDIR) == "it is a folder")
    }

    /// Whatever the number, the words are lower-case prose: never `Unknown error N`, never the
    /// word errno, never a Foundation domain.
    @Test func everyErrorNumberReadsAsWords() {
        for number in Int32(1)...Int32(200) {
            let text = SystemErrorText.describe(errno: number)
            #expect(!text.isEmpty && !text.contains("Unknown error") && !text.contains("errno"), "\(number): \(text)")
            #expect(text.first.map { !$0.isUppercase } ?? false, "\(number): \(text)")
        }
        #expect(SystemErrorText.describe(errno: 4242) == "system error 4242")
        #expect(SystemErrorText.describe(errno: ETXTBSY) == "it is in use")
    }

    /// An error of anshin's own keeps its message; one from Foundation is never shown as
    /// `The operation could not be completed` or a domain dump.
    @Test func errorsOfEveryKindReadAsWords() throws {
        struct OwnError: Error, CustomStringConvertible { var description: String { "the lock is held" } }
        #expect(SystemErrorText.describe(OwnError()) == "the lock is held")
        #expect(SystemErrorText.describe(POSIXError(.ENOSPC)) == "no space left on the device")
        #expect(SystemErrorText.describe(CocoaError(.fileReadNoSuchFile)) == "no such file or folder")
        let folder = try TemporaryDirectory()
        do {
            _ = try Data(contentsOf: folder.url)
            Issue.record("reading a folder as a file succeeded")
        } catch {
            let text = SystemErrorText.describe(error)
            #expect(!text.contains("Domain") && !text.contains("could not be completed") && !text.contains("Is a directory"), "\(text)")
        }
        let odd = NSError(domain: "SomeDomain", code: 7)
        #expect(!SystemErrorText.describe(odd).contains("could not be completed"))
    }
}
