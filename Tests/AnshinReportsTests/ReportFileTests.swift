import AnshinCore
import AnshinReports
import AnshinTesting
import Foundation
import Testing

/// A JSON report read back (`issues sync --from`, `--baseline`): what it says when it cannot.
@Suite struct ReportFileTests {
    @Test func unreadableReportsAreNamedInWords() throws {
        let folder = try TemporaryDirectory()
        let missing = folder.url.appendingPathComponent("nothing.json").path
        for (path, words) in [(missing, "no such file or folder"), (folder.path, "it is a folder")] {
            #expect {
                _ = try ReportFile.read(path)
            } throws: { error in
                let text = "\(error)"
                return text.contains(path) && text.contains(words) && !text.contains("Domain") && !text.contains("errno")
            }
            #expect {
                _ = try Baseline.fingerprints(in: path)
            } throws: { error in
                let text = "\(error)"
                return text.contains(words) && !text.contains("Domain") && !text.contains("errno")
            }
        }
    }

    /// A file that is JSON but not a report says where it differs, never dumps the decoder's error.
    @Test func notAReportSaysWhatIsMissing() throws {
        let folder = try TemporaryDirectory()
        let file = try folder.write("other.json", #"{"schemaVersion": 1, "findings": [{"id": 3}]}"#)
        for describe in [{ (path: String) throws -> Void in _ = try ReportFile.read(path) },
                         { (path: String) throws -> Void in _ = try Baseline.fingerprints(in: path) }] {
            #expect {
                try describe(file.path)
            } throws: { error in
                let text = "\(error)"
                return text.contains("not an anshin JSON report") && text.contains("findings.0")
                    && !text.contains("DecodingError") && !text.contains("CodingKeys")
            }
        }
    }

    /// What a run covered and where each finding comes from travel in the JSON report, valid
    /// against the documented schema, and are read back; a report without them reads as before.
    @Test func coverageAndSourcesRoundTrip() throws {
        let finding = Finding(ruleID: "s3-bucket-versioning", title: "S3 bucket versioning is not enabled", severity: .medium,
                              pillars: [.reliability], resource: Resource(kind: "aws_s3_bucket", identifier: "aws_s3_bucket.logs"),
                              remediation: "Enable versioning.").from("terraform")
        let coverage = Coverage(sources: ["terraform", "secrets"], accounts: ["111111111111"], organizations: ["acme"])
        let json = JSONReporter().render(Report(target: ".", generatedAt: "2026-11-27T09:00:00Z", findings: [finding], coverage: coverage))
        #expect(SchemaValidation.errors(in: json, schema: SchemaValidation.reportSchema, draft: .draft202012) == [])
        let folder = try TemporaryDirectory()
        let file = try folder.write("report.json", json)
        let read = try ReportFile.read(file.path)
        #expect(read.coverage == coverage)
        #expect(read.findings.map(\.source) == ["terraform"])

        let plain = JSONReporter().render(Report(target: ".", generatedAt: "2026-11-27T09:00:00Z", findings: []))
        #expect(!plain.contains("coverage"))
        #expect(try ReportFile.read(try folder.write("plain.json", plain).path).coverage == nil)
    }

    /// A report written without --show-suppressed counts suppressed findings it does not list.
    @Test func suppressedFindingsLeftOutAreCounted() throws {
        let folder = try TemporaryDirectory()
        let without = try folder.write("r.json", #"{"schemaVersion": 1, "summary": {"suppressed": 2}, "findings": [], "notes": []}"#)
        #expect(try ReportFile.read(without.path).suppressedLeftOut == 2)
        let plain = try folder.write("p.json", #"{"schemaVersion": 1, "findings": []}"#)
        #expect(try ReportFile.read(plain.path).suppressedLeftOut == 0)
    }
}
