import AnshinCore
import AnshinHCL
import AnshinTesting
import Foundation
import Testing
@testable import AnshinAudit

/// The Terraform audit's behaviour around the checks: unknown values, inline suppressions,
/// root module discovery, environments and backend files.
@Suite struct TerraformAuditTests {
    static func catalog(_ names: [String], production: Set<String> = ["prd"]) -> EnvironmentCatalog {
        EnvironmentCatalog(project: nil, environments: names.map { name in
            Environment(name: name, production: production.contains(name),
                        terraform: TerraformTarget(dir: ".", vars: "\(name).tfvars", backend: "\(name).tfbackend"))
        }, origin: .inferred)
    }

    @Test func valuesKnownOnlyAfterApplyStaySilent() throws {
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", """
            variable "versioning_status" { type = string }
            variable "retention" { type = number }

            resource "aws_s3_bucket" "data" {
              bucket = "acme-data"
            }

            resource "aws_s3_bucket_versioning" "data" {
              bucket = aws_s3_bucket.data.id
              versioning_configuration {
                status = var.versioning_status
              }
            }

            resource "aws_cloudwatch_log_group" "app" {
              name              = "/app"
              retention_in_days = var.retention
            }

            # Which bucket this configures is known only after apply.
            variable "bucket_id" { type = string }
            resource "aws_s3_bucket_lifecycle_configuration" "unknown" {
              bucket = var.bucket_id
              rule {
                id     = "expire"
                status = "Enabled"
              }
            }
            """)
        let result = try TerraformAudit.run(root: folder.url, catalog: EnvironmentCatalog(project: nil, environments: [], origin: .inferred))
        let rules = Set(result.findings.map(\.ruleID))
        #expect(!rules.contains("s3-bucket-versioning"))
        #expect(!rules.contains("cloudwatch-log-group-retention"))
        #expect(!rules.contains("s3-bucket-lifecycle"))
        #expect(rules.contains("s3-bucket-public-access-block"), "known settings are still reported")
        #expect(result.findings.allSatisfy { $0.resource?.environment == nil })
        #expect(result.notes.contains { $0.kind == .warning && $0.message.contains("versioning_status") })
    }

    /// Terraform treats an argument set to `null` as not set: written directly, through a
    /// variable default or through a local, it gives the finding an absent argument gives.
    @Test func anArgumentSetToNullIsUnset() throws {
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", """
            variable "retention" {
              type    = number
              default = null
            }
            locals { encrypted = null }

            resource "aws_cloudwatch_log_group" "direct" {
              name              = "/direct"
              retention_in_days = null
            }
            resource "aws_cloudwatch_log_group" "variable" {
              name              = "/variable"
              retention_in_days = var.retention
            }
            resource "aws_db_instance" "main" {
              identifier        = "main"
              engine            = "postgres"
              instance_class    = "db.t4g.micro"
              storage_encrypted = local.encrypted
            }
            resource "aws_cloudtrail" "main" {
              name           = "main"
              s3_bucket_name = "acme-trail"
              kms_key_id     = null
            }
            resource "aws_instance" "app" {
              ami           = "ami-12345678"
              instance_type = "t4g.micro"
              metadata_options {
                http_tokens = null
              }
            }
            """)
        let result = try TerraformAudit.run(root: folder.url, catalog: Self.catalog(["prd"]))
        func holds(_ rule: String, _ identifier: String) -> Bool {
            result.findings.contains { $0.ruleID == rule && $0.resource?.identifier == identifier }
        }
        #expect(holds("cloudwatch-log-group-retention", "aws_cloudwatch_log_group.direct"))
        #expect(holds("cloudwatch-log-group-retention", "aws_cloudwatch_log_group.variable"))
        #expect(holds("rds-instance-storage-encrypted", "aws_db_instance.main"))
        #expect(holds("cloudtrail-kms-encryption", "aws_cloudtrail.main"))
        #expect(holds("ec2-imdsv2-required", "aws_instance.app"))
    }

    /// The state buckets of an environment, for the live audit: from the backend file, else the
    /// `backend "s3"` block; a local backend names none.
    @Test func stateBucketsOfAnEnvironment() throws {
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", "terraform {\n  backend \"s3\" {}\n}\n")
        try folder.write("prd.tfvars", "")
        try folder.write("prd.tfbackend", "bucket = \"acme-tfstate-prd\"\nkey = \"main.tfstate\"\n")
        try folder.write("stg.tfvars", "")
        try folder.write("stg.tfbackend", "key = \"main.tfstate\"\n")
        try folder.write("datadog/main.tf", "terraform {\n  backend \"s3\" {\n    bucket = \"acme-tfstate-shared\"\n  }\n}\n")
        try folder.write("datadog/prd.tfvars", "")
        try folder.write("datadog/prd.tfbackend", "key = \"datadog.tfstate\"\n")
        try folder.write("local/main.tf", "terraform {\n  backend \"local\" {}\n}\n")
        try folder.write("local/prd.tfvars", "")
        try folder.write("local/prd.tfbackend", "path = \"x\"\n")
        let catalog = Self.catalog(["prd", "stg"])
        #expect(TerraformWorkspace(root: folder.url, catalog: catalog).stateBuckets(environment: "prd") == ["acme-tfstate-prd", "acme-tfstate-shared"])
        #expect(TerraformWorkspace(root: folder.url, catalog: catalog).stateBuckets(environment: "stg") == [])
        #expect(TerraformWorkspace(root: folder.url, catalog: catalog).stateBuckets(environment: "nope") == [])
    }

    /// A bucket whose name is known only after apply, passed out of one module instance and into
    /// another as its logging target, is still known to be a log target.
    @Test func aLogTargetPassedBetweenModulesIsFound() throws {
        let folder = try TemporaryDirectory()
        try folder.write("modules/bucket/main.tf", """
            variable "logging" {
              type    = map(string)
              default = {}
            }
            resource "random_pet" "name" {}
            resource "aws_s3_bucket" "this" {
              bucket = random_pet.name.id
            }
            resource "aws_s3_bucket_logging" "this" {
              count         = length(keys(var.logging)) > 0 ? 1 : 0
              bucket        = aws_s3_bucket.this.id
              target_bucket = var.logging["target_bucket"]
              target_prefix = "log/"
            }
            output "id" {
              value = try(aws_s3_bucket.this.id, "")
            }
            """)
        try folder.write("main.tf", """
            module "logs" {
              source = "./modules/bucket"
            }
            module "data" {
              source  = "./modules/bucket"
              logging = { target_bucket = module.logs.id }
            }
            module "other" {
              source = "./modules/bucket"
            }
            """)
        let result = try TerraformAudit.run(root: folder.url, catalog: Self.catalog(["prd"]))
        let unlogged = Set(result.findings.filter { $0.ruleID == "s3-bucket-access-logging" }.compactMap { $0.resource?.identifier })
        #expect(unlogged == ["module.other.aws_s3_bucket.this"])
    }

    @Test func inlineCommentSuppressesOneRuleOfOneResource() throws {
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", """
            # Public website content, versioned by its build pipeline.
            # anshin:ignore s3-bucket-versioning rebuilt from git on every deploy
            resource "aws_s3_bucket" "site" {
              bucket = "acme-site"
            }

            resource "aws_s3_bucket" "data" {
              bucket = "acme-data" // anshin:ignore s3-bucket-lifecycle kept forever by contract
            }
            """)
        let result = try TerraformAudit.run(root: folder.url, catalog: Self.catalog(["prd"]))
        let site = result.findings.filter { $0.resource?.identifier == "aws_s3_bucket.site" }
        let siteVersioning = try #require(site.first { $0.ruleID == "s3-bucket-versioning" })
        #expect(siteVersioning.suppression == AppliedSuppression(state: .lowRisk, reason: "rebuilt from git on every deploy",
                                                                  author: "inline comment", expires: nil, origin: "main.tf:2"))
        #expect(site.filter { $0.ruleID != "s3-bucket-versioning" }.allSatisfy { $0.suppression == nil })
        let data = result.findings.filter { $0.resource?.identifier == "aws_s3_bucket.data" }
        #expect(data.first { $0.ruleID == "s3-bucket-lifecycle" }?.suppression?.origin == "main.tf:8")
        #expect(data.first { $0.ruleID == "s3-bucket-versioning" }?.suppression == nil)
    }

    @Test func inlineSuppressionOfAnUnknownRuleIsAWarningOnce() throws {
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", """
            # anshin:ignore s3-versioning typo in the rule id
            resource "aws_s3_bucket" "site" {
              bucket = "acme-site"
            }
            """)
        for env in ["prd", "stg"] { try folder.write("\(env).tfvars", ""); try folder.write("\(env).tfbackend", "") }
        let result = try TerraformAudit.run(root: folder.url, catalog: Self.catalog(["prd", "stg"]))
        let warnings = result.notes.filter { $0.message.contains("s3-versioning") }
        #expect(warnings.map(\.message) == ["main.tf:1: anshin:ignore names \"s3-versioning\", which is not a Terraform audit rule (prd, stg)"])
    }

    @Test func flowLogOfAVPCFromElsewhereLeavesManagedVPCsKnown() throws {
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", """
            data "aws_vpc" "shared" {
              tags = { Name = "shared" }
            }
            resource "aws_flow_log" "shared" {
              vpc_id       = data.aws_vpc.shared.id
              traffic_type = "ALL"
            }
            resource "aws_vpc" "own" {
              cidr_block = "10.1.0.0/16"
            }
            """)
        let result = try TerraformAudit.run(root: folder.url, catalog: Self.catalog(["prd"]))
        #expect(result.findings.filter { $0.ruleID == "vpc-flow-logs" }.map { $0.resource?.identifier } == ["aws_vpc.own"])
    }

    @Test func inlineSuppressionWithoutReasonIsAConfigurationError() throws {
        let folder = try TemporaryDirectory()
        try folder.write("s3.tf", """
            resource "aws_s3_bucket" "site" {
              # anshin:ignore s3-bucket-versioning
              bucket = "acme-site"
            }
            """)
        #expect(throws: ConfigurationError(path: "s3.tf", line: 2,
                                           message: "anshin:ignore s3-bucket-versioning needs a reason: # anshin:ignore s3-bucket-versioning <why this is acceptable>")) {
            try TerraformAudit.run(root: folder.url, catalog: Self.catalog(["prd"]))
        }
    }

    /// The layout of the seed: one root module for every environment, independent stacks in
    /// subdirectories with their own files, and modules that are only called.
    static func layout() throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", """
            terraform {
              backend "s3" {}
            }
            variable "env" { type = string }
            module "assets" {
              source = "./modules/bucket"
              name   = "acme-${var.env}-assets"
            }
            resource "aws_s3_bucket" "state" {
              bucket = "acme-tfstate-${var.env}"
            }
            """)
        for env in ["prd", "stg"] {
            try folder.write("\(env).tfvars", "env = \"\(env)\"\n")
            try folder.write("\(env).tfbackend", "bucket = \"acme-tfstate-\(env)\"\nkey = \"app.tfstate\"\nencrypt = true\n")
        }
        try folder.write("modules/bucket/main.tf", """
            variable "name" { type = string }
            resource "aws_s3_bucket" "this" {
              bucket = var.name
            }
            """)
        // A module directory that happens to have a prd.tfvars is still a module.
        try folder.write("modules/bucket/prd.tfvars", "name = \"x\"\n")
        try folder.write("metabase/main.tf", """
            terraform {
              backend "s3" {}
            }
            variable "env" { type = string }
            resource "aws_db_instance" "metabase" {
              identifier        = "metabase-${var.env}"
              engine            = "postgres"
              instance_class    = "db.t4g.small"
              storage_encrypted = false
            }
            """)
        try folder.write("metabase/prd.tfvars", "env = \"prd\"\n")
        try folder.write("metabase/prd.tfbackend", "bucket = \"acme-tfstate-prd\"\nkey = \"metabase.tfstate\"\n")
        try folder.write("metabase/.terraform/modules/x/main.tf", "resource \"aws_s3_bucket\" \"cached\" {}\n")
        return folder
    }

    @Test func subStacksAreFoundPerEnvironment() throws {
        let folder = try Self.layout()
        let targets = try TerraformWorkspace(root: folder.url, catalog: Self.catalog(["prd", "stg"])).stacks()
        let pairs = targets.map { "\($0.directory)@\($0.environment?.name ?? "-")" }
        #expect(pairs == [".@prd", "metabase@prd", ".@stg"])
        #expect(targets[1].varsFile == "prd.tfvars" && targets[1].backendFile == "prd.tfbackend")

        let result = try TerraformAudit.run(root: folder.url, catalog: Self.catalog(["prd", "stg"]))
        #expect(result.audited.map(\.directory) == [".", "metabase", "."])
        let encrypted = result.findings.filter { $0.ruleID == "rds-instance-storage-encrypted" }
        #expect(encrypted.map { "\($0.location?.path ?? ""):\($0.location?.line ?? 0)" } == ["metabase/main.tf:9"])
        #expect(encrypted.first?.resource?.environment == "prd")
        // Account-level findings come once per environment, not once per stack.
        #expect(result.findings.filter { $0.ruleID == "cloudtrail-multi-region" }.compactMap(\.resource?.environment) == ["prd", "stg"])
        // The backend file names the state bucket: its versioning finding says so.
        let state = result.findings.first { $0.ruleID == "s3-bucket-versioning" && $0.resource?.identifier == "aws_s3_bucket.state" }
        #expect(state?.severity == .high)
        #expect(result.findings.filter { $0.ruleID == "terraform-backend-encryption" }.map { $0.location?.path } == ["metabase/main.tf"])
    }

    @Test func findingsAreGroupedAcrossEnvironments() throws {
        let folder = try Self.layout()
        let result = try TerraformAudit.run(root: folder.url, catalog: Self.catalog(["prd", "stg"]))
        let spread = result.spread()
        let assets = try #require(spread.first { $0.ruleID == "s3-bucket-versioning" && $0.identifier == "module.assets.aws_s3_bucket.this" })
        #expect(assets.holds == ["prd", "stg"] && assets.absent.isEmpty)
        #expect(assets.summary == "holds in prd, stg")
        let metabase = try #require(spread.first { $0.ruleID == "rds-instance-storage-encrypted" })
        #expect(metabase.directory == "metabase" && metabase.holds == ["prd"] && metabase.absent.isEmpty)
        let locking = try #require(spread.first { $0.ruleID == "terraform-backend-locking" && $0.directory == "." })
        #expect(locking.holds == ["prd", "stg"])
    }

    @Test func unknownEnvironmentIsAConfigurationError() throws {
        let folder = try Self.layout()
        #expect(throws: ConfigurationError.self) {
            try TerraformAudit.run(root: folder.url, catalog: Self.catalog(["prd"]), environments: ["qa"])
        }
    }

    @Test func backendFilesAreHCLAttributes() throws {
        let values = try TerraformWorkspace.readBackendConfiguration("""
            bucket  = "acme-tfstate-prd" # state
            encrypt = true
            max_retries = 5
            """, path: "prd.tfbackend")
        #expect(values == ["bucket": "acme-tfstate-prd", "encrypt": "true", "max_retries": "5"])
        #expect(throws: ConfigurationError.self) { try TerraformWorkspace.readBackendConfiguration("bucket = var.x\n", path: "x.tfbackend") }
    }

    @Test func capabilityAppliesToTerraformFolders() async throws {
        let folder = try Self.layout()
        let context = AssessmentContext(root: folder.url, catalog: Self.catalog(["prd"]), clock: Clock(now: Date(timeIntervalSince1970: 0)))
        let capability = TerraformAuditCapability()
        #expect(capability.name == "terraform")
        #expect(capability.applies(to: context))
        let result = try await capability.assess(context)
        #expect(result.findings.contains { $0.ruleID == "rds-instance-storage-encrypted" })
        let empty = try TemporaryDirectory()
        #expect(!capability.applies(to: AssessmentContext(root: empty.url, catalog: Self.catalog([]), clock: Clock(now: Date(timeIntervalSince1970: 0)))))
    }
}
