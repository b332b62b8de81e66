import AnshinCore
@testable import AnshinReports
import AnshinTesting
import Foundation
import Testing

@Suite struct TextReporterTests {
    @Test func golden() {
        let directory = Golden.fixtures("golden")
        #expect(Golden.mismatch(TextReporter().render(SampleReport.make()), name: "sample.txt", directory: directory) == nil)
        #expect(Golden.mismatch(TextReporter().render(SampleReport.make(showSuppressed: true)),
                                name: "sample-suppressed.txt", directory: directory) == nil)
        #expect(Golden.mismatch(TextReporter(color: true).render(SampleReport.make()),
                                name: "sample-color.txt", directory: directory) == nil)
    }

    @Test func groupsByMainPillarSecurityFirst() {
        let text = TextReporter().render(SampleReport.make())
        let headings = text.split(separator: "\n").filter { line in Pillar.allCases.contains { $0.title.uppercased() == line } }
        #expect(headings == ["SECURITY", "COST OPTIMIZATION"])
        let security = text.range(of: "SECURITY\n")!.upperBound
        let critical = text.range(of: "CRITICAL")!.lowerBound
        let high = text.range(of: "HIGH")!.lowerBound
        #expect(security < critical && critical < high, "most severe first within a pillar")
    }

    @Test func noColourUnlessAsked() {
        #expect(!TextReporter().render(SampleReport.make()).contains("\u{1B}"))
        #expect(TextReporter(color: true).render(SampleReport.make()).contains("\u{1B}[1;35mCRITICAL"))
    }

    @Test func suppressedFindingsAreCountedButListedOnlyWhenAsked() {
        let hidden = TextReporter().render(SampleReport.make())
        #expect(hidden.contains("1 suppressed (--show-suppressed lists them)"))
        #expect(!hidden.contains("aws_s3_bucket.tmp"))
        let shown = TextReporter().render(SampleReport.make(showSuppressed: true))
        #expect(shown.contains("suppressed: ignored (low risk): Scratch data, recreated nightly"))
    }

    @Test func verdictFollowsTheThreshold() {
        #expect(TextReporter().render(SampleReport.make()).hasSuffix("FAIL: 3 findings at or above high\n"))
        #expect(TextReporter().render(SampleReport.make(failOn: .critical)).hasSuffix("FAIL: 1 finding at or above critical\n"))
        let empty = Report(target: ".", generatedAt: "t", findings: [])
        #expect(TextReporter().render(empty).hasSuffix("PASS: no findings at or above high\n"))
    }

    @Test func evidenceIsShownRedacted() {
        let text = TextReporter().render(SampleReport.make())
        #expect(text.contains("evidence: export TF_VAR_aws_key_id=AKIA…[redacted]"))
    }
}
