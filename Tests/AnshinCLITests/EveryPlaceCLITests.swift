import AnshinCore
import AnshinSecrets
import AnshinTesting
import Foundation
import Testing

/// One secret committed in 20 places of a subfolder, scanned end to end: every place, with its
/// commit, author and date, reaches the JSON report and SARIF, and SARIF names files from the
/// repository root.
@Suite struct EveryPlaceCLITests {
    static let token = SampleGenerator(seed: "every-place").crc32Token(prefix: "gh" + "p_")

    func anshin(_ arguments: [String], in directory: URL) throws -> CommandResult {
        try Command.run(Command.anshinBinary, arguments, in: directory,
                        environment: ["SOURCE_DATE_EPOCH": "1795770000", "NO_COLOR": "1"])
    }

    /// 20 files under `services/api/config/`, each added in its own commit by its own author,
    /// the token on a different line of each.
    static func repository() throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.write("README.md", "# acme\n")
        try fixture.commit("init")
        for index in 0..<20 {
            let padding = String(repeating: "# setting\n", count: index)
            try fixture.write("services/api/config/service-\(index).env", padding + "GITHUB_TOKEN=\(token)\n")
            let day = index + 1
            try fixture.commit("add service \(index)", date: "2025-03-\(day < 10 ? "0" : "")\(day)T10:00:00Z",
                               author: "Dev \(index) <dev\(index)@acme.example>")
        }
        return fixture
    }

    @Test func aTwentyPlaceIncidentKeepsEveryPlaceInJSONAndSARIF() throws {
        let fixture = try Self.repository()
        let json = try anshin(["secrets", "scan", "--history", "services/api", "--format", "json"], in: fixture.url)
        #expect(json.status == 1, "\(json.stderr)")
        #expect(!json.stdout.contains(Self.token))
        #expect(SchemaValidation.errors(in: json.stdout, schema: SchemaValidation.reportSchema, draft: .draft202012) == [])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(findings.count == 1, "one secret is one incident")
        let finding = try #require(findings.first)
        let places = [try #require(finding["location"] as? [String: Any])] + (finding["otherLocations"] as? [[String: Any]] ?? [])
        #expect(places.count == 20)
        let byPath = Dictionary(places.map { ($0["path"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        for index in 0..<20 {
            let place = try #require(byPath["config/service-\(index).env"], "place \(index)")
            #expect(place["line"] as? Int == index + 1)
            #expect((place["commit"] as? String)?.count == 40)
            #expect(place["author"] as? String == "Dev \(index) <dev\(index)@acme.example>", "place \(index)")
            #expect((place["date"] as? String)?.hasPrefix("2025-03-") == true, "place \(index)")
        }
        let message = try #require(finding["message"] as? String)
        #expect(message.contains("Also in 19 other places"))
        #expect(!json.stdout.replacingOccurrences(of: Redaction.marker, with: "").contains("…"), "nothing is cut short")

        let sarif = try anshin(["secrets", "scan", "--history", "services/api", "--format", "sarif"], in: fixture.url)
        #expect(sarif.status == 1)
        #expect(SARIFValidation.errors(in: sarif.stdout) == [])
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let result = try #require((run["results"] as? [[String: Any]])?.first)
        let locations = (result["locations"] as? [[String: Any]] ?? []) + (result["relatedLocations"] as? [[String: Any]] ?? [])
        let uris = locations.compactMap {
            (($0["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])?["uri"] as? String
        }
        #expect(Set(uris) == Set((0..<20).map { "services/api/config/service-\($0).env" }), "from the repository root")
        let base = (run["originalUriBaseIds"] as? [String: Any])?["%SRCROOT%"] as? [String: Any]
        let root = try #require(base?["uri"] as? String)
        #expect(URL(string: root)?.resolvingSymlinksInPath().path == fixture.url.resolvingSymlinksInPath().path)
    }
}
