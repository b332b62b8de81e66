import AnshinCore
import Testing
@testable import AnshinAudit

@Suite struct TerraformCheckTests {
    static let backendLocation = Fixture.line(8, "backend.tf")
    static let awsLocation = Fixture.line(4, "versions.tf")

    /// Settings that pass every Terraform check.
    static func good() -> TerraformSettings {
        TerraformSettings(directory: ".", requiredVersion: "~> 1.9.0",
                          providers: [.init(name: "aws", source: "hashicorp/aws", version: "~> 5.0", location: awsLocation)],
                          backend: .init(type: "s3", settings: ["bucket": "acme-prd-tfstate", "encrypt": "true", "use_lockfile": "true"],
                                         location: backendLocation),
                          location: Fixture.line(1, "versions.tf"))
    }

    func inventory(_ change: (inout TerraformSettings) -> Void) -> Inventory {
        var settings = Self.good()
        change(&settings)
        return .terraform { $0.terraform = settings }
    }

    @Test func goodSettingsPass() {
        for check in CheckCatalog.all where check.metadata.id.hasPrefix("terraform-") {
            #expect(check.evaluate(inventory { _ in }).isEmpty, "\(check.metadata.id)")
        }
    }

    @Test func liveInventoriesAreSkipped() {
        var live = Inventory.aws()
        live.terraform = TerraformSettings(directory: ".")
        for check in CheckCatalog.all where check.metadata.id.hasPrefix("terraform-") {
            #expect(check.evaluate(live).isEmpty, "\(check.metadata.id)")
        }
    }

    @Test func requiredVersionMissing() throws {
        let finding = try onlyFinding(TerraformRequiredVersion(), inventory { $0.requiredVersion = nil })
        expectFinding(finding, "terraform-required-version", .medium, "terraform",
                      "The root module sets no required_version, so any Terraform version may apply it", at: Fixture.line(1, "versions.tf"))
    }

    @Test func requiredVersionUnbounded() throws {
        let finding = try onlyFinding(TerraformRequiredVersion(), inventory {
            $0.requiredVersion = ">= 1.0"
            $0.directory = "metabase"
        })
        expectFinding(finding, "terraform-required-version", .low, "metabase/terraform",
                      "The root module in metabase/ requires Terraform \">= 1.0\" with no upper bound, so a new major or minor version may apply it",
                      at: Fixture.line(1, "versions.tf"))
    }

    @Test(arguments: ["~> 1.9", "= 1.9.5", "1.9.5", ">= 1.5, < 2.0", "<= 1.9"])
    func boundedConstraints(_ constraint: String) {
        #expect(TerraformSettings.hasUpperBound(constraint))
    }

    @Test(arguments: [">= 1.0", "> 0.12", "!= 1.2.0", ""])
    func unboundedConstraints(_ constraint: String) {
        #expect(!TerraformSettings.hasUpperBound(constraint))
    }

    @Test func providerWithoutVersion() throws {
        let finding = try onlyFinding(TerraformProviderVersion(), inventory {
            $0.providers = [.init(name: "aws", source: "hashicorp/aws", location: Self.awsLocation),
                            .init(name: "random", source: "hashicorp/random", version: "~> 3.6")]
        })
        expectFinding(finding, "terraform-provider-version", .medium, "required_providers.aws",
                      "Provider aws (hashicorp/aws) has no version constraint, so the next init may take a new major version",
                      at: Self.awsLocation)
    }

    @Test func localState() throws {
        let none = try onlyFinding(TerraformBackendRemote(), inventory { $0.backend = nil })
        expectFinding(none, "terraform-backend-remote", .medium, "backend.local",
                      "The root module declares no backend, so state is a local terraform.tfstate file", at: Fixture.line(1, "versions.tf"))
        let local = try onlyFinding(TerraformBackendRemote(), inventory {
            $0.backend = .init(type: "local", settings: [:], location: Self.backendLocation)
        })
        #expect(local.message == "The root module uses the local backend, so state is a local terraform.tfstate file")
        #expect(local.location == Self.backendLocation)
        #expect(TerraformBackendRemote().evaluate(inventory { $0.backend = .init(type: "remote", settings: [:]) }).isEmpty)
    }

    @Test func backendWithoutEncrypt() throws {
        let finding = try onlyFinding(TerraformBackendEncryption(), inventory { $0.backend?.settings["encrypt"] = nil })
        expectFinding(finding, "terraform-backend-encryption", .low, "backend.s3",
                      "The s3 backend does not set encrypt = true in the prd environment", at: Self.backendLocation)
        #expect(TerraformBackendEncryption().evaluate(inventory { $0.backend = .init(type: "gcs", settings: [:]) }).isEmpty)
    }

    @Test func backendWithoutLocking() throws {
        let finding = try onlyFinding(TerraformBackendLocking(), inventory { $0.backend?.settings["use_lockfile"] = "false" })
        expectFinding(finding, "terraform-backend-locking", .medium, "backend.s3",
                      "The s3 backend has no state locking in the prd environment (neither use_lockfile = true nor dynamodb_table)",
                      at: Self.backendLocation)
        let dynamoDB = inventory {
            $0.backend?.settings["use_lockfile"] = nil
            $0.backend?.settings["dynamodb_table"] = "tfstate-lock"
        }
        #expect(TerraformBackendLocking().evaluate(dynamoDB).isEmpty)
    }
}
