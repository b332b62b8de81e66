import AnshinCore
import AnshinHCL
import AnshinTerraform
import AnshinTesting
import Foundation
import Testing

/// The layout facts the wrapper asks of `TerraformWorkspace`, on examples/acme and small folders.
@Suite struct LayoutTests {
    static let acme = Command.packageRoot.appendingPathComponent("examples/acme")

    static func acmeWorkspace() throws -> TerraformWorkspace {
        TerraformWorkspace(root: acme, catalog: try EnvironmentCatalog.load(root: acme))
    }

    @Test func stacksOfAcme() throws {
        let workspace = try Self.acmeWorkspace()
        let root = try workspace.stack(in: ".", environment: "prd")
        #expect(root.varsFile == "prd.tfvars" && root.backendFile == "prd.tfbackend")
        let metabase = try workspace.stack(in: "metabase", environment: "stg")
        #expect(metabase.directory == "metabase" && metabase.varsFile == "stg.tfvars" && metabase.backendFile == "stg.tfbackend")
        #expect(workspace.environments(in: ".") == ["prd", "stg", "demo"])
        #expect(workspace.environments(in: "metabase") == ["prd", "stg"])
    }

    @Test func anUnknownEnvironmentListsTheKnownOnes() throws {
        let workspace = try Self.acmeWorkspace()
        #expect {
            _ = try workspace.stack(in: ".", environment: "prod")
        } throws: { error in
            "\(error)" == "ENV: no environment \"prod\"; did you mean \"prd\"? (known: prd, stg, demo)"
        }
    }

    @Test func aStackWithoutTheEnvironmentSaysWhichItHas() throws {
        let workspace = try Self.acmeWorkspace()
        #expect {
            _ = try workspace.stack(in: "metabase", environment: "demo")
        } throws: { error in
            "\(error)" == "metabase: no demo.tfvars or demo.tfbackend here (environments of this stack: prd, stg)"
        }
        #expect(throws: ConfigurationError.self) { try workspace.stack(in: "modules", environment: "prd") }
    }

    @Test func backendsMergeTheBlockAndTheFile() throws {
        let workspace = try Self.acmeWorkspace()
        let backend = try workspace.backend(of: try workspace.stack(in: "datadog", environment: "prd"))
        #expect(backend.type == "s3")
        #expect(backend.file == "datadog/prd.tfbackend")
        #expect(backend.settings["encrypt"] == "true")
        #expect(backend.stateAddress == "s3://acme-tfstate-prd/datadog/terraform.tfstate")
        #expect(workspace.environmentsSharingState(with: try workspace.stack(in: "datadog", environment: "prd")).isEmpty)
    }

    @Test func environmentsSharingOneStateAreFound() throws {
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", "terraform {\n  backend \"local\" {}\n}\n")
        try folder.write("stg.tfvars", "")
        try folder.write("stg.tfbackend", "path = \"state/shared.tfstate\"\n")
        try folder.write("prd.tfvars", "")
        try folder.write("prd.tfbackend", "path = \"state/./shared.tfstate\"\n")
        try folder.write("dev.tfvars", "")
        try folder.write("dev.tfbackend", "path = \"state/dev.tfstate\"\n")
        let workspace = TerraformWorkspace(root: folder.url, catalog: EnvironmentCatalog.infer(root: folder.url))
        let stack = try workspace.stack(in: ".", environment: "stg")
        #expect(try workspace.backend(of: stack).stateAddress == "local:path=state/shared.tfstate")
        #expect(workspace.environmentsSharingState(with: stack) == ["prd"])
        #expect(workspace.environmentsSharingState(with: try workspace.stack(in: ".", environment: "dev")).isEmpty)
    }

    @Test func aMissingBackendBlockIsTheSharedDefaultState() throws {
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", "variable \"env\" {}\n")
        for name in ["stg", "prd"] {
            try folder.write("\(name).tfvars", "env = \"\(name)\"\n")
            try folder.write("\(name).tfbackend", "")
        }
        let workspace = TerraformWorkspace(root: folder.url, catalog: EnvironmentCatalog.infer(root: folder.url))
        let backend = try workspace.backend(of: try workspace.stack(in: ".", environment: "prd"))
        #expect(!backend.isDeclared && backend.settings["path"] == "terraform.tfstate")
        #expect(workspace.environmentsSharingState(with: try workspace.stack(in: ".", environment: "prd")) == ["stg"])
    }

    @Test func theNearestVersionFileWins() throws {
        let folder = try TemporaryDirectory()
        try folder.write(".terraform-version", "1.5.7\n")
        try folder.write("main.tf", "")
        try folder.write("stg.tfvars", "")
        try folder.write("stg.tfbackend", "")
        try folder.write("metabase/main.tf", "")
        try folder.write("metabase/stg.tfvars", "")
        try folder.write("metabase/stg.tfbackend", "")
        let workspace = TerraformWorkspace(root: folder.url, catalog: EnvironmentCatalog.infer(root: folder.url))
        let metabase = try workspace.stack(in: "metabase", environment: "stg")
        #expect(workspace.versionFile(named: ".terraform-version", for: metabase)?.version == "1.5.7")
        try folder.write("metabase/.terraform-version", "\n# comment\n1.9.8\n")
        #expect(workspace.versionFile(named: ".terraform-version", for: metabase)?.path == "metabase/.terraform-version")
        #expect(workspace.versionFile(named: ".terraform-version", for: metabase)?.version == "1.9.8")
        #expect(workspace.versionFile(named: ".opentofu-version", for: metabase) == nil)
    }

    @Test func theRootIsWhereAnshinYmlIs() throws {
        let folder = try TemporaryDirectory()
        try folder.write("infra/anshin.yml", "environments: { stg: }\n")
        try folder.write("infra/metabase/main.tf", "")
        let located = TerraformWrapper.locate(from: folder.url.appendingPathComponent("infra/metabase"))
        #expect(located.root.standardizedFileURL.path == folder.url.appendingPathComponent("infra").standardizedFileURL.path)
        #expect(located.directory == "metabase")
        let none = TerraformWrapper.locate(from: folder.url.appendingPathComponent("infra/metabase/..").appendingPathComponent("metabase"))
        #expect(none.directory == "metabase")
        try folder.write("other/.git/HEAD", "ref: refs/heads/main\n")
        try folder.write("other/stack/main.tf", "")
        let stopped = TerraformWrapper.locate(from: folder.url.appendingPathComponent("other/stack"))
        #expect(stopped.directory == ".", "without anshin.yml the folder itself is the root")
    }
}
