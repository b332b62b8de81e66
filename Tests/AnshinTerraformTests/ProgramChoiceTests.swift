import AnshinCore
import AnshinTerraform
import AnshinTesting
import Foundation
import Testing

/// `terraform` or `tofu`: chosen by `terraform.program` in anshin.yml, else `terraform` on PATH,
/// else `tofu`. The programs are links to the installed Terraform in temporary folders, so each
/// folder is a PATH with exactly the programs a case needs.
@Suite struct ProgramChoiceTests {
    static func installedTerraform() throws -> String {
        try #require(Subprocess.find("terraform"), "terraform is needed on PATH (scripts/test installs it from PyPI)")
    }

    /// A folder holding links named `names` to the installed Terraform.
    static func path(with names: [String]) throws -> TemporaryDirectory {
        let real = try installedTerraform()
        let folder = try TemporaryDirectory()
        for name in names {
            try FileManager.default.createSymbolicLink(atPath: folder.url.appendingPathComponent(name).path, withDestinationPath: real)
        }
        return folder
    }

    @Test func terraformOnPathComesFirstThenTofu() throws {
        let both = try Self.path(with: ["terraform", "tofu"])
        let chosen = try TerraformProgram.resolve(setting: nil, environment: ["PATH": both.path])
        #expect(chosen.path == both.url.appendingPathComponent("terraform").path)
        let onlyTofu = try Self.path(with: ["tofu"])
        let tofu = try TerraformProgram.resolve(setting: nil, environment: ["PATH": onlyTofu.path])
        #expect(tofu.path == onlyTofu.url.appendingPathComponent("tofu").path)
        #expect(tofu.version.description.first?.isNumber == true, "its version was asked: \(tofu.version)")
    }

    @Test func theCatalogsChoiceWins() throws {
        let both = try Self.path(with: ["terraform", "tofu"])
        let byName = try TerraformProgram.resolve(setting: "tofu", environment: ["PATH": both.path])
        #expect(byName.path == both.url.appendingPathComponent("tofu").path)
        let elsewhere = try Self.path(with: ["tofu"])
        let byPath = try TerraformProgram.resolve(setting: elsewhere.url.appendingPathComponent("tofu").path, environment: ["PATH": both.path])
        #expect(byPath.path == elsewhere.url.appendingPathComponent("tofu").path)
    }

    @Test func aMissingProgramIsNamed() throws {
        let empty = try TemporaryDirectory()
        #expect {
            _ = try TerraformProgram.resolve(setting: nil, environment: ["PATH": empty.path])
        } throws: { error in
            let error = error as? WrapperError
            return error?.exitStatus == 3 && error?.message.hasPrefix("neither terraform nor tofu was found on PATH") == true
        }
        let onlyTerraform = try Self.path(with: ["terraform"])
        #expect {
            _ = try TerraformProgram.resolve(setting: "tofu", environment: ["PATH": onlyTerraform.path])
        } throws: { error in
            (error as? WrapperError)?.message == "tofu (terraform.program in anshin.yml) was not found on PATH"
        }
        #expect {
            _ = try TerraformProgram.resolve(setting: empty.url.appendingPathComponent("tofu").path, environment: ["PATH": onlyTerraform.path])
        } throws: { error in
            (error as? WrapperError)?.message.contains("which is not an executable file") == true
        }
    }
}
