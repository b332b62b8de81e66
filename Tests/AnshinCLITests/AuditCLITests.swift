import AnshinCore
import AnshinSecrets
import AnshinTesting
import Foundation
import Testing

/// `anshin audit terraform` end to end on the example company.
@Suite struct AuditCLITests {
    func anshin(_ arguments: String...) throws -> CommandResult {
        try Command.run(Command.anshinBinary, arguments, in: Command.packageRoot,
                        environment: ["SOURCE_DATE_EPOCH": "1795770000", "NO_COLOR": "1"])
    }

    static func findings(_ json: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return object?["findings"] as? [[String: Any]] ?? []
    }

    @Test func auditsEveryEnvironmentOfTheExample() throws {
        let result = try anshin("audit", "terraform", "examples/acme", "--format", "json")
        #expect(result.status == 1, "the example has high findings (unencrypted Metabase database)")
        let findings = try Self.findings(result.stdout)
        let environments = Set(findings.compactMap { ($0["resource"] as? [String: Any])?["environment"] as? String })
        #expect(environments == ["prd", "stg", "demo"])
        let metabase = findings.filter { $0["ruleID"] as? String == "rds-instance-storage-encrypted" }
        #expect(metabase.compactMap { ($0["location"] as? [String: Any])?["path"] as? String } == ["metabase/main.tf", "metabase/main.tf"])
        #expect(SchemaValidation.errors(in: result.stdout, schema: SchemaValidation.reportSchema, draft: .draft202012) == [])
    }

    @Test func secretsInTerraformInputsAreFound() throws {
        let root = try TemporaryDirectory()
        let github = SampleGenerator(seed: "tfvars").crc32Token(prefix: "gh" + "p_")
        try root.write("main.tf", "variable \"github_token\" {\n  default = \"\(github)\"\n}\n")
        try root.write("prd.tfvars", "db_password = \"Zq8" + "rT2vLm9xWp4kN7s\"\n")
        try root.write(".envrc", "export TF_VAR_datadog_api_key=" + SampleGenerator(seed: "dd").hex(32) + "\n")
        let result = try Command.run(Command.anshinBinary, ["audit", "terraform", root.path, "--format", "json"], in: Command.packageRoot)
        let found = try Self.findings(result.stdout).map { "\($0["ruleID"] as? String ?? "") \(($0["location"] as? [String: Any])?["path"] as? String ?? "")" }
        #expect(found.contains("secret-github-pat-classic main.tf"))
        #expect(found.contains { $0.hasSuffix(" prd.tfvars") })
        #expect(found.contains { $0.hasSuffix(" .envrc") })
        #expect(!result.stdout.contains(github))
    }

    @Test func oneEnvironment() throws {
        let result = try anshin("audit", "terraform", "examples/acme", "--env", "demo", "--format", "json")
        // Secret findings (a generated .envrc may be present) belong to no environment.
        let findings = try Self.findings(result.stdout).filter { ($0["ruleID"] as? String)?.hasPrefix("secret-") == false }
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { ($0["resource"] as? [String: Any])?["environment"] as? String == "demo" })
        #expect(!findings.contains { $0["ruleID"] as? String == "rds-instance-storage-encrypted" }, "metabase runs in prd and stg only")
    }

    @Test func allEnvsShowsWhereEachFindingHolds() throws {
        let result = try anshin("audit", "terraform", "examples/acme", "--all-envs")
        #expect(result.stdout.contains("ACROSS ENVIRONMENTS"))
        #expect(result.stdout.contains("aws_iam_access_key.legacy_app[0]: holds in prd, stg; not in demo"))
        #expect(result.stdout.contains("vpc-flow-logs"))
        #expect(result.stdout.contains("aws_vpc.main: holds in stg, demo; not in prd"))
    }

    @Test func sarifForCodeScanningIsValid() throws {
        let result = try anshin("audit", "terraform", "examples/acme", "--format", "sarif")
        #expect(SARIFValidation.errors(in: result.stdout).isEmpty)
    }

    @Test(arguments: [
        (["audit", "terraform", "examples/acme", "--env", "qa"], "no environment \"qa\" (known: prd, stg, demo)"),
        (["audit", "terraform", "examples/acme", "--env", "prd", "--all-envs"], "--env and --all-envs cannot be combined"),
        (["audit", "terraform", "examples/acme", "--var", "novalue"], "--var wants name=value"),
    ])
    func usageErrors(_ arguments: [String], _ message: String) throws {
        let result = try Command.run(Command.anshinBinary, arguments, in: Command.packageRoot)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// A module Terraform would refuse is a finding of its own, and the rest of the tree is still
    /// audited.
    @Test func malformedTerraformIsAFindingAndTheRestIsAudited() throws {
        let root = try TemporaryDirectory()
        try root.write("broken/main.tf", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n")
        try root.write("fine/main.tf", "resource \"aws_db_instance\" \"db\" {\n  storage_encrypted = false\n}\n")
        let result = try Command.run(Command.anshinBinary, ["audit", "terraform", root.path, "--format", "json"], in: Command.packageRoot)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = report["findings"] as? [[String: Any]] ?? []
        let invalid = findings.filter { $0["ruleID"] as? String == "terraform-configuration-invalid" }
        #expect(invalid.count == 1)
        #expect((invalid.first?["location"] as? [String: Any])?["path"] as? String == "broken/main.tf")
        #expect(findings.contains { $0["ruleID"] as? String == "rds-instance-storage-encrypted" })
        let notes = report["notes"] as? [[String: Any]] ?? []
        #expect(notes.contains { ($0["message"] as? String ?? "").hasPrefix("broken/: not assessed: broken/main.tf:") })
    }
}
