import AnshinCore
import AnshinTesting
import Testing

@testable import AnshinReports

/// The Markdown reporter: golden files and escaping of everything a finding can contain.
struct MarkdownReporterTests {
    let reporter = MarkdownReporter()

    static func report(_ findings: [Finding], notes: [Note] = [], showSuppressed: Bool = false) -> Report {
        Report(target: "edge", generatedAt: "2026-11-27T09:00:00Z", findings: findings, notes: notes,
               showSuppressed: showSuppressed)
    }

    @Test func goldenSample() {
        let text = reporter.render(SampleReport.make())
        #expect(Golden.mismatch(text, name: "sample.md", directory: Golden.fixtures("golden")) == nil)
    }

    @Test func goldenSampleWithSuppressed() {
        let text = reporter.render(SampleReport.make(showSuppressed: true))
        #expect(Golden.mismatch(text, name: "sample-suppressed.md", directory: Golden.fixtures("golden")) == nil)
    }

    @Test func goldenEmpty() {
        let report = Report(target: "examples/empty", generatedAt: "2026-11-27T09:00:00Z", findings: [])
        let text = reporter.render(report)
        #expect(Golden.mismatch(text, name: "empty.md", directory: Golden.fixtures("golden")) == nil)
        #expect(text.contains("\n\nNo findings.\n"))
        #expect(!text.contains("| Pillar |"))
    }

    @Test func headingCarriesTargetAndCounts() {
        let text = reporter.render(SampleReport.make())
        let firstLine = text.split(separator: "\n").first.map(String.init)
        #expect(firstLine == "## anshin report for examples/acme: 6 findings (1 critical, 2 high, 1 medium, 1 low, 1 info)")
        #expect(text.contains("**Failed**: 3 findings at or above `high`."))
    }

    @Test func summaryTableCountsEachPillarAndEachFindingOnce() {
        let text = reporter.render(SampleReport.make())
        #expect(text.contains("| Pillar | Critical | High | Medium | Low | Info |"))
        #expect(text.contains("| Security | 1 | 2 | 1 | 0 | 0 |"))
        #expect(text.contains("| Operational Excellence | 0 | 1 | 1 | 1 | 0 |"))
        #expect(text.contains("| Reliability | 0 | 0 | 0 | 0 | 0 |"))
        #expect(text.contains("| **All findings** | **1** | **2** | **1** | **1** | **1** |"))
    }

    @Test func findingsAreListedUnderTheirFirstPillarOnly() {
        let text = reporter.render(SampleReport.make())
        #expect(text.contains("### Security (4)"))
        #expect(text.contains("### Cost Optimization (2)"))
        #expect(!text.contains("### Operational Excellence"))
        #expect(text.contains("Rule `iam-user-access-key` · `ci-deploy` · `prd` · also `opex`"))
    }

    @Test func htmlInMessagesIsEscaped() {
        let text = reporter.render(SampleReport.make())
        #expect(!text.contains("<script>"))
        #expect(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(text.contains("&lt;per AWS&gt;"))
        #expect(text.contains("no retention\\_in\\_days &amp; grows"))
    }

    @Test func remediationKeepsItsFencedCodeInsideDetails() {
        let text = reporter.render(SampleReport.make())
        #expect(text.contains("""
        <details>
        <summary>Remediation</summary>

        Restore the database from an encrypted snapshot copy:

        ```hcl
        resource "aws_db_instance" "metabase" {
          storage_encrypted = true
        }
        ```

        </details>
        """))
    }

    @Test func tableCellsAndInlineTextEscapeMarkdown() {
        #expect(MarkdownReporter.cell("a | b") == "a \\| b")
        #expect(MarkdownReporter.inline("<b>&`x`*y*[z](u)") == "&lt;b&gt;&amp;\\`x\\`\\*y\\*\\[z\\](u)")
        #expect(MarkdownReporter.inline("# not a heading", startsBlock: true) == "\\# not a heading")
        #expect(MarkdownReporter.inline("- not a list", startsBlock: true) == "\\- not a list")
        #expect(MarkdownReporter.inline("1. not a list", startsBlock: true) == "1\\. not a list")
        #expect(MarkdownReporter.inline("version 0.1.0") == "version 0.1.0")
        #expect(MarkdownReporter.inline("two\nlines") == "two lines")
    }

    @Test func codeSpansHoldBackticksLiterally() {
        #expect(MarkdownReporter.code("plain") == "`plain`")
        #expect(MarkdownReporter.code("a`b") == "``a`b``")
        #expect(MarkdownReporter.code("`x``") == "``` `x`` ```")
        let finding = Finding(ruleID: "r", title: "T", severity: .low, pillars: [.cost],
                              evidence: "key=`AKIA…[redacted]`", remediation: "x")
        #expect(reporter.render(Self.report([finding])).contains("Evidence: `` key=`AKIA…[redacted]` ``"))
    }

    @Test func unclosedFenceInRemediationIsClosed() {
        #expect(MarkdownReporter.remediation("Do:\n```sh\nrm -rf build") == "Do:\n\n```sh\nrm -rf build\n```")
    }

    @Test func suppressedFindingsAppearOnlyWhenAskedWithTheirState() {
        let hidden = reporter.render(SampleReport.make())
        #expect(!hidden.contains("s3-bucket-versioning"))
        #expect(hidden.contains("1 suppressed (not listed)."))
        let shown = reporter.render(SampleReport.make(showSuppressed: true))
        #expect(shown.contains("### Suppressed (1)"))
        #expect(shown.contains("Suppressed: **ignored (low risk)**: Scratch data, recreated nightly (sre@acme.example, until 2027-03-31; `.anshin/suppressions.yml:4`)"))
    }

    @Test func notesComeLastUnderNotAssessed() {
        let text = reporter.render(SampleReport.make())
        #expect(text.hasSuffix("### Not assessed\n\n- **aws**: Region eu-west-1 of account 111111111111: access denied to ec2:DescribeInstances.\n"))
    }

    @Test func referencesLinkURLsAndQuoteIdentifiers() {
        #expect(MarkdownReporter.reference("https://docs.aws.amazon.com/x") == "<https://docs.aws.amazon.com/x>")
        #expect(MarkdownReporter.reference("SecurityHub:RDS.3") == "`SecurityHub:RDS.3`")
        #expect(MarkdownReporter.reference("https://bad<url>") == "`https://bad<url>`")
    }

    /// One entry per rule and resource, its environments as code chips, each environment's
    /// message and place folded, the fix once, every fingerprint.
    @Test func groupsLikeTheTerminal() {
        let findings = ["prd", "stg", "demo"].map { (environment: String) -> Finding in
            Finding(ruleID: "s3-bucket-versioning", title: "S3 bucket versioning is not enabled",
                    message: "Bucket aws_s3_bucket.imports in \(environment) has no `aws_s3_bucket_versioning`",
                    severity: .medium, pillars: [.reliability],
                    resource: Resource(kind: "aws_s3_bucket", identifier: "aws_s3_bucket.imports", environment: environment),
                    location: Location(path: "s3.tf", line: 3), remediation: "Add versioning.")
        }
        let report = Self.report(findings)
        let text = reporter.render(report)
        #expect(text.components(separatedBy: "#### MEDIUM: S3 bucket versioning is not enabled").count == 2)
        let environments = report.findings.compactMap { $0.resource?.environment }
        #expect(Set(environments) == ["prd", "stg", "demo"])
        #expect(text.contains("Rule `s3-bucket-versioning` · `aws_s3_bucket.imports` · " + environments.map { "`\($0)`" }.joined(separator: " ")))
        #expect(text.contains("<summary>Where: 3 environments, each with its message and place</summary>"))
        #expect(text.contains("- `stg` · `s3.tf:3`: Bucket aws\\_s3\\_bucket.imports in stg has no `aws_s3_bucket_versioning`"))
        #expect(text.components(separatedBy: "<summary>Remediation</summary>").count == 2)
        #expect(text.contains("Fingerprints: " + report.findings.map { "`\($0.fingerprint)`" }.joined(separator: " ")))
        #expect(!text.contains("\\`aws"), "code in a message stays code")
    }

    /// Past GitHub's limit for an issue body, the most severe groups are listed and the rest
    /// counted by severity and rule.
    @Test func staysUnderGitHubsIssueLimitAndSaysWhatWasLeftOut() {
        let findings = (0..<600).map { index in
            Finding(ruleID: index < 10 ? "rds-storage-encrypted" : "s3-bucket-versioning", title: "Title \(index)",
                    message: String(repeating: "long message ", count: 20), severity: index < 10 ? .critical : .low,
                    pillars: [.reliability],
                    resource: Resource(kind: "aws_s3_bucket", identifier: "aws_s3_bucket.b\(index)", environment: "prd"),
                    location: Location(path: "s3.tf", line: index + 1), remediation: String(repeating: "Fix it. ", count: 30))
        }
        let text = reporter.render(Self.report(findings))
        #expect(text.utf16.count <= MarkdownReporter.gitHubLimit)
        for index in 0..<10 { #expect(text.contains("`aws_s3_bucket.b\(index)`"), "critical group \(index) is listed") }
        #expect(text.contains("### Not listed here ("))
        #expect(text.contains("low) are left out so that this document stays within GitHub's 65536-character limit"))
        #expect(text.contains("- `s3-bucket-versioning`: "))
        #expect(text.contains("### Reliability ("))
        let small = reporter.render(SampleReport.make())
        #expect(!small.contains("Not listed here"))
    }

    @Test func everyGroupCarriesItsFingerprint() {
        let text = reporter.render(SampleReport.make())
        for finding in SampleReport.make().activeFindings {
            #expect(text.contains("Fingerprint: `\(finding.fingerprint)`"))
        }
    }
}

