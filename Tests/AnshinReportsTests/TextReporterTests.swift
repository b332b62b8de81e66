import AnshinCore
@testable import AnshinReports
import AnshinTesting
import Foundation
import Testing

@Suite struct TextReporterTests {
    /// The sample report with the database finding in three environments (given out of catalog
    /// order) and the secret found in four places: what the grouped view folds together.
    static func spread(showSuppressed: Bool = false) -> Report {
        let sample = SampleReport.make(showSuppressed: showSuppressed)
        var findings = sample.findings
        let database = findings.first { $0.ruleID == "rds-storage-encrypted" }!
        for environment in ["demo", "stg"] {
            var copy = database
            copy.resource?.environment = environment
            copy.fingerprint = Fingerprint.make(ruleID: copy.ruleID, components: [environment])
            findings.append(copy)
        }
        let secret = findings.firstIndex { $0.ruleID == "secret-aws-access-key" }!
        findings[secret].otherLocations = (1...3).map { (number: Int) in Location(path: "deploy/env\(number).sh", line: number) }
        return Report(target: sample.target, generatedAt: sample.generatedAt, findings: findings, notes: sample.notes,
                      failOn: sample.failOn, showSuppressed: sample.showSuppressed, environments: ["stg", "prd", "demo"])
    }

    @Test func golden() {
        let directory = Golden.fixtures("golden")
        #expect(Golden.mismatch(TextReporter().render(Self.spread()), name: "grouped.txt", directory: directory) == nil)
        #expect(Golden.mismatch(TextReporter(width: 60).render(Self.spread()), name: "grouped-narrow.txt", directory: directory) == nil)
        #expect(Golden.mismatch(TextReporter(width: 160).render(Self.spread()), name: "grouped-wide.txt", directory: directory) == nil)
        #expect(Golden.mismatch(TextReporter(color: true).render(Self.spread()), name: "grouped-color.txt", directory: directory) == nil)
        #expect(Golden.mismatch(TextReporter(details: true).render(SampleReport.make()), name: "sample.txt", directory: directory) == nil)
        #expect(Golden.mismatch(TextReporter(details: true).render(SampleReport.make(showSuppressed: true)),
                                name: "sample-suppressed.txt", directory: directory) == nil)
        #expect(Golden.mismatch(TextReporter(color: true, details: true).render(SampleReport.make()),
                                name: "sample-color.txt", directory: directory) == nil)
    }

    @Test func oneLinePerRuleAndResourceWithEveryEnvironmentInCatalogOrder() {
        let text = TextReporter().render(Self.spread())
        let lines = text.split(separator: "\n")
        let database = lines.filter { $0.contains("aws_db_instance.metabase") }
        // Once, under fix first: never once per environment, nor again under its pillar.
        #expect(database.count == 1)
        #expect(database.allSatisfy { $0.hasSuffix("stg prd demo") })
        #expect(text.components(separatedBy: "Restore the database from an encrypted snapshot copy").count == 2,
                "the fix is printed once per rule")
        #expect(!text.contains("fingerprint"), "fingerprints are for --details")
    }

    @Test func fixFirstListsTheFailingFindingsMostSevereFirst() {
        let text = TextReporter().render(Self.spread())
        let section = text.components(separatedBy: "FIX FIRST")[1].components(separatedBy: "\n\n")[0]
        // Each entry's first line starts with its severity; the lines under it are indented.
        let rows = section.split(separator: "\n").dropFirst().filter { !$0.hasPrefix("    ") }
        #expect(section.hasPrefix(": 5 findings at or above high in 3 places to change"))
        #expect(rows.count == 3)
        #expect(rows[rows.startIndex].contains("CRITICAL") && rows[rows.startIndex].contains("secret-aws-access-key"))
        #expect(rows[rows.startIndex].hasSuffix("+3 places"))
        // Two highs: the one in three environments before the one in one.
        #expect(rows[rows.startIndex + 1].contains("rds-storage-encrypted"))
        #expect(rows[rows.startIndex + 2].contains("iam-user-access-key"))
        #expect(text.range(of: "FIX FIRST")!.lowerBound < text.range(of: "\nSECURITY\n")!.lowerBound)
    }

    @Test func groupsByMainPillarSecurityFirst() {
        let text = TextReporter().render(Self.spread())
        let headings = text.split(separator: "\n").filter { line in Pillar.allCases.contains { $0.title.uppercased() == line } }
        #expect(headings == ["SECURITY", "COST OPTIMIZATION"])
    }

    @Test func linesFitTheWidthUnlessAWordIsLonger() {
        for width in [60, 80, 100, 160] {
            let text = TextReporter(width: width).render(Self.spread())
            for line in text.split(separator: "\n") where line.count > width {
                let words = line.split(separator: " ")
                #expect(words.count <= 2 || words.contains { $0.count > width / 2 }, "\(width): \(line)")
            }
        }
        let narrow = TextReporter(width: 60).render(Self.spread())
        let wide = TextReporter(width: 160).render(Self.spread())
        #expect(narrow.split(separator: "\n").count > wide.split(separator: "\n").count)
    }

    @Test func noColourUnlessAsked() {
        #expect(!TextReporter().render(Self.spread()).contains("\u{1B}"))
        #expect(TextReporter(color: true).render(Self.spread()).contains("\u{1B}[1;35mCRITICAL"))
        #expect(!TextReporter(details: true).render(SampleReport.make()).contains("\u{1B}"))
    }

    @Test func suppressedFindingsAreCountedButListedOnlyWhenAsked() {
        let hidden = TextReporter(width: 200).render(Self.spread())
        #expect(hidden.contains("1 suppressed (--show-suppressed lists them)"))
        #expect(!hidden.contains("aws_s3_bucket.tmp"))
        let shown = TextReporter(width: 200).render(Self.spread(showSuppressed: true))
        #expect(shown.contains("aws_s3_bucket.tmp (s3.tf:88)  demo  [suppressed: ignored (low risk)]"))
        let details = TextReporter(details: true).render(SampleReport.make(showSuppressed: true))
        #expect(details.contains("suppressed: ignored (low risk): Scratch data, recreated nightly"))
    }

    @Test func verdictFollowsTheThreshold() {
        #expect(TextReporter().render(SampleReport.make()).contains("\nFAIL: 3 findings at or above high\n"))
        #expect(TextReporter().render(SampleReport.make(failOn: .critical)).contains("\nFAIL: 1 finding at or above critical\n"))
        let empty = Report(target: ".", generatedAt: "t", findings: [])
        #expect(TextReporter().render(empty).hasSuffix("PASS: no findings at or above high\n"))
        #expect(!TextReporter().render(empty).contains("FIX FIRST"))
    }

    @Test func summaryIsTheHeadlineAndTheVerdict() {
        let summary = TextReporter(width: 200).summary(SampleReport.make())
        #expect(summary.split(separator: "\n").count == 2)
        #expect(summary.hasPrefix("anshin 0.1.0: examples/acme: 6 findings"))
        #expect(summary.hasSuffix("FAIL: 3 findings at or above high\n"))
    }

    @Test func detailsShowEvidenceRedacted() {
        let text = TextReporter(details: true).render(SampleReport.make())
        #expect(text.contains("evidence: export TF_VAR_aws_key_id=AKIA…[redacted]"))
    }

    @Test func fixIsTheFirstSentenceOfTheRemediation() {
        #expect(TextReporter.firstSentence(of: "Restore from a copy: then switch.\n\n```hcl\nx = 1\n```") == "Restore from a copy.")
        #expect(TextReporter.firstSentence(of: "Set `a.b` to 1. Then more.") == "Set `a.b` to 1.")
        #expect(TextReporter.firstSentence(of: "No full stop") == "No full stop")
        #expect(TextReporter.firstSentence(of: "Use a role, e.g. for CI. Then more.") == "Use a role, e.g. for CI.")
        #expect(TextReporter.firstSentence(of: "```hcl\nonly = code\n```") == nil)
    }

    @Test func notesOfOneKindAreCountedOnOneLinePerModule() {
        let notes = (1...40).map { Note(kind: .warning, source: "terraform",
                                        message: "modules/m\($0 % 2)/main.tf:\($0): reference to undeclared input variable \"v\($0)\"") }
            + ["prd", "stg"].map { Note(kind: .notAssessed, source: "aws", message: "environment \($0): skipped: profile \"acme-\($0)\" is not configured") }
            + [Note(kind: .notAssessed, source: "aws", message: "Region eu-west-1: access denied")]
        let lines = NoteSummary.lines(notes)
        #expect(lines.count == 4, "\(lines)")
        #expect(lines[0] == "[terraform] warning: 20 like this in modules/m1/, e.g. modules/m1/main.tf:1: reference to undeclared input variable \"v1\"")
        #expect(lines[1].hasPrefix("[terraform] warning: 20 like this in modules/m0/, e.g. modules/m0/main.tf:2:"))
        #expect(lines[2] == "[aws] not assessed: 2 like this, e.g. environment prd: skipped: profile \"acme-prd\" is not configured")
        #expect(lines[3] == "[aws] not assessed: Region eu-west-1: access denied")
        #expect(NoteSummary.module(of: "variables.tf:126: No value") == "./")
        let unset = NoteSummary.lines([Note(kind: .warning, source: "terraform", message: "variables.tf:1: No value for required variable \"a\"")])
        #expect(unset == ["[terraform] warning: variables.tf:1: No value for required variable \"a\" (pass --var or --var-file, or name the environment's tfvars in anshin.yml)"])
        #expect(NoteSummary.module(of: "environment prd: skipped") == "")
    }
}
