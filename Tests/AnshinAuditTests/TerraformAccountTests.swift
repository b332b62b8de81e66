import AnshinCore
import AnshinHCL
import AnshinTesting
import Foundation
import Testing
@testable import AnshinAudit

/// Account facts read from Terraform: what declaring a resource says, and that leaving it out
/// says nothing.
@Suite struct TerraformAccountTests {
    static func inventory(_ text: String) throws -> Inventory {
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", text)
        let stack = TerraformWorkspace.Stack(directory: ".", environment: nil, varsFile: nil, backendFile: nil)
        let workspace = TerraformWorkspace(root: folder.url, catalog: EnvironmentCatalog(project: nil, environments: [], origin: .inferred))
        return try TerraformAudit.evaluate(stack, in: workspace, variables: [:]).inventory
    }

    @Test func undeclaredFactsStayUnknown() throws {
        let inventory = try Self.inventory("resource \"aws_s3_bucket\" \"a\" { bucket = \"a\" }\n")
        #expect(inventory.passwordPolicy == .unknown)
        #expect(inventory.organization == .unknown)
        #expect(inventory.identityCenter == .unknown)
        #expect(inventory.securityHub.isEmpty && inventory.guardDuty.isEmpty)
        #expect(inventory.rootUser == RootUser())
    }

    @Test func declaredFacts() throws {
        let inventory = try Self.inventory("""
            resource "aws_iam_account_password_policy" "main" {
              minimum_password_length   = 12
              require_symbols           = true
              password_reuse_prevention = 5
            }
            resource "aws_securityhub_account" "main" {}
            resource "aws_guardduty_detector" "main" {
              enable = true
            }
            resource "aws_organizations_organization" "main" {
              feature_set = "ALL"
            }
            resource "aws_organizations_account" "prd" {
              name  = "acme-prd"
              email = "aws-prd@acme.example"
            }
            resource "aws_ssoadmin_permission_set" "admin" {
              name         = "Admin"
              instance_arn = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
            }
            """)
        let policy = try #require(inventory.passwordPolicy.value ?? nil)
        #expect(policy.minimumLength == .known(12))
        #expect(policy.requireSymbols == .known(true) && policy.requireUppercase == .known(false))
        #expect(policy.reusePrevention == .known(5) && policy.maximumAge == .known(nil))
        #expect(inventory.accountSettingLocations["aws_iam_account_password_policy"]?.line == 1)
        #expect(inventory.securityHub.map(\.enabled) == [.known(true)])
        #expect(inventory.guardDuty.map(\.enabled) == [.known(true)])
        let organization = try #require(inventory.organization.value ?? nil)
        #expect(organization.isManagementAccount == .known(true))
        #expect(organization.accounts.value?.map(\.name) == [.known("acme-prd")])
        #expect(organization.accounts.value?.map(\.id) == [.unknown])
        #expect(organization.logArchiveAccount == .unknown)
        #expect(inventory.identityCenter == .known(true))
    }

    /// A check whose facts exist only in a live account never speaks about Terraform.
    @Test func liveOnlyChecksAreSilentOnTerraform() throws {
        let root = Command.packageRoot.appendingPathComponent("examples/acme")
        let result = try TerraformAudit.run(root: root, catalog: try EnvironmentCatalog.load(root: root))
        let liveOnly = Set(CheckCatalog.all.filter { !$0.metadata.sources.contains(.terraform) }.map(\.metadata.id))
        #expect(!liveOnly.isEmpty)
        #expect(!result.findings.isEmpty)
        #expect(result.findings.filter { liveOnly.contains($0.ruleID) }.map(\.ruleID) == [])
    }

    @Test func landingZoneManifestNamesTheLogArchiveAccount() {
        #expect(TerraformReader.centralizedLoggingAccount(#"{"centralizedLogging":{"accountId":"555555555555","enabled":true}}"#)
                == .known("555555555555"))
        #expect(TerraformReader.centralizedLoggingAccount(#"{"centralizedLogging":{"enabled":false}}"#) == .known(nil))
        #expect(TerraformReader.centralizedLoggingAccount(#"{"governedRegions":["ap-northeast-1"]}"#) == .known(nil))
        #expect(TerraformReader.centralizedLoggingAccount("not json") == .unknown)
        #expect(TerraformReader.centralizedLoggingAccount(nil) == .unknown)
    }

    /// The Organization in the main stack and an instance in a sub-stack of the same environment:
    /// the management account runs a workload, found once.
    @Test func managementWorkloadsAreJudgedAcrossStacks() throws {
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", "resource \"aws_organizations_organization\" \"main\" {\n  feature_set = \"ALL\"\n}\n")
        try folder.write("prd.tfvars", "")
        try folder.write("bastion/main.tf", """
            resource "aws_instance" "bastion" {
              ami           = "ami-0123456789abcdef0"
              instance_type = "t3.micro"
            }
            """)
        try folder.write("bastion/prd.tfvars", "")
        let catalog = EnvironmentCatalog(project: nil, environments: [
            Environment(name: "prd", production: true, terraform: TerraformTarget(dir: ".", vars: "prd.tfvars")),
        ], origin: .inferred)
        let result = try TerraformAudit.run(root: folder.url, catalog: catalog)
        let findings = result.findings.filter { $0.ruleID == "management-account-workloads" }
        #expect(findings.map(\.message) == [
            "The configuration that manages Organization aws_organizations_organization.main in the prd environment also declares 1 workload: aws_instance.bastion",
        ])
        #expect(findings.first?.location?.path == "main.tf")
    }
}
