@testable import AnshinCore
import AnshinTesting
import Foundation
import Testing

@Suite struct SuppressionsTests {
    static func finding(rule: String = "s3-bucket-versioning", path: String = "s3.tf", line: Int = 10,
                        identifier: String = "aws_s3_bucket.logs", environment: String = "prd") -> Finding {
        Finding(ruleID: rule, title: "t", severity: .high, pillars: [.reliability],
                resource: Resource(kind: "aws_s3_bucket", identifier: identifier, environment: environment),
                location: Location(path: path, line: line), remediation: "r")
    }

    @Test func parsesEntries() throws {
        let text = try String(contentsOf: Golden.fixtures("suppressions", "valid", "suppressions.yml"), encoding: .utf8)
        let suppressions = try Suppressions.parse(text, file: ".anshin/suppressions.yml")
        #expect(suppressions.entries.count == 3)
        let first = suppressions.entries[0]
        #expect(first.fingerprint == "0123456789abcdef0123456789abcdef")
        #expect(first.state == .falsePositive)
        #expect(first.line == 2)
        #expect(suppressions.entries[1].path?.pattern == "metabase/**")
        #expect(suppressions.entries[1].expires == "2027-01-31")
        #expect(suppressions.entries[2].environment?.pattern == "demo")
    }

    @Test(arguments: ExpectedErrorCase.all(in: "suppressions/invalid"))
    func malformedSuppressionsNameFileLineAndField(_ fixture: ExpectedErrorCase) {
        do {
            _ = try Suppressions.parse(fixture.text, file: "suppressions.yml")
            Issue.record("\(fixture.url.lastPathComponent) parsed without error")
        } catch {
            #expect(error.description == fixture.expected)
        }
    }

    @Test func fingerprintEntryCoversOnlyThatFinding() {
        let target = Self.finding()
        let other = Self.finding(identifier: "aws_s3_bucket.assets")
        let entry = Suppression(fingerprint: target.fingerprint, state: .falsePositive, reason: "why", author: "me", line: 3)
        let result = Suppressions(entries: [entry]).apply(to: [target, other], today: "2026-11-27")
        #expect(result[0].suppression == AppliedSuppression(state: .falsePositive, reason: "why", author: "me",
                                                             expires: nil, origin: ".anshin/suppressions.yml:3"))
        #expect(result[1].suppression == nil)
    }

    @Test func ruleAndPathGlobs() throws {
        let entry = Suppression(rule: try Glob("s3-*"), path: try Glob("metabase/**"), state: .lowRisk, reason: "r", author: "a")
        #expect(entry.covers(Self.finding(path: "metabase/s3.tf")))
        #expect(entry.covers(Self.finding(path: "metabase/deep/s3.tf")))
        #expect(!entry.covers(Self.finding(path: "s3.tf")))
        #expect(!entry.covers(Self.finding(rule: "rds-storage-encrypted", path: "metabase/s3.tf")))
        let byEnvironment = Suppression(rule: try Glob("*"), environment: try Glob("demo"), state: .lowRisk, reason: "r", author: "a")
        #expect(byEnvironment.covers(Self.finding(environment: "demo")))
        #expect(!byEnvironment.covers(Self.finding(environment: "prd")))
    }

    @Test func expiredEntryStopsSuppressingAndIsReported() throws {
        let entry = Suppression(rule: try Glob("s3-bucket-versioning"), state: .lowRisk, reason: "caches",
                                author: "aya", expires: "2026-11-26", line: 7)
        let finding = Self.finding()
        let onLastDay = Suppressions(entries: [entry]).apply(to: [finding], today: "2026-11-26")
        #expect(onLastDay.count == 1)
        #expect(onLastDay[0].isSuppressed, "an entry holds through its expiry day")

        let dayAfter = Suppressions(entries: [entry]).apply(to: [finding], today: "2026-11-27")
        #expect(dayAfter.count == 2)
        #expect(!dayAfter[0].isSuppressed)
        let expired = dayAfter[1]
        #expect(expired.ruleID == "anshin-suppression-expired")
        #expect(expired.location == Location(path: ".anshin/suppressions.yml", line: 7))
        #expect(expired.message?.contains("expired on 2026-11-26") == true)
    }

    @Test func fingerprintEntriesWinOverRuleEntries() throws {
        let finding = Self.finding()
        let byRule = Suppression(rule: try Glob("*"), state: .lowRisk, reason: "broad", author: "a", line: 2)
        let byFingerprint = Suppression(fingerprint: finding.fingerprint, state: .revoked, reason: "exact", author: "b", line: 9)
        let result = Suppressions(entries: [byRule, byFingerprint]).apply(to: [finding], today: "2026-11-27")
        #expect(result[0].suppression?.state == .revoked)
    }

    @Test func missingFileMeansNoSuppressions() throws {
        let root = try TemporaryDirectory()
        #expect(try Suppressions.load(root: root.url).entries.isEmpty)
        try root.write(".anshin/suppressions.yml", "suppressions:\n  - rule: x\n    state: resolved\n    reason: r\n    author: a\n")
        #expect(try Suppressions.load(root: root.url).entries.count == 1)
    }

    @Test func days() {
        #expect(Day.isValid("2024-02-29"))
        #expect(!Day.isValid("2023-02-29"))
        #expect(!Day.isValid("2027-13-01"))
        #expect(!Day.isValid("27-01-01"))
        #expect(Day.of(Date(timeIntervalSince1970: 1_795_000_000)) == "2026-11-18")
        #expect(Day.of(Date(timeIntervalSince1970: -0.5)) == "1969-12-31")
        #expect(Day.of(Date(timeIntervalSince1970: 951_868_799)) == "2000-02-29")
        #expect(Day.of(Date(timeIntervalSince1970: 951_868_800)) == "2000-03-01")
        #expect(Day.of(Date(timeIntervalSince1970: 4_107_542_400)) == "2100-03-01")
        // The timestamp is what ISO8601DateFormatter prints in UTC, for any second.
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        var generator = SystemRandomNumberGenerator()
        for seconds in [0, -1, 951_868_799, 4_107_542_399] + (0..<500).map({ _ in Int.random(in: -2_000_000_000...5_000_000_000, using: &generator) }) {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(Day.timestamp(date) == formatter.string(from: date), "\(seconds)")
        }
        #expect(Clock(now: Date(timeIntervalSince1970: 1_795_000_000.9)).timestamp == "2026-11-18T11:06:40Z")
    }
}

@Suite struct SuppressionWritingTests {
    @Test func appendCreatesTheFileAndKeepsWhatPeopleWrote() throws {
        let root = try TemporaryDirectory()
        let first = Suppression(fingerprint: "0123456789abcdef0123456789abcdef", state: .revoked,
                                reason: "Key \"ci\" revoked: see #12", author: "ken@acme.example")
        try Suppressions.append(first, root: root.url)
        let path = root.url.appendingPathComponent(Suppressions.defaultPath)
        var text = try String(contentsOf: path, encoding: .utf8)
        text += "  # kept: a comment written by a person\n"
        try text.write(to: path, atomically: true, encoding: .utf8)

        let second = Suppression(rule: try Glob("s3-*"), path: try Glob("metabase/**"), state: .lowRisk,
                                 reason: "caches", author: "aya", expires: "2027-01-31")
        try Suppressions.append(second, root: root.url)
        let loaded = try Suppressions.load(root: root.url)
        #expect(loaded.entries.count == 2)
        #expect(loaded.entries[0].reason == "Key \"ci\" revoked: see #12")
        #expect(loaded.entries[1].path?.pattern == "metabase/**")
        #expect(loaded.entries[1].expires == "2027-01-31")
        #expect(try String(contentsOf: path, encoding: .utf8).contains("# kept: a comment written by a person"))
    }

    @Test func refusesToMangleAFileItCannotExtend() throws {
        let root = try TemporaryDirectory()
        try root.write(".anshin/suppressions.yml", "suppressions: []\n")
        let entry = Suppression(rule: try Glob("x"), state: .resolved, reason: "r", author: "a")
        #expect(throws: ConfigurationError.self) { try Suppressions.append(entry, root: root.url) }
        #expect(try String(contentsOf: root.url.appendingPathComponent(".anshin/suppressions.yml"), encoding: .utf8)
                == "suppressions: []\n", "nothing written")
    }

    @Test func quotingSurvivesAnyText() throws {
        var random = SplitMix64(seed: 99)
        let alphabet = Array("ab: #-\"'\\\n\t{}[]&*!|>%@`é✓")
        for _ in 0..<200 {
            let reason = String((0..<Int(random.next() % 30 + 1)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            let entry = Suppression(rule: try Glob("r"), state: .falsePositive, reason: reason, author: "a")
            let parsed = try Suppressions.parse("suppressions:\n" + entry.yaml(), file: "s.yml")
            #expect(parsed.entries.first?.reason == reason)
        }
    }
}
