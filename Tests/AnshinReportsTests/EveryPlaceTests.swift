import AnshinCore
import AnshinTesting
import Foundation
import Testing

@testable import AnshinReports

/// A finding found in many places (one secret in many files and commits) keeps every place in
/// every machine format, and files are named from the repository root.
struct EveryPlaceTests {
    static let schema = Golden.fixtures("sarif-schema-2.1.0.json")

    /// The 40-digit commit id of place `index`, distinct in its first 12 digits.
    static func commit(_ index: Int) -> String {
        let hex = String(0xabc000 + index, radix: 16)
        return hex + String(repeating: "0", count: 40 - hex.count)
    }

    /// A secret incident in `count` places, each in its own commit with its author and date.
    static func incident(places count: Int) -> Finding {
        let places = (0..<count).map { index in
            let day = index % 28 + 1
            return Location(path: "config/service-\(index).env", line: index + 2, column: 14, endLine: index + 2,
                            commit: commit(index), author: "Dev \(index) <dev\(index)@acme.example>",
                            date: "2025-03-\(day < 10 ? "0" : "")\(day)T10:00:00Z")
        }
        return Finding(ruleID: "secret-github-pat", title: "GitHub personal access token",
                       message: "GitHub personal access token in config/service-0.env:2. Also in \(count - 1) other places, each listed with the finding.",
                       severity: .critical, pillars: [.security], location: places[0],
                       evidence: "GITHUB_TOKEN=ghp_" + Redaction.marker, remediation: "Revoke the token.",
                       fingerprint: String(repeating: "ab", count: 16), confidence: .high,
                       otherLocations: Array(places.dropFirst()))
    }

    static func report(_ findings: [Finding], sourceRoot: SourceRoot? = nil) -> Report {
        Report(target: "services/api", generatedAt: "2026-11-27T09:00:00Z", findings: findings, sourceRoot: sourceRoot)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func sarifResult(_ text: String) throws -> (run: [String: Any], result: [String: Any]) {
        let run = try #require((try json(text)["runs"] as? [[String: Any]])?.first)
        let result = try #require((run["results"] as? [[String: Any]])?.first)
        return (run, result)
    }

    /// `uri` and region of a SARIF location, as `uri:line:column`.
    static func place(_ location: [String: Any]) -> String {
        let physical = location["physicalLocation"] as? [String: Any] ?? [:]
        let uri = (physical["artifactLocation"] as? [String: Any])?["uri"] as? String ?? "?"
        let region = physical["region"] as? [String: Any] ?? [:]
        return "\(uri):\(region["startLine"] as? Int ?? 0):\(region["startColumn"] as? Int ?? 0)"
    }

    @Test func twentyPlacesReachTheJSONReport() throws {
        let finding = Self.incident(places: 20)
        let text = JSONReporter().render(Self.report([finding]))
        #expect(SchemaValidation.errors(in: text, schema: SchemaValidation.reportSchema, draft: .draft202012) == [])
        let listed = try #require((try Self.json(text)["findings"] as? [[String: Any]])?.first)
        let others = try #require(listed["otherLocations"] as? [[String: Any]])
        #expect(others.count == 19)
        let all = [try #require(listed["location"] as? [String: Any])] + others
        for (index, place) in all.enumerated() {
            #expect(place["path"] as? String == "config/service-\(index).env")
            #expect(place["line"] as? Int == index + 2)
            #expect(place["column"] as? Int == 14)
            #expect(place["commit"] as? String == Self.commit(index))
            #expect(place["author"] as? String == "Dev \(index) <dev\(index)@acme.example>")
            #expect((place["date"] as? String)?.hasPrefix("2025-03-") == true)
        }
    }

    @Test func twentyPlacesReachSARIFAsLocationsAndRelatedLocations() throws {
        let text = SARIFReporter().render(Self.report([Self.incident(places: 20)]))
        #expect(SARIFValidation.errors(in: text, schema: Self.schema) == [])
        let (_, result) = try Self.sarifResult(text)
        let locations = try #require(result["locations"] as? [[String: Any]])
        let related = try #require(result["relatedLocations"] as? [[String: Any]])
        #expect(locations.count == 1)
        #expect(related.count == 19)
        let places = (locations + related).map(Self.place)
        #expect(places == (0..<20).map { "config/service-\($0).env:\($0 + 2):14" })
        #expect(Set(related.compactMap { $0["id"] as? Int }) == Set(1...19), "related locations have distinct ids")
        let third = try #require(related[1]["message"] as? [String: Any])
        #expect(third["text"] as? String
            == "Place 3 of 20: config/service-2.env:4 in commit abc002000000 by Dev 2 <dev2@acme.example> on 2025-03-03T10:00:00Z")
        let properties = try #require(related[1]["properties"] as? [String: Any])
        #expect(properties["author"] as? String == "Dev 2 <dev2@acme.example>")
        #expect(properties["commit"] as? String == Self.commit(2))
        #expect((result["properties"] as? [String: Any])?["placeCount"] as? Int == 20)
        #expect((result["properties"] as? [String: Any])?["placesNotListed"] == nil)
    }

    /// GitHub keeps 100 locations per alert and rejects a result with more than 1,000: SARIF
    /// lists 100 places and counts the rest, the JSON report still lists every one.
    @Test func placesBeyondGitHubsLimitAreCountedInSARIFAndListedInJSON() throws {
        let finding = Self.incident(places: 1_250)
        let sarif = SARIFReporter().render(Self.report([finding]))
        #expect(SARIFValidation.errors(in: sarif, schema: Self.schema) == [])
        let (_, result) = try Self.sarifResult(sarif)
        let listed = (result["locations"] as? [Any] ?? []).count + (result["relatedLocations"] as? [Any] ?? []).count
        #expect(listed == 100)
        let properties = try #require(result["properties"] as? [String: Any])
        #expect(properties["placeCount"] as? Int == 1_250)
        #expect(properties["placesNotListed"] as? Int == 1_150)
        let message = try #require((result["message"] as? [String: Any])?["text"] as? String)
        #expect(message.contains("1150 more are listed in the JSON report"))

        let json = try Self.json(JSONReporter().render(Self.report([finding])))
        let others = (json["findings"] as? [[String: Any]])?.first?["otherLocations"] as? [Any]
        #expect(others?.count == 1_249)
    }

    @Test func everyPlaceReachesJUnitAndMarkdownWithoutEllipsis() throws {
        let report = Self.report([Self.incident(places: 20)])
        let junit = JUnitReporter().render(report)
        let markdown = MarkdownReporter().render(report)
        for index in 1..<20 {
            #expect(junit.contains("- config/service-\(index).env:\(index + 2):14 in commit \(Self.commit(index))"))
            #expect(markdown.contains("- `config/service-\(index).env:\(index + 2):14` in commit `\(Self.commit(index).prefix(12))`"))
        }
        #expect(junit.contains("Other places (19):"))
        #expect(markdown.contains("<summary>Also at 19 other places</summary>"))
        for (name, text) in [("json", JSONReporter().render(report)), ("sarif", SARIFReporter().render(report)),
                             ("junit", junit), ("markdown", markdown)] {
            #expect(!text.replacingOccurrences(of: Redaction.marker, with: "").contains("…"), "\(name) cuts a list short")
        }
    }

    /// A scan of a subfolder names files from the repository root, and says where that root is.
    @Test func sarifURIsAreRelativeToTheRepositoryRoot() throws {
        let root = SourceRoot(uri: "file:///src/acme", prefix: "services/api")
        let text = SARIFReporter().render(Self.report([Self.incident(places: 3)], sourceRoot: root))
        #expect(SARIFValidation.errors(in: text, schema: Self.schema) == [])
        let (run, result) = try Self.sarifResult(text)
        let base = try #require((run["originalUriBaseIds"] as? [String: Any])?["%SRCROOT%"] as? [String: Any])
        #expect(base["uri"] as? String == "file:///src/acme/")
        let locations = (result["locations"] as? [[String: Any]] ?? []) + (result["relatedLocations"] as? [[String: Any]] ?? [])
        #expect(locations.map(Self.place) == (0..<3).map { "services/api/config/service-\($0).env:\($0 + 2):14" })
        for location in locations {
            let artifact = (location["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any]
            #expect(artifact?["uriBaseId"] as? String == "%SRCROOT%")
        }
    }

    @Test func theSourceRootIsTheTopOfTheWorkTree() throws {
        let fixture = try GitFixture()
        try fixture.write("services/api/main.tf", "")
        let inner = SourceRoot.locate(fixture.url.appendingPathComponent("services/api"))
        #expect(inner.prefix == "services/api/")
        #expect(inner.uri.hasPrefix("file:///") && inner.uri.hasSuffix("/"))
        #expect(URL(string: inner.uri)?.resolvingSymlinksInPath().path == fixture.url.resolvingSymlinksInPath().path)
        #expect(inner.path("./main.tf") == "services/api/main.tf")
        #expect(SourceRoot.locate(fixture.url).prefix == "")

        let outside = try TemporaryDirectory()
        let alone = SourceRoot.locate(outside.url)
        #expect(alone.prefix == "", "outside a repository the folder is its own root")
        #expect(URL(string: alone.uri)?.resolvingSymlinksInPath().path == outside.url.resolvingSymlinksInPath().path)
    }
}
