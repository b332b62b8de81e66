import AnshinCore
import AnshinHCL
import AnshinTesting
import Foundation
import Testing
@testable import AnshinAudit

/// Which root modules a tree holds and which environments each is audited for, the way teams lay
/// out Terraform without anshin.yml; and what the audit does with a module it cannot read.
@Suite struct TerraformDiscoveryTests {
    static let noCatalog = EnvironmentCatalog(project: nil, environments: [], origin: .inferred)

    static func stacks(_ folder: TemporaryDirectory, _ catalog: EnvironmentCatalog = noCatalog) throws -> [String] {
        try TerraformWorkspace(root: folder.url, catalog: catalog).stacks().map { stack in
            "\(stack.directory)@\(stack.environment?.name ?? "-")"
                + [stack.varsFile, stack.backendFile].map { $0.map { " \($0)" } ?? " -" }.joined()
        }
    }

    static let unencryptedDatabase = "resource \"aws_db_instance\" \"db\" {\n  storage_encrypted = false\n}\n"

    /// Regression: `.tf` files only in project folders, no catalog and no `<env>.tfvars` pairs
    /// audited nothing and passed.
    @Test func everyRootModuleOfTheTreeIsFound() throws {
        let folder = try TemporaryDirectory()
        try folder.write("projects/billing/main.tf", "module \"store\" {\n  source = \"../../modules/store\"\n}\n")
        try folder.write("projects/search/main.tf", "module \"store\" {\n  source = \"../../modules/store\"\n}\n")
        try folder.write("accounts/shared/main.tf", Self.unencryptedDatabase)
        try folder.write("modules/store/main.tf", Self.unencryptedDatabase)
        try folder.write("projects/billing/.terraform/modules/cache/main.tf", Self.unencryptedDatabase)
        try folder.write("vendor/thing/main.tf", Self.unencryptedDatabase)
        #expect(try Self.stacks(folder) == ["accounts/shared@- - -", "projects/billing@- - -", "projects/search@- - -"])

        let result = try TerraformAudit.run(root: folder.url, catalog: Self.noCatalog)
        let places = result.findings.filter { $0.ruleID == "rds-instance-storage-encrypted" }.compactMap(\.location?.path).sorted()
        // The shared module is reported where it is written, once per root module that calls it.
        #expect(places == ["accounts/shared/main.tf", "modules/store/main.tf", "modules/store/main.tf"])
        #expect(result.notes.contains { $0.message.contains("audited once without an environment") })
        #expect(result.notes.contains { $0.message.contains("(no environment: production is the safer default)") })
    }

    @Test func environmentFilesTeamsActuallyName() throws {
        let folder = try TemporaryDirectory()
        try folder.write("app/main.tf", "variable \"size\" {}\n")
        try folder.write("app/env/staging.tfvars", "size = 1\n")
        try folder.write("app/env/production.tfvars", "size = 3\n")
        try folder.write("app/staging.govuk.backend", "bucket = \"state-staging\"\n")
        try folder.write("app/terraform.tfvars", "size = 2\n")
        try folder.write("app/prod.auto.tfvars", "size = 2\n")
        try folder.write("net/main.tf", "variable \"cidr\" {}\n")
        try folder.write("net/backend/dev.hcl", "bucket = \"state-dev\"\n")
        try folder.write("net/backend-qa.hcl", "bucket = \"state-qa\"\n")
        #expect(try Self.stacks(folder) == [
            "app@production env/production.tfvars -", "app@staging env/staging.tfvars staging.govuk.backend",
            "net@dev - backend/dev.hcl", "net@qa - backend-qa.hcl",
        ])
        let production = try TerraformWorkspace(root: folder.url, catalog: Self.noCatalog).stacks().filter { $0.environment?.production == true }
        #expect(production.map(\.directory) == ["app"])
        let result = try TerraformAudit.run(root: folder.url, catalog: Self.noCatalog)
        #expect(result.notes.contains { $0.message.contains("app/: production (env/production.tfvars), staging (env/staging.tfvars, staging.govuk.backend)") })
        #expect(result.audited.map { "\($0.directory)@\($0.environment ?? "-")" } == ["app@production", "app@staging", "net@dev", "net@qa"])
    }

    @Test func nothingToAuditIsSaid() throws {
        let folder = try TemporaryDirectory()
        try folder.write("README.md", "no Terraform here\n")
        let result = try TerraformAudit.run(root: folder.url, catalog: Self.noCatalog)
        #expect(result.findings.isEmpty)
        #expect(result.notes.map(\.kind) == [.notAssessed])
        #expect(result.notes.first?.message == "no Terraform root module was found: nothing was audited")
    }

    /// With a catalog, a root module no environment's files name is still audited, once.
    @Test func theCatalogsStacksThenTheOtherRootModules() throws {
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", "variable \"size\" {}\n")
        try folder.write("prd.tfvars", "size = 3\n")
        try folder.write("prd.tfbackend", "bucket = \"state\"\n")
        try folder.write("metabase/main.tf", "variable \"size\" {}\n")
        try folder.write("metabase/prd.tfvars", "size = 1\n")
        try folder.write("bootstrap/main.tf", Self.unencryptedDatabase)
        let catalog = EnvironmentCatalog.infer(root: folder.url)
        #expect(try Self.stacks(folder, catalog) == [".@prd prd.tfvars prd.tfbackend", "metabase@prd prd.tfvars -", "bootstrap@- - -"])
        let selected = try TerraformWorkspace(root: folder.url, catalog: catalog).stacks(environments: ["prd"])
        #expect(selected.map(\.directory) == [".", "metabase"])
    }

    @Test func withoutAnEnvironmentProductionChecksRun() throws {
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", """
            resource "aws_db_instance" "db" {
              storage_encrypted = true
              multi_az          = false
            }
            """)
        let envless = try TerraformAudit.run(root: folder.url, catalog: Self.noCatalog)
        #expect(envless.findings.contains { $0.ruleID == "rds-instance-multi-az" })
        let staging = EnvironmentCatalog(project: nil, environments: [
            Environment(name: "dev", production: false, terraform: TerraformTarget(dir: ".")),
        ], origin: .file("anshin.yml"))
        let declared = try TerraformAudit.run(root: folder.url, catalog: staging)
        #expect(!declared.findings.contains { $0.ruleID == "rds-instance-multi-az" })
    }

    /// Regression: one syntax error or duplicate declaration made the whole run exit 2.
    @Test func aModuleTerraformRefusesIsReportedAndTheRestAudited() throws {
        let folder = try TemporaryDirectory()
        try folder.write("good/main.tf", Self.unencryptedDatabase)
        try folder.write("bad/main.tf", "resource \"aws_s3_bucket\" \"a\" {}\nresource \"aws_s3_bucket\" \"a\" {}\n")
        try folder.write("backend/main.tf", Self.unencryptedDatabase)
        try folder.write("backend/prd.tfbackend", "bucket = var.nope\n")
        let result = try TerraformAudit.run(root: folder.url, catalog: Self.noCatalog)
        let invalid = result.findings.filter { $0.ruleID == "terraform-configuration-invalid" }
        #expect(invalid.map { "\($0.location?.path ?? ""):\($0.location?.line ?? 0)" }.sorted() == ["backend/prd.tfbackend:1", "bad/main.tf:2"])
        #expect(invalid.allSatisfy { $0.severity == .high })
        #expect(result.findings.filter { $0.ruleID == "rds-instance-storage-encrypted" }.compactMap(\.location?.path) == ["good/main.tf"])
        #expect(result.notes.filter { $0.kind == .notAssessed }.count == 2)
    }
}

/// Configuration resources attach to the owner they reference; a name links only when it is
/// unambiguous.
@Suite struct OwnerLinkTests {
    static func findings(_ text: String) throws -> [Finding] {
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", text)
        let catalog = EnvironmentCatalog(project: nil, environments: [
            Environment(name: "prd", production: true, terraform: TerraformTarget(dir: ".")),
        ], origin: .file("anshin.yml"))
        return try TerraformAudit.run(root: folder.url, catalog: catalog).findings
    }

    static func versioning(_ findings: [Finding]) -> [String] {
        findings.filter { $0.ruleID == "s3-bucket-versioning" }.compactMap(\.resource?.identifier).sorted()
    }

    /// Regression: with two buckets of one name, the versioning of the second went to the first.
    @Test func theReferenceWinsOverASharedName() throws {
        let findings = try Self.findings("""
            resource "aws_s3_bucket" "first" {
              bucket = "acme-logs"
            }
            resource "aws_s3_bucket" "second" {
              bucket = "acme-logs"
            }
            resource "aws_s3_bucket_versioning" "second" {
              bucket = aws_s3_bucket.second.id
              versioning_configuration {
                status = "Enabled"
              }
            }
            """)
        #expect(Self.versioning(findings) == ["aws_s3_bucket.first"])
    }

    @Test func aSharedNameWithoutAReferenceDecidesNothing() throws {
        let findings = try Self.findings("""
            resource "aws_s3_bucket" "first" {
              bucket = "acme-logs"
            }
            resource "aws_s3_bucket" "second" {
              bucket = "acme-logs"
            }
            resource "aws_s3_bucket" "other" {
              bucket = "acme-other"
            }
            resource "aws_s3_bucket_versioning" "logs" {
              bucket = "acme-logs"
              versioning_configuration {
                status = "Enabled"
              }
            }
            """)
        // Either bucket may be the versioned one: neither is reported; the third is.
        #expect(Self.versioning(findings) == ["aws_s3_bucket.other"])
    }

    @Test func aUniqueNameStillLinks() throws {
        let findings = try Self.findings("""
            resource "aws_s3_bucket" "logs" {
              bucket = "acme-logs"
            }
            resource "aws_s3_bucket_versioning" "logs" {
              bucket = "acme-logs"
              versioning_configuration {
                status = "Enabled"
              }
            }
            """)
        #expect(Self.versioning(findings) == [])
    }

    @Test func theRecorderStatusFollowsItsReference() throws {
        let findings = try Self.findings("""
            resource "aws_config_configuration_recorder" "a" {
              name     = "main"
              role_arn = "arn:aws:iam::111111111111:role/config"
            }
            resource "aws_config_configuration_recorder" "b" {
              name     = "main"
              role_arn = "arn:aws:iam::111111111111:role/config"
            }
            resource "aws_config_configuration_recorder_status" "b" {
              name       = aws_config_configuration_recorder.b.name
              is_enabled = true
            }
            """)
        let stopped = findings.filter { $0.ruleID == "config-recorder-enabled" }.compactMap(\.message)
        #expect(stopped.count == 1)
        #expect(stopped.first?.contains("aws_config_configuration_recorder.a") == true)
    }
}

/// Facts of an engine or a version that change what a setting means.
@Suite struct EngineFactTests {
    /// Regression: Aurora Serverless v1 clusters are always encrypted, whatever
    /// `storage_encrypted` says.
    @Test func auroraServerlessV1IsAlwaysEncrypted() throws {
        let findings = try OwnerLinkTests.findings("""
            variable "mode" {}
            resource "aws_rds_cluster" "v1" {
              engine            = "aurora-mysql"
              engine_mode       = "serverless"
              storage_encrypted = false
            }
            resource "aws_rds_cluster" "provisioned" {
              engine            = "aurora-mysql"
              storage_encrypted = false
            }
            resource "aws_rds_cluster" "either" {
              engine            = "aurora-mysql"
              engine_mode       = var.mode
              storage_encrypted = false
            }
            """)
        let unencrypted = findings.filter { $0.ruleID == "rds-cluster-storage-encrypted" }.compactMap(\.resource?.identifier)
        #expect(unencrypted == ["aws_rds_cluster.provisioned"])
    }
}

/// Terragrunt layouts: `live/<env>/<component>/terragrunt.hcl` running modules of the tree.
@Suite struct TerragruntTests {
    static func layout() throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory()
        try folder.write("terragrunt.hcl", """
            locals {
              account = read_terragrunt_config(find_in_parent_folders("account.hcl"))
            }
            remote_state {
              backend = "s3"
              config = {
                bucket = "acme-state-${local.account.locals.env}"
                key    = "${path_relative_to_include()}/terraform.tfstate"
              }
            }
            inputs = {
              environment = local.account.locals.env
              multi_az    = false
            }
            """)
        for (env, multiAZ) in [("prd", "true"), ("stg", "false")] {
            try folder.write("live/\(env)/account.hcl", "locals {\n  env = \"\(env)\"\n}\n")
            try folder.write("live/\(env)/db/terragrunt.hcl", """
                include "root" {
                  path = find_in_parent_folders()
                }
                terraform {
                  source = "${get_repo_root()}/modules//database"
                }
                dependency "vpc" {
                  config_path = "../vpc"
                }
                inputs = {
                  multi_az  = \(multiAZ)
                  subnet_id = dependency.vpc.outputs.subnet_id
                }
                """)
            try folder.write("live/\(env)/vpc/terragrunt.hcl", """
                include "root" {
                  path = find_in_parent_folders()
                }
                terraform {
                  source = "git::https://example.com/acme/vpc.git//modules/vpc?ref=v1.2.0"
                }
                """)
        }
        try folder.write("modules/database/main.tf", """
            variable "environment" {}
            variable "multi_az" {}
            variable "subnet_id" {}
            resource "aws_db_instance" "main" {
              identifier        = "acme-${var.environment}"
              storage_encrypted = false
              multi_az          = var.multi_az
            }
            """)
        return folder
    }

    @Test func eachUnitIsOneRootOfOneEnvironmentWithItsInputs() throws {
        let folder = try Self.layout()
        let workspace = TerraformWorkspace(root: folder.url, catalog: TerraformDiscoveryTests.noCatalog)
        let units = workspace.terragruntUnits()
        #expect(units.map(\.directory) == ["live/prd/db", "live/prd/vpc", "live/stg/db", "live/stg/vpc"])
        #expect(units.first?.source == .local("modules/database"))
        #expect(units.first?.inputs["environment"] == .string("prd"))
        #expect(units.first?.inputs["multi_az"] == .bool(true))
        #expect(units.first?.inputs["subnet_id"]?.isKnown == false)
        #expect(units[1].source == .remote("git::https://example.com/acme/vpc.git//modules/vpc?ref=v1.2.0"))

        let stacks = try workspace.stacks()
        #expect(stacks.map { "\($0.unit ?? "-")@\($0.environment?.name ?? "-") \($0.directory)" }
                == ["live/prd/db@prd modules/database", "live/stg/db@stg modules/database"])
        #expect(stacks.first?.environment?.production == true)

        let result = try TerraformAudit.run(root: folder.url, catalog: TerraformDiscoveryTests.noCatalog)
        let encrypted = result.findings.filter { $0.ruleID == "rds-instance-storage-encrypted" }
        #expect(encrypted.map { "\($0.resource?.identifier ?? "") \($0.resource?.environment ?? "-") \($0.location?.path ?? "")" }
                == ["live/prd/db:aws_db_instance.main prd modules/database/main.tf", "live/stg/db:aws_db_instance.main stg modules/database/main.tf"])
        // The unit's inputs reach the module: Multi-AZ is on in production, so nothing to report.
        #expect(!result.findings.contains { $0.ruleID == "rds-instance-multi-az" })
        #expect(result.notes.contains { $0.kind == .notAssessed && $0.message.contains("live/prd/vpc/terragrunt.hcl (git::https://example.com/acme/vpc.git") })
        #expect(!result.notes.contains { $0.message.contains("audited once without an environment") })
    }

    @Test func aCatalogEnvironmentSelectsItsUnits() throws {
        let folder = try Self.layout()
        let catalog = EnvironmentCatalog(project: nil, environments: [
            Environment(name: "stg", production: false, terraform: TerraformTarget(dir: "live/stg")),
        ], origin: .file("anshin.yml"))
        let stacks = try TerraformWorkspace(root: folder.url, catalog: catalog).stacks(environments: ["stg"])
        #expect(stacks.compactMap(\.unit).contains("live/stg/db"))
        #expect(!stacks.compactMap(\.unit).contains("live/prd/db"))
    }
}

/// A value behind an unknown condition, when every branch gives the same one.
@Suite struct EveryOutcomeTests {
    @Test func everyBranchFailingIsReportedAndSaysSo() throws {
        let findings = try OwnerLinkTests.findings("""
            variable "ha" {}
            variable "protect" {
              default = false
            }
            resource "aws_db_instance" "same" {
              storage_encrypted   = true
              multi_az            = var.ha ? false : false
              deletion_protection = var.ha ? var.protect : (false)
            }
            resource "aws_db_instance" "differs" {
              storage_encrypted = true
              multi_az          = var.ha ? true : false
            }
            """)
        let multiAZ = findings.filter { $0.ruleID == "rds-instance-multi-az" }
        #expect(multiAZ.compactMap(\.resource?.identifier) == ["aws_db_instance.same"])
        #expect(multiAZ.first?.message?.contains("known only after apply, but every branch gives this value") == true)
        #expect(findings.filter { $0.ruleID == "rds-instance-deletion-protection" }.compactMap(\.resource?.identifier).contains("aws_db_instance.same"))
    }
}
