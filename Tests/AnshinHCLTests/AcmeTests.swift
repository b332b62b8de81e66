import Foundation
import Testing
@testable import AnshinHCL

/// End to end on `examples/acme`, evaluated per environment as `anshin audit terraform --env E`
/// would: `E.tfvars` on top of the defaults. Expectations are read from the example's own
/// `.tf` and `.tfvars` files.
@Suite("examples/acme")
struct AcmeTests {
    static func evaluate(_ environment: String) throws -> EvaluatedModule {
        try ModuleEvaluator.evaluate(directory: acmeDirectory.path, inputs: VariableInputs(files: ["\(environment).tfvars"]))
    }

    @Test("Evaluates with only the two secret variables missing", arguments: ["prd", "stg", "demo"])
    func diagnostics(_ environment: String) throws {
        let result = try Self.evaluate(environment)
        #expect(result.diagnostics.map(\.description) == [
            "variables.tf:126:1: warning: No value for required variable \"db_master_password\": it has no default and no value was given, so it is unknown",
            "variables.tf:148:1: warning: No value for required variable \"github_token\": it has no default and no value was given, so it is unknown",
        ])
        #expect(result.variables["env"] == .string(environment))
        #expect(result.variables["db_master_password"] == .sensitive(.unknown(.string)))
        #expect(result.settings.backendType == "s3")
        #expect(result.settings.requiredProviders["aws"]?.source == "hashicorp/aws")
        let aws = try #require(result.providers.first { $0.name == "aws" })
        #expect(aws.body.attributes["region"]?.value == "ap-northeast-1")
        #expect(aws.body.blocks(ofType: "default_tags").first?.body.attributes["tags"]?.value["Environment"] == .string(environment))
    }

    @Test("The legacy app user exists in prd and stg, not in demo", arguments: [("prd", 1), ("stg", 1), ("demo", 0)])
    func legacyUser(_ environment: String, _ count: Int) throws {
        let result = try Self.evaluate(environment)
        #expect(result.resources(ofType: "aws_iam_user").filter { $0.name == "legacy_app" }.count == count)
        #expect(result.resources(ofType: "aws_iam_access_key").filter { $0.name == "legacy_app" }.count == count)
        if count == 1 {
            let user = try #require(result.resource("aws_iam_user.legacy_app[0]"))
            #expect(user["name"] == .string("acme-\(environment)-legacy-app"))
            #expect(user.range.description == "iam.tf:92:1")
            #expect(result.resource("aws_iam_access_key.legacy_app[0]")?["user"] == .string("acme-\(environment)-legacy-app"))
            #expect(result.outputs["legacy_app_access_key_id"] == .unknownValue)
        } else {
            #expect(result.outputs["legacy_app_access_key_id"] == .null)
        }
    }

    @Test("Locals follow the environment", arguments: [
        ("prd", #"tolist(["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"])"#, 3, true),
        ("stg", #"tolist(["ap-northeast-1a", "ap-northeast-1c"])"#, 1, false),
        ("demo", #"tolist(["ap-northeast-1a", "ap-northeast-1c"])"#, 1, false),
    ])
    func locals(_ environment: String, _ zones: String, _ natGateways: Int, _ isPrd: Bool) throws {
        let result = try Self.evaluate(environment)
        #expect(result.locals["azs"]?.description == zones)
        #expect(result.locals["nat_gateway_count"] == .int(natGateways))
        #expect(result.locals["is_prd"] == .bool(isPrd))
        #expect(result.resources(ofType: "aws_nat_gateway").count == natGateways)
        let subnets = result.resources(ofType: "aws_subnet").filter { $0.name == "private" }
        #expect(subnets.count == (isPrd ? 3 : 2))
        #expect(subnets.first?["tags"]?["Name"] == .string("acme-\(environment)-private-a"))
        #expect(result.outputs["app_url"] == .string(environment == "prd" ? "https://app.acme.example" : "https://\(environment).acme.example"))
    }

    @Test("Module buckets are expanded with their inputs", arguments: ["prd", "stg", "demo"])
    func moduleBuckets(_ environment: String) throws {
        let result = try Self.evaluate(environment)
        let buckets = result.resources(ofType: "aws_s3_bucket")
        #expect(buckets.map(\.address) == ["aws_s3_bucket.codebuild_artifacts", "aws_s3_bucket.logs", "aws_s3_bucket.imports",
                                           "module.assets.aws_s3_bucket.this", "module.exports.aws_s3_bucket.this"])
        #expect(buckets.map { $0["bucket"]?.stringValue ?? "?" } == ["codebuild-artifacts", "logs", "imports", "assets", "exports"]
            .map { "acme-\(environment)-\($0)" })
        let logging = try #require(result.resource("module.assets.aws_s3_bucket_logging.this[0]"))
        #expect(logging["bucket"] == .string("acme-\(environment)-assets"), "aws_s3_bucket.this.id is the bucket name")
        #expect(logging["target_bucket"] == .string("acme-\(environment)-logs"))
        #expect(logging["target_prefix"] == .string("s3/acme-\(environment)-assets/"))
        #expect(logging.range.description == "modules/bucket/main.tf:75:1")
        #expect(result.resource("module.exports.aws_s3_bucket_versioning.this[0]") != nil)
        #expect(result.outputs["assets_bucket"] == .string("acme-\(environment)-assets"))
        #expect(result.modules.map(\.address) == ["module.assets", "module.exports"])
        let encryption = try #require(result.resource("module.assets.aws_s3_bucket_server_side_encryption_configuration.this"))
        let rule = encryption.attributes["rule"]?[0]
        #expect(rule?["apply_server_side_encryption_by_default"]?[0]?["sse_algorithm"] == "AES256")
        #expect(rule?["bucket_key_enabled"] == false)
    }

    @Test("Dynamic lifecycle rules of the bucket module")
    func dynamicLifecycleRules() throws {
        let result = try Self.evaluate("prd")
        let exports = try #require(result.resource("module.exports.aws_s3_bucket_lifecycle_configuration.this[0]"))
        let rules = exports.body.blocks(ofType: "rule")
        #expect(rules.map { $0.body.attributes["id"]?.value } == ["expire-exports", "expire-noncurrent-versions"])
        #expect(rules[0].body.blocks(ofType: "filter").first?.body.attributes["prefix"]?.value == "exports/")
        #expect(rules[0].body.blocks(ofType: "expiration").first?.body.attributes["days"]?.value == 30)
        #expect(rules[0].body.blocks(ofType: "noncurrent_version_expiration").isEmpty)
        #expect(rules[1].body.blocks(ofType: "noncurrent_version_expiration").first?.body.attributes["noncurrent_days"]?.value == 7)
        #expect(rules[1].body.blocks(ofType: "filter").first?.body.attributes["prefix"]?.value == "")
        #expect(rules.allSatisfy { $0.body.blocks(ofType: "abort_incomplete_multipart_upload").count == 1 })
        #expect(rules[0].range.description == "modules/bucket/main.tf:90:5")
        let assets = try #require(result.resource("module.assets.aws_s3_bucket_lifecycle_configuration.this[0]"))
        #expect(assets.attributes["rule"]?.elements?.count == 1)
        #expect(exports.dependsOn == ["aws_s3_bucket_versioning.this"])
    }

    @Test("Dynamic ingress and environment variables in the root stack")
    func rootDynamicBlocks() throws {
        let result = try Self.evaluate("stg")
        let alb = try #require(result.resource("aws_security_group.alb"))
        #expect(alb.body.blocks(ofType: "ingress").map { $0.body.attributes["description"]?.value } == ["Port 80 from anywhere", "Port 443 from anywhere"])
        #expect(alb.body.blocks(ofType: "egress").first?.body.attributes["cidr_blocks"]?.value == .tuple(["10.20.0.0/16"]))
        let project = try #require(result.resource("aws_codebuild_project.app"))
        let variables = project.body.blocks(ofType: "environment").first?.body.blocks(ofType: "environment_variable") ?? []
        #expect(variables.map { $0.body.attributes["name"]?.value } == ["ACME_ENV", "AWS_ACCOUNT_ID", "ECR_REPOSITORY", "ECS_CLUSTER", "ECS_SERVICE"])
        #expect(variables.map { $0.body.attributes["value"]?.value } == ["stg", "222222222222", .unknownValue, "acme-stg", "web"])
    }

    @Test("SSM parameters expanded with for_each, ignore_changes visible", arguments: ["prd", "demo"])
    func parameters(_ environment: String) throws {
        let parameters = try Self.evaluate(environment).resources(ofType: "aws_ssm_parameter")
        #expect(parameters.map(\.key) == ["DATABASE_PASSWORD", "SECRET_KEY_BASE", "SENDGRID_API_KEY", "SLACK_WEBHOOK_URL", "STRIPE_SECRET_KEY"]
            .map { InstanceKey.string($0) })
        #expect(parameters.first?["name"] == .string("/acme/\(environment)/app/DATABASE_PASSWORD"))
        #expect(parameters.first?["value"] == "dummy")
        #expect(parameters.first?["key_id"] == .unknownValue)
        #expect(parameters.allSatisfy { $0.lifecycle.ignoreChanges == ["value"] })
        #expect(parameters.first?.address == #"aws_ssm_parameter.app_secrets["DATABASE_PASSWORD"]"#)
    }

    @Test("Unknown values stay unknown: references to computed attributes")
    func unknowns() throws {
        let result = try Self.evaluate("prd")
        #expect(result.resource("aws_lb.app")?["security_groups"] == .tuple([.unknownValue]))
        #expect(result.resource("aws_lb.app")?["subnets"] == .tuple([.unknownValue, .unknownValue, .unknownValue]))
        #expect(result.resource("aws_lb.app")?["enable_deletion_protection"] == true)
        #expect(result.resource("aws_iam_policy.app_s3")?["policy"] == .unknown(.string) || result.resource("aws_iam_policy.app_s3")?["policy"] == .unknownValue)
        let records = result.resources(ofType: "aws_route53_record").filter { $0.name == "cert_validation" }
        #expect(records.count == 1 && records[0].expansionUnknown)
        #expect(result.resource("aws_s3_bucket_public_access_block.logs")?["bucket"] == "acme-prd-logs")
    }

    @Test("The datadog and metabase stacks evaluate on their own", arguments: ["datadog", "metabase"])
    func subStacks(_ stack: String) throws {
        let directory = acmeDirectory.appendingPathComponent(stack)
        for environment in ["prd", "stg"] {
            let result = try ModuleEvaluator.evaluate(directory: directory.path, inputs: VariableInputs(files: ["\(environment).tfvars"]))
            #expect(result.errors.isEmpty, "\(stack) \(environment): \(result.errors)")
            #expect(!result.resources.isEmpty)
        }
    }
}
