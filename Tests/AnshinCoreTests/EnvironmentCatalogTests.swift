@testable import AnshinCore
import AnshinTesting
import Foundation
import Testing

@Suite struct EnvironmentCatalogTests {
    @Test func parsesEveryFieldInOrder() throws {
        let text = try String(contentsOf: Golden.fixtures("catalog", "valid", "full.yml"), encoding: .utf8)
        let catalog = try EnvironmentCatalog.parse(text, file: "anshin.yml")
        #expect(catalog.project == "acme")
        #expect(catalog.environments.map(\.name) == ["prd", "stg", "demo", "sandbox"])
        let prd = try #require(catalog["prd"])
        #expect(prd.production)
        #expect(prd.aws == AWSTarget(profile: "acme-prd", account: "111111111111",
                                     regions: ["ap-northeast-1", "us-east-1"], role: "OrganizationAccountAccessRole"))
        #expect(prd.terraform == TerraformTarget(dir: ".", vars: "prd.tfvars", backend: "prd.tfbackend"))
        #expect(prd.urls == ["https://app.acme.example"])
        #expect(prd.ribbon == .shown(RibbonStyle(label: "PRODUCTION", color: "#c62828")))
        let stg = try #require(catalog["stg"])
        #expect(!stg.production)
        #expect(stg.aws?.regions == ["ap-northeast-1"], "a single region is a list of one")
        #expect(stg.terraform == TerraformTarget(dir: "stacks/app", vars: "stg.tfvars", backend: nil))
        #expect(stg.urls == ["https://stg.acme.example"])
        #expect(stg.ribbon == .shown(RibbonStyle(label: "STAGING", titlePrefix: "[STG]")),
                "an unset colour stays unset: the extension picks it by name")
        #expect(catalog["demo"]?.ribbon == .hidden(reason: nil))
        #expect(catalog["sandbox"] == Environment(name: "sandbox"), "an empty entry is an environment with defaults")
        #expect(catalog.origin == .file("anshin.yml"))
        #expect(catalog.ribbon == RibbonSettings(name: "Acme environments", updateURL: "https://it.acme.example/ribbon/updates.xml"))
    }

    @Test(arguments: ExpectedErrorCase.all(in: "catalog/invalid"))
    func malformedCatalogNamesFileLineAndField(_ fixture: ExpectedErrorCase) {
        #expect(throws: ConfigurationError.self) { try EnvironmentCatalog.parse(fixture.text, file: "anshin.yml") }
        do {
            _ = try EnvironmentCatalog.parse(fixture.text, file: "anshin.yml")
        } catch {
            #expect(error.description == fixture.expected)
        }
    }

    @Test func ribbonFieldsAndExtensionSettings() throws {
        let text = """
            project: acme
            ribbon: { name: Acme ribbon, update_url: "https://it.acme.example/ribbon/updates.xml", firefox_id: ribbon@acme.example }
            environments:
              prd:
                ribbon: { hidden: true, reason: the wall screens in the office show production }
              stg:
                ribbon: { color: "#333", text: "#ffffff", title: true }
              dev:
                ribbon: { title: "(dev)" }
              qa:
                ribbon: {}
            """
        let catalog = try EnvironmentCatalog.parse(text, file: "anshin.yml")
        #expect(catalog.ribbon == RibbonSettings(name: "Acme ribbon", updateURL: "https://it.acme.example/ribbon/updates.xml",
                                                 firefoxID: "ribbon@acme.example"))
        #expect(catalog["prd"]?.ribbon == .hidden(reason: "the wall screens in the office show production"))
        #expect(catalog["stg"]?.ribbon == .shown(RibbonStyle(color: "#333", textColor: "#ffffff", titlePrefix: "[STG]")),
                "title: true prefixes the upper-cased environment name")
        #expect(catalog["dev"]?.ribbon == .shown(RibbonStyle(titlePrefix: "(dev)")))
        #expect(catalog["qa"]?.ribbon == .shown(RibbonStyle()), "an empty mapping is an explicit ribbon with defaults")
        #expect(try EnvironmentCatalog.parse("environments: {}\n", file: "anshin.yml").ribbon == RibbonSettings())
    }

    @Test func unquotedAccountKeepsItsDigits() throws {
        let catalog = try EnvironmentCatalog.parse("environments:\n  prd:\n    aws: { account: 012345678901 }\n", file: "anshin.yml")
        #expect(catalog["prd"]?.aws?.account == "012345678901")
    }

    @Test func emptyFileIsAnError() {
        #expect(throws: ConfigurationError(path: "anshin.yml", message: "the file is empty; it needs at least \"environments:\"")) {
            try EnvironmentCatalog.parse("# nothing yet\n", file: "anshin.yml")
        }
    }

    @Test func infersEnvironmentsFromPairs() throws {
        let root = try TemporaryDirectory()
        for name in ["prd.tfvars", "prd.tfbackend", "stg.tfvars", "stg.tfbackend", "dev.tfvars",
                     "terraform.tfvars", "terraform.tfbackend", "main.tf", "qa.tfbackend"] {
            try root.write(name, "")
        }
        let catalog = try EnvironmentCatalog.load(root: root.url)
        #expect(catalog.origin == .inferred)
        #expect(catalog.environments.map(\.name) == ["prd", "stg"], "only complete pairs, never terraform.tfvars")
        #expect(catalog["prd"]?.production == true)
        #expect(catalog["stg"]?.production == false)
        #expect(catalog["stg"]?.terraform == TerraformTarget(vars: "stg.tfvars", backend: "stg.tfbackend"))
    }

    @Test func loadChecksThatTerraformFilesExist() throws {
        let root = try TemporaryDirectory()
        try root.write("anshin.yml", "environments:\n  prd:\n    terraform: { dir: infra, vars: prd.tfvars }\n")
        #expect(throws: ConfigurationError(path: "anshin.yml", field: "environments.prd.terraform",
                                           message: "infra/prd.tfvars does not exist")) {
            try EnvironmentCatalog.load(root: root.url)
        }
        try root.write("infra/prd.tfvars", "")
        #expect(try EnvironmentCatalog.load(root: root.url)["prd"]?.terraform?.dir == "infra")
    }

    @Test func regionNames() {
        for valid in ["us-east-1", "ap-northeast-1", "us-gov-west-1", "eu-central-2", "il-central-1"] {
            #expect(AWSTarget.isValidRegion(valid), "\(valid)")
        }
        for invalid in ["tokyo", "us-east", "US-EAST-1", "us--1", "us-east-1a", ""] {
            #expect(!AWSTarget.isValidRegion(invalid), "\(invalid)")
        }
    }

    /// Mutated catalogs either parse or fail with a located ConfigurationError; nothing crashes.
    @Test func mutatedCatalogsNeverCrash() throws {
        let text = try String(contentsOf: Golden.fixtures("catalog", "valid", "full.yml"), encoding: .utf8)
        var random = SplitMix64(seed: 0xA115)
        let alphabet = Array("{}[]:,-#\"'!&*|> \n\tprd0xyz\u{0}é")
        for _ in 0..<600 {
            var characters = Array(text)
            for _ in 0..<Int(random.next() % 4 + 1) {
                let index = Int(random.next() % UInt64(characters.count))
                switch random.next() % 3 {
                case 0: characters[index] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                case 1: characters.remove(at: index)
                default: characters.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: index)
                }
            }
            do {
                _ = try EnvironmentCatalog.parse(String(characters), file: "anshin.yml")
            } catch {
                #expect(error.path == "anshin.yml")
                #expect(!error.message.isEmpty)
            }
        }
    }
}

@Suite struct CustomSecretRuleParsingTests {
    @Test func parsesTheTeamsOwnRules() throws {
        let text = """
        environments:
          prd: {}
        secrets:
          rules:
            - id: acme-internal-token
              title: Acme internal API token
              pattern: 'acme_[a-z0-9]{32}'
              severity: high
              keywords: [acme]
              entropy: 3.5
              samples: ["ACME_TOKEN=sample"]
              negatives: ["nothing"]
              remediation: Rotate it in the admin console.
        """
        let rules = try EnvironmentCatalog.parse(text, file: "anshin.yml").secretRules
        #expect(rules == [CustomSecretRule(id: "acme-internal-token", title: "Acme internal API token", pattern: "acme_[a-z0-9]{32}",
                                           severity: .high, keywords: ["acme"], minimumEntropy: 3.5, samples: ["ACME_TOKEN=sample"],
                                           negatives: ["nothing"], remediation: "Rotate it in the admin console.", line: 5)])
    }

    @Test func duplicateIDsAreRefused() {
        let rule = "    - { id: a, title: t, pattern: p, severity: low, samples: [s] }\n"
        #expect(throws: ConfigurationError.self) {
            try EnvironmentCatalog.parse("environments: {}\nsecrets:\n  rules:\n" + rule + rule, file: "anshin.yml")
        }
    }
}
