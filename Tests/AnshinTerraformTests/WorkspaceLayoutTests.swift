import AnshinCore
import AnshinHCL
import AnshinTesting
import Foundation
import Testing
@testable import AnshinTerraform

/// A root module told apart by Terraform workspace, as the doctor and Atlantis see it.
@Suite struct WorkspaceLayoutTests {
    static func folder() throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory()
        try folder.write("vpc/main.tf", """
            terraform {
              backend "s3" {
                bucket = "acme-state"
                key    = "vpc/terraform.tfstate"
              }
            }
            locals {
              cidr = {
                live    = "10.0.0.0/16"
                manager = "10.1.0.0/16"
              }
            }
            resource "aws_vpc" "main" {
              cidr_block = local.cidr[terraform.workspace]
            }
            """)
        return folder
    }

    /// Each workspace keeps its own state in one backend: no "shared state" between them.
    @Test func workspacesDoNotShareState() throws {
        let folder = try Self.folder()
        let workspace = TerraformWorkspace(root: folder.url, catalog: EnvironmentCatalog(project: nil, environments: [], origin: .inferred))
        let stacks = try workspace.stacks()
        #expect(stacks.map { "\($0.directory)@\($0.workspace ?? "-")" } == ["vpc@live", "vpc@manager"])
        let addresses = try stacks.map { try workspace.backend(of: $0).stateAddress }
        #expect(addresses == ["s3://acme-state/vpc/terraform.tfstate#workspace=live", "s3://acme-state/vpc/terraform.tfstate#workspace=manager"])
        #expect(TerraformDoctor.sharedState(stacks, workspace: workspace).isEmpty)
    }

    @Test func atlantisPlansEachWorkspace() throws {
        let folder = try Self.folder()
        let workspace = TerraformWorkspace(root: folder.url, catalog: EnvironmentCatalog(project: nil, environments: [], origin: .inferred))
        let text = try AtlantisConfiguration.render(workspace)
        #expect(text.contains("dir: vpc\n    workspace: live\n"), "\(text)")
        #expect(text.contains("dir: vpc\n    workspace: manager\n"), "\(text)")
    }
}
