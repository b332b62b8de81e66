import AnshinCore
import AnshinTesting
import Foundation
import Testing
@testable import AnshinAudit

/// Every check against Terraform code: `Fixtures/terraform/<check-id>/fail` must yield exactly the
/// findings marked `# expect` (on the line, or `# expect below` for the next line), and `pass` none.
@Suite struct TerraformFixtureTests {
    static let checkIDs = CheckCatalog.all.filter { $0.metadata.sources.contains(.terraform) }.map(\.metadata.id)

    /// One production environment auditing the fixture folder itself.
    static let catalog = EnvironmentCatalog(
        project: nil,
        environments: [Environment(name: "prd", production: true, terraform: TerraformTarget(dir: "."))],
        origin: .inferred)

    /// `path:line` of each `# expect` marker in the `.tf` files of `directory`.
    static func markers(in directory: URL) throws -> [String] {
        var result: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where name.hasSuffix(".tf") {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if line.trimmingCharacters(in: .whitespaces) == "# expect below" {
                    result.append("\(name):\(index + 2)")
                } else if line.hasSuffix("# expect") {
                    result.append("\(name):\(index + 1)")
                }
            }
        }
        return result.sorted()
    }

    static func places(_ findings: [Finding], _ id: String) -> [String] {
        findings.filter { $0.ruleID == id }.map { "\($0.location?.path ?? "-"):\($0.location?.line ?? 0)" }.sorted()
    }

    @Test("fail fixture yields the marked findings", arguments: checkIDs)
    func fail(id: String) throws {
        let directory = Golden.fixtures("terraform", id, "fail")
        let expected = try Self.markers(in: directory)
        try #require(!expected.isEmpty, "no # expect marker in \(id)/fail")
        let result = try TerraformAudit.run(root: directory, catalog: Self.catalog)
        #expect(Self.places(result.findings, id) == expected)
        #expect(result.findings.filter { $0.ruleID == id }.allSatisfy { $0.resource?.environment == "prd" })
    }

    @Test("pass fixture yields nothing for its check", arguments: checkIDs)
    func pass(id: String) throws {
        let directory = Golden.fixtures("terraform", id, "pass")
        let result = try TerraformAudit.run(root: directory, catalog: Self.catalog)
        #expect(Self.places(result.findings, id) == [])
    }

    @Test func everyCheckHasBothFixturesOrIsLiveOnly() {
        for id in Self.checkIDs {
            for kind in ["pass", "fail"] {
                let path = Golden.fixtures("terraform", id, kind).path
                #expect(FileManager.default.fileExists(atPath: path), "missing \(id)/\(kind)")
            }
        }
    }
}

/// EBS encryption by default, turned on in the same code, encrypts the volumes it writes unencrypted.
@Suite struct EBSVolumeDefaultTests {
    @Test func theAccountDefaultCoversTheVolumes() throws {
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", """
            resource "aws_ebs_volume" "scratch" {
              availability_zone = "ap-northeast-1a"
              size              = 20
            }
            """)
        let without = try TerraformAudit.run(root: folder.url, catalog: TerraformFixtureTests.catalog)
        #expect(without.findings.filter { $0.ruleID == "ebs-volume-encrypted" }.count == 1)
        try folder.write("account.tf", """
            resource "aws_ebs_encryption_by_default" "this" {
              enabled = true
            }
            """)
        let with = try TerraformAudit.run(root: folder.url, catalog: TerraformFixtureTests.catalog)
        #expect(with.findings.filter { $0.ruleID == "ebs-volume-encrypted" }.isEmpty)
    }
}
