import AnshinCore
import AnshinHCL
import AnshinTerraform
import AnshinTesting
import Foundation
import Testing
import Yams

/// `anshin tf doctor` on examples/acme, and on copies of it broken one way at a time.
@Suite struct DoctorTests {
    /// A copy of examples/acme to break.
    static func acmeCopy() throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory()
        let copy = try Command.run("cp", ["-R", LayoutTests.acme.path + "/.", folder.path])
        try #require(copy.status == 0, "\(copy.stderr)")
        return folder
    }

    static func examine(_ folder: TemporaryDirectory) throws -> TerraformDoctor.Examination {
        TerraformDoctor.examine(TerraformWorkspace(root: folder.url, catalog: try EnvironmentCatalog.load(root: folder.url)))
    }

    @Test func acmeKeepsItsPromises() throws {
        let examination = TerraformDoctor.examine(try LayoutTests.acmeWorkspace())
        #expect(examination.findings.isEmpty, "\(examination.findings.map(\.summary))")
        #expect(examination.notes.isEmpty)
        #expect(examination.stacks == [".", "datadog", "metabase"])
        #expect(examination.environments == ["prd", "stg", "demo"])
    }

    @Test func aMissingBackendFileInASubStack() throws {
        let folder = try Self.acmeCopy()
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("metabase/stg.tfbackend"))
        let findings = try Self.examine(folder).findings
        #expect(findings.map(\.ruleID) == ["tf-layout-missing-file"])
        #expect(findings[0].message == "metabase/ for stg has no stg.tfbackend")
        #expect(findings[0].location?.path == "metabase/stg.tfbackend")
    }

    @Test func twoEnvironmentsInOneState() throws {
        let folder = try Self.acmeCopy()
        let prd = try String(contentsOf: folder.url.appendingPathComponent("datadog/prd.tfbackend"), encoding: .utf8)
        try folder.write("datadog/stg.tfbackend", prd)
        let findings = try Self.examine(folder).findings
        let shared = try #require(findings.first { $0.ruleID == "tf-layout-shared-state" })
        #expect(shared.message == "prd, stg all keep the state of datadog/ in s3://acme-tfstate-prd/datadog/terraform.tfstate")
        #expect(shared.severity == .high)
    }

    @Test func unencryptedAndUnlockedState() throws {
        let folder = try Self.acmeCopy()
        try folder.write("demo.tfbackend", """
            bucket = "acme-tfstate-demo"
            key    = "acme/terraform.tfstate"
            region = "ap-northeast-1"
            """)
        try folder.write("metabase/prd.tfbackend", """
            bucket       = "acme-tfstate-prd"
            key          = "metabase/terraform.tfstate"
            encrypt      = true
            use_lockfile = true
            """)
        let findings = try Self.examine(folder).findings
        #expect(findings.map(\.ruleID).sorted() == ["tf-backend-no-locking", "tf-backend-unencrypted"])
        #expect(findings.allSatisfy { $0.location?.path == "demo.tfbackend" && $0.resource?.environment == "demo" })
    }

    @Test func secretsInVariableFilesAreFoundAndRedacted() throws {
        let folder = try Self.acmeCopy()
        let password = ["Xk9", "pQ2v", "Lm7wRt4z"].joined()
        let text = try String(contentsOf: folder.url.appendingPathComponent("stg.tfvars"), encoding: .utf8)
        try folder.write("stg.tfvars", text + "\ndb_master_password = \"\(password)\"\nslack_token = \"dummy\"\n")
        try folder.write("metabase/prd.tfvars",
                         try String(contentsOf: folder.url.appendingPathComponent("metabase/prd.tfvars"), encoding: .utf8)
                            + "\nsmtp_password = \"/acme/prd/smtp\"\nadmin_api_token = \"\(password)2\"\n")
        let findings = try Self.examine(folder).findings
        #expect(findings.map(\.ruleID) == ["tf-tfvars-secret", "tf-tfvars-secret"])
        let root = try #require(findings.first { $0.location?.path == "stg.tfvars" })
        #expect(root.message == "stg.tfvars sets db_master_password, and the variable is declared sensitive")
        #expect(root.location?.line == text.components(separatedBy: "\n").count + 1)
        #expect(root.evidence == "db_master_password = \"Xk9…[redacted]\"", "three of its fifteen characters: never more than a quarter")
        let metabase = try #require(findings.first { $0.location?.path == "metabase/prd.tfvars" })
        #expect(metabase.message == "metabase/prd.tfvars sets admin_api_token, and its name says it is a credential")
        for finding in findings { #expect(!(finding.evidence ?? "").contains(password)) }
    }

    @Test func wrapperScriptsThatAreCopiesOrBrokenLinks() throws {
        let folder = try Self.acmeCopy()
        let datadog = folder.url.appendingPathComponent("datadog/terraform.sh")
        try FileManager.default.removeItem(at: datadog)
        try FileManager.default.copyItem(at: folder.url.appendingPathComponent("terraform.sh"), to: datadog)
        let metabase = folder.url.appendingPathComponent("metabase/terraform.sh")
        try FileManager.default.removeItem(at: metabase)
        try FileManager.default.createSymbolicLink(atPath: metabase.path, withDestinationPath: "../old-terraform.sh")
        let findings = try Self.examine(folder).findings.filter { $0.ruleID == "tf-wrapper-not-symlinked" }
        #expect(findings.compactMap(\.message).sorted() == ["datadog/terraform.sh is a copy of the root's terraform.sh",
                                                     "metabase/terraform.sh is a broken link (to ../old-terraform.sh)"])
        try folder.write("datadog/terraform.sh", "#!/bin/sh\nterraform \"$@\" -var-file=$1.tfvars\n")
        let drifted = try Self.examine(folder).findings.first { $0.location?.path == "datadog/terraform.sh" }
        #expect(drifted?.message == "datadog/terraform.sh is a copy of the root's terraform.sh, and it has drifted from it")
    }

    @Test func everyRuleHasWhatAReportNeeds() {
        for rule in TerraformDoctor.Rule.allCases {
            #expect(rule.rawValue.allSatisfy { $0.isLowercase || $0 == "-" })
            #expect(!rule.title.isEmpty && !rule.remediation.isEmpty && !rule.pillars.isEmpty)
        }
    }
}

/// `anshin tf diff`: the demo environment's smaller specs, made visible.
@Suite struct VariableDiffTests {
    @Test func stagingAgainstProductionOnAcme() throws {
        let sections = try VariableDiff.compare(try LayoutTests.acmeWorkspace(), "stg", "prd")
        #expect(sections.map(\.label) == ["root module", "datadog/", "metabase/"])
        let root = try #require(sections.first)
        func row(_ name: String) -> VariableDiff.Row? { root.rows.first { $0.name == name } }
        #expect(row("app_cpu") == VariableDiff.Row(name: "app_cpu", left: "512", right: "1024"))
        #expect(row("db_multi_az") == VariableDiff.Row(name: "db_multi_az", left: "false", right: "true"))
        #expect(row("account_id")?.left == "\"222222222222\"")
        #expect(row("codebuild_compute_type")?.left.hasSuffix(" (default)") == true, "stg leaves it to the default")
        #expect(row("codebuild_compute_type")?.right == "\"BUILD_GENERAL1_LARGE\"")
        #expect(row("region") == nil, "equal values are not shown")
        #expect(row("db_master_password") == nil, "unset in both")
        let metabase = try #require(sections.last)
        #expect(metabase.rows.map(\.name).contains("metabase_version"))
        #expect(!metabase.rows.map(\.name).contains("office_cidrs"))
    }

    @Test func demoLacksTheSubStacks() throws {
        let sections = try VariableDiff.compare(try LayoutTests.acmeWorkspace(), "demo", "prd")
        #expect(sections.first { $0.label == "metabase/" }?.note == "only prd has this stack")
        let text = VariableDiff.render(sections, left: "demo", right: "prd")
        #expect(text.contains("  db_snapshot_identifier"))
        #expect(text.contains("metabase/"))
        #expect(text.contains("only prd has this stack"))
        let line = try #require(text.components(separatedBy: "\n").first { $0.hasPrefix("  app_memory") })
        #expect(line.replacingOccurrences(of: " +", with: " ", options: .regularExpression) == " app_memory 512 2048")
    }

    @Test func sensitiveValuesAreNeverShown() throws {
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", """
            variable "api_token" { type = string }
            variable "key" {
              type      = string
              sensitive = true
            }
            """)
        try folder.write("stg.tfvars", "api_token = \"stg-token-1234\"\nkey = \"stg-key-5678\"\n")
        try folder.write("prd.tfvars", "api_token = \"prd-token-1234\"\nkey = \"prd-key-5678\"\n")
        try folder.write("stg.tfbackend", "")
        try folder.write("prd.tfbackend", "")
        let workspace = TerraformWorkspace(root: folder.url, catalog: EnvironmentCatalog.infer(root: folder.url))
        let text = VariableDiff.render(try VariableDiff.compare(workspace, "prd", "stg"), left: "prd", right: "stg")
        #expect(text.contains("api_token") && text.contains("(hidden: differs)"))
        #expect(!text.contains("1234") && !text.contains("5678"))
    }
}

/// `anshin tf atlantis`: the file for examples/acme, compared with its golden copy.
@Suite struct AtlantisTests {
    @Test func acmeAtlantisYaml() throws {
        let text = try AtlantisConfiguration.render(try LayoutTests.acmeWorkspace())
        #expect(Golden.mismatch(text, name: "acme-atlantis.yaml", directory: Golden.fixtures("golden")) == nil)
    }

    @Test func oneProjectPerEnvironmentAndStack() throws {
        let (projects, workflows) = try AtlantisConfiguration.plan(try LayoutTests.acmeWorkspace())
        #expect(projects.map(\.name) == ["prd", "stg", "demo", "datadog-prd", "datadog-stg", "metabase-prd", "metabase-stg"])
        #expect(workflows.map(\.name) == ["prd", "stg", "demo"])
        #expect(projects.filter(\.protected).map(\.name) == ["prd", "datadog-prd", "metabase-prd"])
        let root = try #require(projects.first)
        #expect(root.whenModified == ["*.tf", "*.tf.json", ".terraform.lock.hcl", "prd.tfvars", "prd.tfbackend", "modules/bucket/**/*.tf"])
    }

    /// The file is YAML that says what the plan says: parsed back, each project has its
    /// directory and workflow, and each workflow its files.
    @Test func theFileParsesBack() throws {
        let text = try AtlantisConfiguration.render(try LayoutTests.acmeWorkspace())
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect(document["version"] as? Int == 3)
        let projects = try #require(document["projects"] as? [[String: Any]])
        #expect(projects.count == 7)
        let metabase = try #require(projects.first { $0["name"] as? String == "metabase-stg" })
        #expect(metabase["dir"] as? String == "metabase")
        #expect(metabase["workflow"] as? String == "stg")
        #expect(metabase["apply_requirements"] == nil)
        let workflows = try #require(document["workflows"] as? [String: [String: Any]])
        let stg = try #require((workflows["stg"]?["plan"] as? [String: Any])?["steps"] as? [Any])
        #expect((stg[0] as? [String: [String: String]])?["env"]?["value"] == ".terraform/anshin/stg")
        #expect((stg[1] as? [String: [String: [String]]])?["init"]?["extra_args"] == ["-backend-config=stg.tfbackend"])
        #expect((stg[2] as? [String: [String: [String]]])?["plan"]?["extra_args"] == ["-var-file=stg.tfvars"])
    }
}

