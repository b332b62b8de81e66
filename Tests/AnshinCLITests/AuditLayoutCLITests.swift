import AnshinCore
import AnshinTesting
import Foundation
import Testing

/// `anshin audit terraform` and `anshin assess` on repositories laid out as teams lay them out,
/// and on folders where there is nothing, or something broken, to audit.
@Suite struct AuditLayoutCLITests {
    func anshin(_ arguments: [String]) throws -> CommandResult {
        try Command.run(Command.anshinBinary, arguments, in: Command.packageRoot,
                        environment: ["SOURCE_DATE_EPOCH": "1795770000", "NO_COLOR": "1", "AWS_CONFIG_FILE": "/dev/null",
                                      "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_PROFILE": nil, "AWS_ACCESS_KEY_ID": nil])
    }

    static func document(_ result: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\n\(result.stderr)")
    }

    static func findings(_ document: [String: Any]) -> [String] {
        (document["findings"] as? [[String: Any]] ?? []).map { finding in
            let location = finding["location"] as? [String: Any]
            return "\(finding["ruleID"] as? String ?? "") \(location?["path"] as? String ?? ""):\(location?["line"] as? Int ?? 0)"
        }
    }

    static func notes(_ document: [String: Any]) -> [String] {
        (document["notes"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
    }

    static func passed(_ document: [String: Any]) -> Bool? {
        (document["summary"] as? [String: Any])?["passed"] as? Bool
    }

    /// Regression: project and account folders without anshin.yml audited nothing, exit 0.
    @Test func projectAndAccountFoldersAreAuditedByBothCommands() throws {
        let folder = try TemporaryDirectory()
        try folder.write("modules/db/main.tf", "resource \"aws_db_instance\" \"this\" {\n  storage_encrypted = false\n}\n")
        try folder.write("projects/billing/main.tf", "module \"db\" {\n  source = \"../../modules/db\"\n}\n")
        try folder.write("accounts/shared/main.tf", "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"acme-logs\"\n}\n")
        for command in [["audit", "terraform"], ["assess"]] {
            let result = try anshin(command + [folder.path, "-f", "json"])
            #expect(result.status == 1, "\(command): \(result.stderr)")
            let document = try Self.document(result)
            #expect(Self.passed(document) == false)
            let found = Self.findings(document)
            #expect(found.contains("rds-instance-storage-encrypted modules/db/main.tf:2"), "\(command): \(found)")
            #expect(found.contains { $0.hasPrefix("s3-bucket-versioning accounts/shared/main.tf") }, "\(command): \(found)")
            let notes = Self.notes(document)
            #expect(notes.contains { $0.contains("accounts/shared/, projects/billing/: audited once without an environment") }, "\(command): \(notes)")
            #expect(notes.contains { $0.contains("production-only checks") && $0.contains("production is the safer default") }, "\(command): \(notes)")
        }
    }

    /// Never a pass when nothing was assessed: a clear error and exit 1, `passed: false`; only
    /// `--fail-on none` (report only) exits 0.
    @Test func nothingToAuditIsNeverAPass() throws {
        let empty = try TemporaryDirectory()
        try empty.write("README.md", "Nothing but words.\n")
        let text = try anshin(["audit", "terraform", empty.path])
        #expect(text.status == 1)
        #expect(text.stderr.contains("error: nothing was assessed"), "\(text.stderr)")
        #expect(text.stdout.contains("FAIL: nothing was assessed"), "\(text.stdout)")
        #expect(text.stdout.contains("no Terraform root module was found"), "\(text.stdout)")
        let json = try Self.document(try anshin(["audit", "terraform", empty.path, "-f", "json"]))
        #expect(Self.passed(json) == false)
        #expect(try anshin(["audit", "terraform", empty.path, "--fail-on", "none"]).status == 0)

        // Root modules whose only code is a module from outside the tree assess nothing either.
        let remote = try TemporaryDirectory()
        try remote.write("network/main.tf", "module \"vpc\" {\n  source  = \"terraform-aws-modules/vpc/aws\"\n  version = \"5.0.0\"\n}\n")
        let result = try anshin(["audit", "terraform", remote.path, "-f", "json"])
        #expect(result.status == 1, "\(result.stderr)")
        let notes = Self.notes(try Self.document(result))
        #expect(notes.contains { $0.hasPrefix("network/main.tf:1: module.vpc was not audited") }, "\(notes)")
        #expect(notes.contains { $0.contains("nothing was audited") }, "\(notes)")

        let nothing = try TemporaryDirectory()
        let assess = try anshin(["assess", nothing.path, "-f", "json"])
        #expect(assess.status == 1, "\(assess.stderr)")
        #expect(Self.passed(try Self.document(assess)) == false)
    }

    /// Regression: one module with a syntax error or a duplicate made the whole run exit 2.
    @Test func aBrokenModuleIsAFindingAndTheRestIsAudited() throws {
        let folder = try TemporaryDirectory()
        try folder.write("good/main.tf", "resource \"aws_db_instance\" \"db\" {\n  storage_encrypted = false\n}\n")
        try folder.write("broken/main.tf", "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"x\"\n\n")
        try folder.write("twice/main.tf", "variable \"a\" {}\nvariable \"a\" {}\n")
        for command in [["audit", "terraform"], ["assess"]] {
            let result = try anshin(command + [folder.path, "-f", "json"])
            #expect(result.status == 1, "\(command): exit \(result.status): \(result.stderr)")
            let document = try Self.document(result)
            let found = Self.findings(document)
            #expect(found.contains("rds-instance-storage-encrypted good/main.tf:2"), "\(command): \(found)")
            #expect(found.contains { $0.hasPrefix("terraform-configuration-invalid broken/main.tf:") }, "\(command): \(found)")
            #expect(found.contains("terraform-configuration-invalid twice/main.tf:2"), "\(command): \(found)")
            let notes = Self.notes(document)
            #expect(notes.contains { $0.hasPrefix("broken/: not assessed: broken/main.tf:") }, "\(command): \(notes)")
            #expect(notes.contains { $0.hasPrefix("twice/: not assessed: twice/main.tf:2: ") }, "\(command): \(notes)")
        }
    }
}
