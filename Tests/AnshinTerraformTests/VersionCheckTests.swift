import AnshinCore
import AnshinHCL
import AnshinTerraform
import AnshinTesting
import Foundation
import Testing

@Suite struct VersionCheckTests {
    let program = TerraformProgram(path: "/usr/bin/terraform", kind: .terraform, version: SemanticVersion("1.0.3")!)

    func workspace(_ files: [String: String]) throws -> (TemporaryDirectory, TerraformWorkspace) {
        let folder = try TemporaryDirectory()
        for (path, text) in files { try folder.write(path, text) }
        let catalog = EnvironmentCatalog.infer(root: folder.url)
        return (folder, TerraformWorkspace(root: folder.url, catalog: catalog))
    }

    func mismatches(_ files: [String: String], directory: String = ".") throws -> [VersionCheck.Mismatch] {
        let (folder, workspace) = try workspace(files.merging(["stg.tfvars": "", "stg.tfbackend": "", "main.tf": files["main.tf"] ?? ""]) { $1 })
        _ = folder
        let stack = try workspace.stack(in: directory, environment: "stg")
        return try VersionCheck.mismatches(of: program, workspace: workspace, stack: stack)
    }

    @Test func aMatchingPinAndConstraintPass() throws {
        #expect(try mismatches([".terraform-version": "1.0.3\n", "main.tf": "terraform {\n  required_version = \"~> 1.0.0\"\n}\n"]).isEmpty)
        #expect(try mismatches([".terraform-version": "latest:^1\\.0\n"]).isEmpty)
        #expect(try mismatches([".terraform-version": "min-required\n"]).isEmpty)
    }

    @Test func anExactPinOfAnotherVersionIsNamed() throws {
        let found = try mismatches([".terraform-version": "# pinned for the team\n1.5.7\n"])
        #expect(found == [VersionCheck.Mismatch(source: ".terraform-version", requirement: "terraform 1.5.7", installed: "terraform 1.0.3")])
        #expect(found[0].description == ".terraform-version requires terraform 1.5.7, but terraform 1.0.3 is installed")
    }

    @Test func everyRequiredVersionIsCheckedWithItsPlace() throws {
        let found = try mismatches(["main.tf": "terraform {\n  required_version = \">= 1.0\"\n}\n",
                                    "versions.tf": "\nterraform {\n  required_version = \">= 1.6, < 2.0\"\n}\n"])
        #expect(found.map(\.source) == ["versions.tf:3"])
        #expect(found[0].requirement == "required_version = \">= 1.6, < 2.0\"")
    }

    @Test func aSubStackFindsThePinAboveIt() throws {
        let (folder, workspace) = try workspace([".terraform-version": "1.9.0\n", "main.tf": "", "stg.tfvars": "", "stg.tfbackend": "",
                                                 "metabase/main.tf": "", "metabase/stg.tfvars": "", "metabase/stg.tfbackend": ""])
        _ = folder
        let stack = try workspace.stack(in: "metabase", environment: "stg")
        #expect(try VersionCheck.mismatches(of: program, workspace: workspace, stack: stack).map(\.source) == [".terraform-version"])
    }

    @Test func anUnreadablePinIsAConfigurationError() throws {
        #expect {
            _ = try mismatches([".terraform-version": "one point five\n"])
        } throws: { error in
            (error as? WrapperError)?.exitStatus == 2 && "\(error)".contains(".terraform-version: expected a version like 1.5.7")
        }
        #expect {
            _ = try mismatches(["main.tf": "terraform {\n  required_version = \"> = 1\"\n}\n"])
        } throws: { error in
            (error as? WrapperError)?.exitStatus == 2 && "\(error)".contains("main.tf:2")
        }
    }

    @Test func openTofuReadsItsOwnPin() throws {
        let tofu = TerraformProgram(path: "/usr/bin/tofu", kind: .openTofu, version: SemanticVersion("1.8.2")!)
        let (folder, workspace) = try workspace([".terraform-version": "1.0.3\n", ".opentofu-version": "1.8.2\n", "main.tf": "",
                                                 "stg.tfvars": "", "stg.tfbackend": ""])
        _ = folder
        let stack = try workspace.stack(in: ".", environment: "stg")
        #expect(try VersionCheck.mismatches(of: tofu, workspace: workspace, stack: stack).isEmpty)
    }
}
