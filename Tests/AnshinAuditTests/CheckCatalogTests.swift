import AnshinCore
import Testing
@testable import AnshinAudit

@Suite struct CheckCatalogTests {
    static let ids = CheckCatalog.all.map(\.metadata.id)

    @Test func idsAreUniqueAndSorted() {
        #expect(Set(Self.ids).count == Self.ids.count)
        #expect(Self.ids == Self.ids.sorted())
    }

    @Test(arguments: CheckCatalog.all.map(\.metadata))
    func metadataIsComplete(_ metadata: CheckMetadata) {
        let kebab = metadata.id.split(separator: "-", omittingEmptySubsequences: false)
        #expect(!kebab.isEmpty && kebab.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
        }, "\(metadata.id) is not kebab-case")
        #expect(!metadata.title.isEmpty)
        #expect(!metadata.pillars.isEmpty)
        #expect(Set(metadata.pillars).count == metadata.pillars.count)
        #expect(metadata.remediation.count > 80, "\(metadata.id) needs a remediation that says what and why")
        #expect(!metadata.references.isEmpty)
        for reference in metadata.references {
            #expect(reference.hasPrefix("SecurityHub:") || reference.hasPrefix("CIS:") || reference.hasPrefix("https://"),
                    "\(metadata.id): \(reference)")
        }
        // A Terraform snippet, when given, is a complete fenced hcl block.
        if metadata.remediation.contains("```") {
            #expect(metadata.remediation.contains("```hcl\n"))
            #expect(metadata.remediation.components(separatedBy: "```").count % 2 == 1)
        }
    }

    @Test func emptyInventoriesReportNothingButAbsence() {
        let findings = CheckCatalog.evaluate(Inventory(source: .terraform, environment: "prd"))
            + CheckCatalog.evaluate(Inventory(source: .aws))
        #expect(findings.allSatisfy { $0.ruleID.hasPrefix("cloudtrail-") || $0.ruleID.hasPrefix("config-") })
    }

    @Test func findingsCarryTheirCheckMetadata() {
        var bucket = S3Bucket(reference: Fixture.logsRef)
        bucket.versioning = .known(.disabled)
        for finding in CheckCatalog.evaluate(.terraform { $0.s3Buckets = [bucket] }) {
            let metadata = CheckCatalog.all.first { $0.metadata.id == finding.ruleID }?.metadata
            #expect(finding.title == metadata?.title)
            #expect(finding.pillars == metadata?.pillars)
            #expect(finding.references == metadata?.references)
            // The remediation's snippet is written for the finding's own resource.
            let reference = finding.resource.map { ResourceReference(kind: $0.kind, identifier: $0.identifier) }
            #expect(finding.remediation == metadata.map { metadata in
                reference.map { RemediationTailoring.tailor(metadata.remediation, to: $0, subject: metadata.snippetSubject) }
                    ?? metadata.remediation
            })
            #expect(finding.resource?.environment == "prd")
        }
    }
}
