import AnshinCore
import AnshinTesting
import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import AnshinReports

/// The JUnit reporter: golden files, and the document parsed by a real XML parser.
struct JUnitReporterTests {
    let reporter = JUnitReporter()

    static let emptyReport = Report(target: "examples/empty", generatedAt: "2026-11-27T09:00:00Z", findings: [])

    /// The rendered document parsed by libxml2 (through Foundation's `XMLDocument`).
    func parse(_ report: Report) throws -> XMLElement {
        let document = try XMLDocument(xmlString: reporter.render(report), options: [])
        return try #require(document.rootElement())
    }

    func attribute(_ element: XMLElement, _ name: String) -> String? {
        element.attribute(forName: name)?.stringValue
    }

    func cases(_ root: XMLElement) -> [XMLElement] {
        root.elements(forName: "testsuite").flatMap { $0.elements(forName: "testcase") }
    }

    @Test func goldenSample() {
        let text = reporter.render(SampleReport.make())
        #expect(Golden.mismatch(text, name: "sample.junit.xml", directory: Golden.fixtures("golden")) == nil)
    }

    @Test func goldenSampleWithSuppressed() {
        let text = reporter.render(SampleReport.make(showSuppressed: true))
        #expect(Golden.mismatch(text, name: "sample-suppressed.junit.xml", directory: Golden.fixtures("golden")) == nil)
    }

    @Test func goldenEmpty() {
        let text = reporter.render(Self.emptyReport)
        #expect(Golden.mismatch(text, name: "empty.junit.xml", directory: Golden.fixtures("golden")) == nil)
    }

    @Test func sampleParsesWithConsistentCounts() throws {
        let root = try parse(SampleReport.make(showSuppressed: true))
        #expect(root.name == "testsuites")
        #expect(attribute(root, "name") == "anshin")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.compactMap { attribute($0, "name") } == ["Security", "Reliability", "Cost Optimization", "Notes"])
        let all = cases(root)
        // 7 findings (one suppressed) and one note.
        #expect(attribute(root, "tests") == "8" && all.count == 8)
        #expect(attribute(root, "failures") == "3")
        #expect(all.filter { !$0.elements(forName: "failure").isEmpty }.count == 3)
        #expect(attribute(root, "skipped") == "2")
        #expect(all.filter { !$0.elements(forName: "skipped").isEmpty }.count == 2)
        #expect(attribute(root, "errors") == "0")
        for suite in suites {
            let members = suite.elements(forName: "testcase")
            #expect(attribute(suite, "tests") == String(members.count))
            #expect(attribute(suite, "failures") == String(members.filter { !$0.elements(forName: "failure").isEmpty }.count))
            #expect(attribute(suite, "skipped") == String(members.filter { !$0.elements(forName: "skipped").isEmpty }.count))
        }
    }

    @Test func failuresFollowFailOn() throws {
        let atHigh = try parse(SampleReport.make(failOn: .high))
        let failing = cases(atHigh).filter { !$0.elements(forName: "failure").isEmpty }
        #expect(failing.compactMap { attribute($0, "classname") }
            == ["anshin.secret-aws-access-key", "anshin.iam-user-access-key", "anshin.rds-storage-encrypted"])
        let failure = try #require(failing.first?.elements(forName: "failure").first)
        #expect(attribute(failure, "type") == "critical")
        #expect(attribute(failure, "message") == "An AWS access key id and its secret key are committed in .envrc.")
        let body = try #require(failure.stringValue)
        #expect(body.hasPrefix("Rule: secret-aws-access-key (AWS access key)\nSeverity: critical\nPillars: Security\nPlace: .envrc:3 @ 9f2c1e7d4b3a\n"))
        #expect(body.contains("Evidence: export TF_VAR_aws_key_id=AKIA…[redacted]"))
        #expect(body.contains("Remediation:\nRevoke the key"))

        #expect(attribute(try parse(SampleReport.make(failOn: .info)), "failures") == "6")
        #expect(attribute(try parse(SampleReport.make(failOn: .critical)), "failures") == "1")
    }

    @Test func findingsBelowTheThresholdPassWithTheirDetails() throws {
        let root = try parse(SampleReport.make())
        let graviton = try #require(cases(root).first { attribute($0, "classname") == "anshin.graviton-rds" })
        #expect(attribute(graviton, "name") == "aws_db_instance.main (rds.tf:5)")
        #expect(graviton.elements(forName: "failure").isEmpty && graviton.elements(forName: "skipped").isEmpty)
        let out = try #require(graviton.elements(forName: "system-out").first?.stringValue)
        #expect(out.contains("Message: db.t3.medium -> db.t4g.medium: up to 40% better price-performance <per AWS>."))
    }

    @Test func suppressedFindingsAreSkippedOnlyWhenShown() throws {
        let hidden = try parse(SampleReport.make())
        #expect(!cases(hidden).contains { attribute($0, "classname") == "anshin.s3-bucket-versioning" })
        let shown = try parse(SampleReport.make(showSuppressed: true))
        let suppressed = try #require(cases(shown).first { attribute($0, "classname") == "anshin.s3-bucket-versioning" })
        let skipped = try #require(suppressed.elements(forName: "skipped").first)
        #expect(attribute(skipped, "message") == "ignored (low risk): Scratch data, recreated nightly")
    }

    @Test func notAssessedNotesAreSkippedCases() throws {
        let root = try parse(SampleReport.make())
        let notes = try #require(root.elements(forName: "testsuite").first { attribute($0, "name") == "Notes" })
        let note = try #require(notes.elements(forName: "testcase").first)
        #expect(attribute(note, "classname") == "anshin.not-assessed")
        #expect(attribute(note.elements(forName: "skipped").first ?? note, "message")?.hasPrefix("not assessed: Region eu-west-1") == true)
    }

    @Test func emptyReportHasOnePassingCase() throws {
        let root = try parse(Self.emptyReport)
        #expect(attribute(root, "tests") == "1")
        #expect(attribute(root, "failures") == "0")
        let only = try #require(cases(root).first)
        #expect(attribute(only, "name") == "no findings")
        #expect(only.children == nil || only.children?.isEmpty == true)
    }

    @Test func textIsEscapedAndIllegalCharactersAreDropped() throws {
        let odd = "a<b>&\"c\"'d'\u{01}\u{0B}\u{FFFE} ]]> \t\nnext"
        let finding = Finding(ruleID: "odd", title: odd, message: odd, severity: .critical, pillars: [.security],
                              location: Location(path: odd, line: 2), evidence: odd, remediation: odd)
        let report = Report(target: "t", generatedAt: "2026-11-27T09:00:00Z", findings: [finding])
        let text = reporter.render(report)
        #expect(!text.contains("]]>"))
        #expect(!text.unicodeScalars.contains { $0.value == 0x01 || $0.value == 0x0B || $0.value == 0xFFFE })
        let root = try parse(report)
        let testCase = try #require(cases(root).first)
        let failure = try #require(testCase.elements(forName: "failure").first)
        // Attribute values keep tab and newline through attribute-value normalisation.
        #expect(attribute(failure, "message") == "a<b>&\"c\"'d' ]]> \t\nnext")
        #expect(attribute(testCase, "name") == "a<b>&\"c\"'d' ]]> \t\nnext:2")
        #expect(failure.stringValue?.contains("Message: a<b>&\"c\"'d' ]]> \t\nnext") == true)
    }

    @Test func repeatedNamesAreMadeUnique() throws {
        let findings = ["k1", "k2"].map { key in
            Finding(ruleID: "secret-generic", title: "Secret", severity: .high, pillars: [.security],
                    location: Location(path: ".env", line: 1), remediation: "Revoke.", fingerprintKey: [key])
        }
        let root = try parse(Report(target: "t", generatedAt: "g", findings: findings))
        let names = cases(root).compactMap { attribute($0, "name") }
        #expect(names.count == 2 && Set(names).count == 2)
        #expect(names.allSatisfy { $0.hasPrefix(".env:1 [") })
    }
}
