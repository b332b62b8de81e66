import AnshinCore
@testable import AnshinReports
import Foundation
import Testing

@Suite struct RuleListingTests {
    static let bucket = RuleDescription(
        id: "s3-bucket-versioning", title: "S3 bucket versioning is not enabled",
        rationale: "Without versioning an overwrite or delete is final.\n\nVersions make both undoable.",
        severity: .medium, pillars: [.reliability, .security], sources: ["terraform", "live"], scope: "resource",
        references: ["SecurityHub:S3.14", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html"],
        remediation: "Turn versioning on:\n\n```hcl\nresource \"aws_s3_bucket_versioning\" \"this\" {}\n```")
    static let token = RuleDescription(
        id: "secret-github-pat-classic", title: "GitHub personal access token (classic)", severity: .high,
        pillars: [.security], sources: ["secrets"], scope: "file", remediation: "Revoke it.")
    static let all = [bucket, token]

    @Test func tableHasOneAlignedRowPerRuleAndACount() {
        let table = RuleListing.table(Self.all, total: 2)
        let lines = table.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("ID "))
        let column = lines[0].range(of: "SEVERITY")!.lowerBound.utf16Offset(in: lines[0])
        for line in lines[1...2] { #expect(line.dropFirst(column).hasPrefix("medium") || line.dropFirst(column).hasPrefix("high")) }
        #expect(lines[3] == "2 rules")
        #expect(RuleListing.table([Self.token], total: 2).hasSuffix("1 of 2 rules\n"))
    }

    @Test func filtersCombine() {
        #expect(Self.all.filter(RuleListing.Filter(sources: ["live"]).admits).map(\.id) == ["s3-bucket-versioning"])
        #expect(Self.all.filter(RuleListing.Filter(pillars: [.security], text: "pat").admits).map(\.id) == ["secret-github-pat-classic"])
        #expect(Self.all.filter(RuleListing.Filter(text: "securityhub:s3.14").admits).count == 1, "controls match in any case")
        #expect(Self.all.filter(RuleListing.Filter(severities: [.low]).admits).isEmpty)
        #expect(Self.all.filter(RuleListing.Filter().admits).count == 2)
    }

    @Test func jsonCarriesEverythingExplainSays() throws {
        let data = Data(RuleListing.json(Self.all).utf8)
        let rules = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(rules.count == 2)
        #expect(rules[0]["controls"] as? [String] == ["SecurityHub:S3.14"])
        #expect((rules[0]["links"] as? [String])?.count == 1)
        #expect(rules[0]["scope"] as? String == "resource")
        #expect((rules[0]["rationale"] as? String)?.hasPrefix("Without versioning") == true)
    }

    @Test func explainNamesControlsFixAndSuppression() {
        let text = RuleListing.explain(Self.bucket)
        #expect(text.hasPrefix("s3-bucket-versioning: S3 bucket versioning is not enabled\n\n  Without versioning"))
        #expect(text.contains("\n\n  Versions make both undoable.\n"))
        #expect(text.contains("controls  Security Hub S3.14\n"))
        #expect(text.contains("pillars   Reliability, Security\n"))
        #expect(text.contains("\n      resource \"aws_s3_bucket_versioning\" \"this\" {}\n"), "the snippet is indented, without its fence")
        #expect(!text.contains("```"))
        #expect(text.contains("# anshin:ignore s3-bucket-versioning <why>"))
        #expect(!RuleListing.explain(Self.token).contains("anshin:ignore"))
        #expect(RuleListing.explain(Self.token).contains("anshin:allow"))
    }

    @Test func suggestionsShareWordsOrAreFewEditsAway() {
        #expect(RuleListing.suggestions(for: "s3-versioning", in: Self.all) == ["s3-bucket-versioning"])
        #expect(RuleListing.suggestions(for: "secret-github-pat-clasic", in: Self.all).first == "secret-github-pat-classic")
        #expect(RuleListing.suggestions(for: "zzz", in: Self.all).isEmpty)
    }
}
