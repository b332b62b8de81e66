import AnshinCore
@testable import AnshinReports
import AnshinTesting
import Foundation
import Testing

@Suite struct JSONReporterTests {
    @Test(arguments: [false, true])
    func goldenAndValidAgainstTheDocumentedSchema(_ showSuppressed: Bool) {
        let json = JSONReporter().render(SampleReport.make(showSuppressed: showSuppressed))
        #expect(Golden.mismatch(json, name: showSuppressed ? "sample-suppressed.json" : "sample.json",
                                directory: Golden.fixtures("golden")) == nil)
        #expect(SchemaValidation.errors(in: json, schema: SchemaValidation.reportSchema, draft: .draft202012) == [])
    }

    @Test func emptyReportIsValid() {
        let json = JSONReporter().render(Report(target: ".", generatedAt: "2026-11-27T09:00:00Z", findings: []))
        #expect(SchemaValidation.errors(in: json, schema: SchemaValidation.reportSchema, draft: .draft202012) == [])
        #expect(json.contains("\"passed\" : true"))
    }

    @Test func summaryCountsAndSuppressedFindingsRoundTrip() throws {
        let report = SampleReport.make(showSuppressed: true)
        let data = Data(JSONReporter().render(report).utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["total"] as? Int == 6)
        #expect(summary["suppressed"] as? Int == 1)
        #expect(summary["failing"] as? Int == 3)
        #expect(summary["passed"] as? Bool == false)
        #expect((summary["byPillar"] as? [String: [String: Int]])?["cost"] == ["low": 1, "info": 1])

        struct Document: Decodable { var findings: [Finding] }
        let decoded = try JSONDecoder().decode(Document.self, from: data)
        #expect(decoded.findings == report.findings, "every field survives a round trip")
    }

    @Test func theSchemaRejectsWhatItShould() {
        var broken = SampleReport.make()
        broken.findings[0].fingerprint = "not-hex"
        let errors = SchemaValidation.errors(in: JSONReporter().render(broken), schema: SchemaValidation.reportSchema,
                                             draft: .draft202012)
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("/findings/0/fingerprint") == true)
    }
}
