import AnshinCore
import AnshinReports
@testable import AnshinGitHub
import Foundation
import Testing

@Suite struct SyncPlanRenderingTests {
    let plan = IssueSync.planFromScratch([Samples.versioning("prd"), Samples.versioning("stg"), Samples.publicDatabase(), Samples.secret()])

    @Test func csvQuotesFieldsAndDefusesFormulas() {
        #expect(SyncPlan.csv(["a", "b,c", "say \"hi\"", "two\nlines", "=HYPERLINK(\"x\")", "-1"])
            == "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\"'=HYPERLINK(\"\"x\"\")\",'-1")
        let csv = plan.renderCSV()
        #expect(csv.hasPrefix("Action,Issue,Summary,Priority,Severity,Pillars,Labels,Group,Description\r\n"))
        // Every record has nine fields once quotes are honoured.
        var records: [[String]] = []
        var field = "", record: [String] = [], quoted = false
        var characters = Array(csv)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                } else { field.append(character) }
            } else if character == "\"" { quoted = true }
            else if character == "," { record.append(field); field = "" }
            else if character == "\r\n" || character == "\n" { record.append(field); records.append(record); record = []; field = "" }
            else { field.append(character) }
        }
        #expect(records.count == 4)
        #expect(records.allSatisfy { $0.count == 9 })
        #expect(records[1][3] == "Highest" && records[3][3] == "Medium")
        #expect(records[3][8].contains("aws_s3_bucket_versioning"), "the description carries the remediation")
    }

    @Test func markdownAndTextNameEveryIssue() {
        let markdown = plan.renderMarkdown(repository: nil)
        #expect(markdown.contains("| create |  | critical | security | RDS instance is publicly accessible: aws\\_db\\_instance.main |"))
        #expect(markdown.components(separatedBy: "<details>").count - 1 >= 3)
        let text = plan.renderText(repository: "acme/app")
        #expect(text.hasPrefix("Issue plan for acme/app: create 3, update 0, close 0, reopen 0, unchanged 0"))
        #expect(text.contains("  create  [critical] RDS instance is publicly accessible: aws_db_instance.main"))
        let json = plan.renderJSON(repository: nil)
        let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect((object?["summary"] as? [String: Any])?["create"] as? Int == 3)
    }

    @Test func groupBodiesListEveryPlaceAndStayUnderGitHubsLimit() {
        let many = (0..<2000).map { Samples.versioning("env\($0)") }
        let body = MarkdownReporter().renderGroup(many)
        #expect(body.count <= 60_000)
        #expect(body.contains("more places (see the full report)"))
        #expect(body.contains("Fingerprints: ") && body.contains("more (see the full report)"), "fingerprints are counted past a budget")
        let suppressed = MarkdownReporter().renderGroup(many.map { Samples.suppressed($0) })
        #expect(suppressed.count <= 60_000 && suppressed.contains("more suppressed"))
        let small = MarkdownReporter().renderGroup([Samples.versioning("prd"), Samples.suppressed(Samples.versioning("stg"))])
        #expect(small.contains("- Suppressed at"))
        #expect(small.contains("Fingerprints: "))
        #expect(MarkdownReporter().renderGroup([Samples.secret()]) == MarkdownReporter().renderGroup([Samples.secret()]), "deterministic")
    }

    @Test func aSecretIncidentListsEveryPlaceAndItsConfidence() {
        var secret = Samples.secret()
        secret.otherLocations = [Location(path: "deploy/prd.env", line: 9), Location(path: "README.md", line: 40)]
        secret.confidence = .high
        secret.reason = "AKIA prefix and length"
        let body = MarkdownReporter().renderGroup([secret])
        #expect(body.contains("**Where** (3 places)"))
        #expect(body.contains("- `deploy/prd.env:9`") && body.contains("- `README.md:40`"))
        #expect(body.contains("Confidence: high (AKIA prefix and length)"))
        let draft = IssueDraft(group: IssueGroup.groups([secret])[0])
        var moved = secret
        moved.otherLocations = [Location(path: "deploy/prd.env", line: 9)]
        #expect(IssueDraft(group: IssueGroup.groups([moved])[0]).contentDigest != draft.contentDigest, "a place more or less updates the issue")
    }

    @Test func titlesFitGitHubsLimit() {
        var finding = Samples.versioning("prd", bucket: "aws_s3_bucket." + String(repeating: "x", count: 400))
        finding.title = "S3 bucket versioning is not enabled"
        let draft = IssueDraft(group: IssueGroup.groups([finding])[0])
        #expect(draft.title.count <= 256)
    }
}
