@testable import AnshinCore
import AnshinTesting
import Testing

@Suite struct FindingTests {
    static func finding(line: Int, identifier: String = "aws_s3_bucket.logs", key: [String] = []) -> Finding {
        Finding(ruleID: "s3-bucket-versioning", title: "t", severity: .medium, pillars: [.reliability],
                resource: Resource(kind: "aws_s3_bucket", identifier: identifier, environment: "prd"),
                location: Location(path: "s3.tf", line: line), remediation: "r", fingerprintKey: key)
    }

    @Test func fingerprintIgnoresLineMoves() {
        #expect(Self.finding(line: 10).fingerprint == Self.finding(line: 250).fingerprint)
    }

    @Test func fingerprintTellsResourcesAndKeysApart() {
        let base = Self.finding(line: 10)
        #expect(base.fingerprint != Self.finding(line: 10, identifier: "aws_s3_bucket.assets").fingerprint)
        #expect(base.fingerprint != Self.finding(line: 10, key: ["x"]).fingerprint)
        #expect(base.fingerprint.count == 32)
        #expect(base.fingerprint.allSatisfy { $0.isHexDigit })
    }

    @Test func fingerprintComponentsAreUnambiguous() {
        #expect(Fingerprint.make(ruleID: "r", components: ["ab", "c"]) != Fingerprint.make(ruleID: "r", components: ["a", "bc"]))
        #expect(Fingerprint.make(ruleID: "r", components: []) == Fingerprint.make(ruleID: "r", components: []))
    }

    @Test func sha256MatchesKnownDigest() {
        // FIPS 180-2 test vector for "abc".
        #expect(Fingerprint.sha256(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func severityOrder() {
        #expect(Severity.critical > .high && Severity.high > .medium && Severity.medium > .low && Severity.low > .info)
        #expect(Severity.descending == Severity.allCases.sorted(by: >))
    }

    @Test func pillarsAreReportedSecurityFirst() {
        #expect(Pillar.reportOrder.first == .security)
        #expect(Set(Pillar.reportOrder) == Set(Pillar.allCases))
        #expect(Pillar.opex.title == "Operational Excellence")
    }

    @Test func placeDescribesLocationOrResource() {
        let live = Finding(ruleID: "r", title: "t", severity: .low, pillars: [.security],
                           resource: Resource(kind: "AWS::IAM::User", identifier: "ci", account: "111111111111", region: "us-east-1"),
                           remediation: "x")
        #expect(live.place == "ci [111111111111/us-east-1]")
        #expect(Self.finding(line: 4).place == "aws_s3_bucket.logs (s3.tf:4)")
    }

    @Test func reportCountsOnlyActiveFindings() {
        var suppressed = Self.finding(line: 1, identifier: "a")
        suppressed.suppression = AppliedSuppression(state: .lowRisk, reason: "r", author: "a", expires: nil, origin: "x:1")
        let report = Report(target: ".", generatedAt: "t", findings: [suppressed, Self.finding(line: 2, identifier: "b")],
                            failOn: .medium)
        #expect(report.activeFindings.count == 1)
        #expect(report.listedFindings.count == 1)
        #expect(report.suppressedCount == 1)
        #expect(report.failingFindings.count == 1)
        #expect(report.countsByPillar[.reliability]?[.medium] == 1)
        #expect(Report(target: ".", generatedAt: "t", findings: [suppressed], showSuppressed: true).listedFindings.count == 1)
    }
}
