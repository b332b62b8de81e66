import AnshinCore
@testable import AnshinRibbon
import AnshinTesting
import Foundation
import Testing

@Suite struct RibbonPlanTests {
    static func plan(_ name: String) throws -> RibbonPlan {
        let text = try String(contentsOf: Golden.fixtures("catalogs", name), encoding: .utf8)
        return try RibbonPlan(catalog: EnvironmentCatalog.parse(text, file: "anshin.yml"))
    }

    @Test func defaultsComeFromTheEnvironment() throws {
        let catalog = try EnvironmentCatalog.parse("""
            environments:
              prd: { urls: ["https://app.acme.example"] }
              staging: { urls: ["https://staging.acme.example"] }
              eu-stg: { urls: ["https://eu.stg.acme.example"] }
              dev: { urls: ["https://dev.acme.example"] }
              qa: { urls: ["https://qa.acme.example"], ribbon: { label: Q&A } }
              sandbox: { urls: ["https://sandbox.acme.example"], ribbon: { color: "#455a64" } }
            """, file: "anshin.yml")
        let plan = try RibbonPlan(catalog: catalog)
        let looks = Dictionary(uniqueKeysWithValues: plan.entries.map { ($0.environment, $0.appearance!) })
        #expect(looks["prd"]?.label == "PRD")
        #expect(looks["prd"]?.color == RibbonPlan.productionColor, "prd is production by its name, so red")
        #expect(looks["staging"]?.color == RibbonPlan.stagingColor)
        #expect(looks["eu-stg"]?.color == RibbonPlan.stagingColor)
        #expect(looks["qa"]?.label == "Q&A")
        #expect(looks["sandbox"]?.color.hex == "#455a64")
        #expect(looks["dev"]?.color.hex == "#5d4037", "the first neutral colour is taken by sandbox, so dev gets the next")
        #expect(looks["qa"]?.color.hex == "#37474f")
        #expect(looks["dev"]?.defaultedColor == true && looks["sandbox"]?.defaultedColor == false)
        #expect(looks.values.allSatisfy { $0.textColor == $0.color.readableText })
        #expect(plan.name == "Environment ribbon")
    }

    @Test func theMostSpecificRuleWins() throws {
        let plan = try Self.plan("full.yml")
        func environment(_ url: String) -> String? { plan.entry(for: URL(string: url)!)?.environment }
        #expect(environment("https://app.acme.example/orders") == "prd")
        #expect(environment("https://app.acme.example/ops") == "ops", "a longer path beats the whole host")
        #expect(environment("https://app.acme.example/ops/queues") == "ops")
        #expect(environment("https://app.acme.example/opsx") == "prd")
        #expect(environment("https://api.acme.example/console/keys") == "prd")
        #expect(environment("https://api.acme.example/") == nil)
        #expect(environment("https://x.stg.acme.example/") == "stg")
        #expect(environment("https://demo.stg.acme.example/") == "demo", "an exact host beats a wildcard")
        #expect(plan.entry(for: URL(string: "https://demo.stg.acme.example/")!)?.appearance == nil, "and demo is hidden")
        #expect(environment("http://localhost:3000/") == "dev")
        #expect(environment("http://localhost:3001/") == nil)
        #expect(environment("http://dev.acme.example:8080/app/x") == "dev")
        #expect(environment("https://www.example.com/") == nil)
        #expect(plan.name == "Acme environments")
    }

    @Test func theTitlePrefixIsOptIn() throws {
        let plan = try Self.plan("full.yml")
        let prefixes = Dictionary(uniqueKeysWithValues: plan.entries.map { ($0.environment, $0.appearance?.titlePrefix) })
        #expect(prefixes["prd"] == .some("[PRD]"))
        #expect(prefixes["stg"] == .some("[STG]"))
        #expect(prefixes["qa"] == .some(nil))
    }
}
