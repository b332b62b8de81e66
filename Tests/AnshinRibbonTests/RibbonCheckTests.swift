import AnshinCore
@testable import AnshinRibbon
import AnshinTesting
import Foundation
import Testing

/// A catalog under `Fixtures/check/` with the findings it must give, one `# expect: RULE ENV` line
/// each (or `# expect: nothing`).
struct CheckFixture: CustomTestStringConvertible, Sendable {
    let name: String
    let text: String
    let expected: Set<String>

    var testDescription: String { name }

    static func all() -> [CheckFixture] {
        let folder = Golden.fixtures("check")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yml") }.sorted().compactMap { name in
            guard let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else { return nil }
            let expected = text.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("# expect: ") else { return nil }
                let value = String(line.dropFirst("# expect: ".count))
                return value == "nothing" ? nil : value
            }
            return CheckFixture(name: name, text: text, expected: Set(expected))
        }
    }
}

@Suite struct RibbonCheckTests {
    @Test func everyFixtureSaysWhatItExpects() {
        let fixtures = CheckFixture.all()
        #expect(fixtures.count >= 10)
        for fixture in fixtures {
            #expect(fixture.text.contains("# expect: "), "\(fixture.name) has no expectation")
        }
        let covered = Set(fixtures.flatMap { $0.expected.map { String($0.split(separator: " ")[0]) } })
        #expect(covered.isSuperset(of: RibbonCheck.rules.map(\.id).filter { $0 != RibbonCheck.staleLock.id }),
                "every rule but the lock's has a fixture that fires it")
    }

    @Test(arguments: CheckFixture.all())
    func fixture(_ fixture: CheckFixture) throws {
        let catalog = try EnvironmentCatalog.parse(fixture.text, file: "anshin.yml")
        let findings = try RibbonCheck.evaluate(catalog)
        #expect(Set(findings.map { "\($0.ruleID) \($0.resource?.environment ?? "-")" }) == fixture.expected)
        #expect(findings.count == fixture.expected.count, "one finding per expectation")
        for finding in findings {
            #expect(finding.pillars == [.opex])
            #expect(finding.location?.path == "anshin.yml")
            #expect(!finding.remediation.isEmpty && finding.message != nil)
        }
    }

    /// Mutated catalogs that still parse always give a plan, a check and an extension whose
    /// configuration is valid JSON: no input crashes the generator.
    @Test func mutatedCatalogsNeverCrashTheGenerator() throws {
        let text = try String(contentsOf: Golden.fixtures("catalogs", "full.yml"), encoding: .utf8)
        var random = SplitMix64(seed: 0x21B)
        let alphabet = Array("{}[]:,-#\"'*./ \nprd0xyz:8080\u{2028}<é")
        var generated = 0
        for _ in 0..<400 {
            var characters = Array(text)
            for _ in 0..<Int(random.next() % 3 + 1) {
                let index = Int(random.next() % UInt64(characters.count))
                switch random.next() % 3 {
                case 0: characters[index] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                case 1: characters.remove(at: index)
                default: characters.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: index)
                }
            }
            guard let catalog = try? EnvironmentCatalog.parse(String(characters), file: "anshin.yml"),
                  let plan = try? RibbonPlan(catalog: catalog) else { continue }
            _ = try RibbonCheck.evaluate(catalog)
            let manifest = ExtensionFiles.manifest(plan: plan, identity: .init(version: "1.0.0", firefoxID: "a@b"), flavor: .selfHosted)
            #expect(try JSONSerialization.jsonObject(with: Data(manifest.pretty.utf8)) is [String: Any], "the manifest is JSON")
            let configuration = RibbonScript.configuration(plan).compact
            #expect(try JSONSerialization.jsonObject(with: Data(configuration.utf8)) is [Any], "the script's environments are JSON")
            generated += 1
        }
        #expect(generated > 50, "many mutations still parse, so the generator is exercised")
    }

    @Test func lowContrastReportsTheRatio() throws {
        let catalog = try EnvironmentCatalog.parse(
            "environments:\n  stg:\n    urls: [\"https://stg.acme.example\"]\n    ribbon: { color: \"#ef6c00\", text: \"#ffffff\" }\n",
            file: "anshin.yml")
        let finding = try #require(try RibbonCheck.evaluate(catalog).first)
        #expect(finding.message?.contains("3.08:1") == true, "\(finding.message ?? "")")
        #expect(finding.evidence == "#ffffff on #ef6c00")
    }

    @Test func fingerprintsAreStableAndDistinct() throws {
        let text = try String(contentsOf: Golden.fixtures("check", "shared-default-color.yml"), encoding: .utf8)
        let first = try RibbonCheck.evaluate(EnvironmentCatalog.parse(text, file: "anshin.yml"))
        let second = try RibbonCheck.evaluate(EnvironmentCatalog.parse(text, file: "anshin.yml"))
        #expect(first.map(\.fingerprint) == second.map(\.fingerprint))
        #expect(Set(first.map(\.fingerprint)).count == first.count)
    }

    @Test func aURLTheRibbonCannotMatchIsAConfigurationError() throws {
        let catalog = try EnvironmentCatalog.parse("environments:\n  prd:\n    urls: [\"https://a.*.acme.example\"]\n", file: "anshin.yml")
        #expect(throws: ConfigurationError(path: "anshin.yml", field: "environments.prd.urls[0]",
                                           message: "the ribbon cannot match \"https://a.*.acme.example\": a wildcard may only open the host name, as in https://*.example.com")) {
            try RibbonCheck.evaluate(catalog)
        }
    }

    @Test func capabilityRunsOnlyWhereEnvironmentsHaveURLs() async throws {
        let folder = try TemporaryDirectory()
        let clock = try Clock.current()
        let without = try EnvironmentCatalog.parse("environments:\n  prd:\n    aws: { profile: p }\n", file: "anshin.yml")
        #expect(!RibbonCapability().applies(to: AssessmentContext(root: folder.url, catalog: without, clock: clock)))
        let text = try String(contentsOf: Golden.fixtures("check", "production-hidden.yml"), encoding: .utf8)
        let with = AssessmentContext(root: folder.url, catalog: try EnvironmentCatalog.parse(text, file: "anshin.yml"), clock: clock)
        #expect(RibbonCapability().applies(to: with))
        let result = try await Assessment.run([RibbonCapability()], context: with, suppressions: Suppressions())
        #expect(result.ran == ["ribbon"])
        #expect(result.findings.map(\.ruleID) == ["ribbon-production-hidden"])
    }
}
