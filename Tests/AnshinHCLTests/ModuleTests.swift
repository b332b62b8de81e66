import Foundation
import Testing
@testable import AnshinHCL

@Suite("Modules")
struct ModuleTests {
    static func basic(_ inputs: VariableInputs = VariableInputs()) throws -> EvaluatedModule {
        try ModuleEvaluator.evaluate(directory: moduleFixture("basic").path, inputs: inputs)
    }

    @Test("The loader sorts a directory's declarations")
    func loader() throws {
        let module = try TerraformModule.load(directory: moduleFixture("basic").path)
        #expect(module.variables.map(\.name) == ["env", "replicas", "tags", "settings", "password"])
        #expect(module.variables[2].type == .map(.string))
        #expect(module.variables[3].type == .object(["name": .string, "size": .number], optional: ["size": 10]))
        #expect(module.locals.map(\.name) == ["full_name", "prefix", "zones", "by_zone"])
        #expect(module.resources.map(\.address) == [
            "aws_s3_bucket.logs", "aws_s3_bucket_versioning.logs", "aws_instance.web", "aws_route53_record.web",
            "data.aws_ami.base", "aws_security_group.web", "aws_ssm_parameter.secret",
        ])
        #expect(module.moduleCalls.map(\.name) == ["child", "each_child", "remote"])
        #expect(module.moduleCalls.map(\.isLocal) == [true, true, false])
        #expect(module.outputs.map(\.name) == ["child_bucket", "each_children", "remote_vpc", "secret"])
        #expect(module.resources[0].range.description == "main.tf:36:1")
    }

    @Test("Variables: defaults, terraform.tfvars, *.auto.tfvars.json, then -var-file, then -var")
    func variablePrecedence() throws {
        let automatic = try Self.basic()
        #expect(automatic.variables["env"] == "dev")
        #expect(automatic.variables["replicas"] == 2)
        #expect(automatic.variables["tags"] == .map(["Team": "auto"]))
        #expect(automatic.variables["settings"] == .object(["name": "default", "size": 10]))
        #expect(automatic.variables["password"] == .sensitive(.unknown(.string)))
        #expect(automatic.diagnostics.map(\.description) == [
            "main.tf:23:1: warning: No value for required variable \"password\": it has no default and no value was given, so it is unknown",
        ])

        let prd = try Self.basic(VariableInputs(files: ["prd.tfvars"], assignments: [(name: "replicas", value: "4")],
                                                environment: ["TF_VAR_password": "s3cret", "TF_VAR_env": "ignored"]))
        #expect(prd.variables["env"] == "prd")
        #expect(prd.variables["replicas"] == 4)
        #expect(prd.variables["tags"] == .map(["Team": "sre", "Cost": "12"]))
        #expect(prd.variables["password"] == .sensitive("s3cret"))
        #expect(prd.diagnostics.isEmpty)

        let structural = try Self.basic(VariableInputs(assignments: [(name: "tags", value: "{ a = \"b\" }")], loadsAutomaticFiles: false))
        #expect(structural.variables["tags"] == .map(["a": "b"]))
        #expect(structural.variables["env"] == .unknown(.string))
    }

    @Test("A wrong variable type is a located diagnostic and an unknown value")
    func badVariable() throws {
        let result = try Self.basic(VariableInputs(values: ["replicas": "many"]))
        #expect(result.variables["replicas"] == .unknown(.number))
        #expect(result.errors.map(\.message) == [
            "Invalid value for variable \"replicas\": cannot convert \"many\" to number; given string must be a decimal representation of a number",
        ])
        let instance = try #require(result.resource("aws_instance.web"))
        #expect(instance.expansionUnknown)
    }

    @Test("Locals in any order; resources expanded with count and for_each")
    func resources() throws {
        let result = try Self.basic()
        #expect(result.locals["full_name"] == "app-dev")
        #expect(result.locals["by_zone"]?.description == #"{ "us-east-1a" = "10.0.0.0/24", "us-east-1b" = "10.0.1.0/24", "us-east-1c" = "10.0.2.0/24" }"#)
        let bucket = try #require(result.resource("aws_s3_bucket.logs"))
        #expect(bucket["bucket"] == "app-dev-logs")
        #expect(bucket["tags"] == .object(["Team": "auto", "Name": "app-dev"]))
        #expect(bucket.range(of: "bucket")?.description == "main.tf:37:3")
        let versioning = try #require(result.resource("aws_s3_bucket_versioning.logs"))
        #expect(versioning["bucket"] == "app-dev-logs", "aws_s3_bucket.id is the bucket name")
        #expect(versioning.attributes["versioning_configuration"]?[0]?["status"] == "Suspended")
        #expect(versioning.body.blocks(ofType: "versioning_configuration").first?.range.description == "main.tf:44:3")

        let web = result.resources(ofType: "aws_instance")
        #expect(web.map(\.address) == ["aws_instance.web[0]", "aws_instance.web[1]"])
        #expect(web.map { $0["subnet_id"] } == ["10.0.0.0/24", "10.0.1.0/24"])
        #expect(web[1]["tags"] == .object(["Name": "web-1"]))
        #expect(web[0]["ami"] == .unknownValue, "a data source attribute is unknown before apply")

        let records = result.resources(ofType: "aws_route53_record")
        #expect(records.map(\.address) == ["aws_route53_record.web"])
        #expect(records.first?.expansionUnknown == true)
        #expect(records.first?["name"] == .unknown(.string))

        let data = try #require(result.resource("data.aws_ami.base"))
        #expect(data.mode == .data && data["most_recent"] == true)
    }

    @Test("Dynamic blocks at any depth, with iterators; unknown elements keep the count")
    func dynamicBlocks() throws {
        let group = try #require(try Self.basic().resource("aws_security_group.web"))
        let ingress = group.body.blocks(ofType: "ingress")
        #expect(ingress.map { $0.body.attributes["description"]?.value } == ["http", "https"])
        #expect(ingress.map { $0.body.attributes["from_port"]?.value } == [80, 443])
        #expect(ingress.allSatisfy { $0.isDynamic })
        #expect(ingress[1].body.blocks(ofType: "cidr").map { $0.body.value.description } == [
            #"{ rule = "https", zone = "us-east-1a" }"#, #"{ rule = "https", zone = "us-east-1b" }"#, #"{ rule = "https", zone = "us-east-1c" }"#,
        ])
        #expect(ingress[0].range.description == "main.tf:77:5", "a dynamic block points at its content block")
        let egress = group.body.blocks(ofType: "egress")
        #expect(egress.count == 2)
        #expect(egress.allSatisfy { $0.body.attributes["to"]?.value == .unknownValue })
    }

    @Test("Lifecycle and sensitive values of a for_each resource")
    func lifecycle() throws {
        let parameters = try Self.basic(VariableInputs(values: ["password": "pw"])).resources(ofType: "aws_ssm_parameter")
        #expect(parameters.map(\.address) == [#"aws_ssm_parameter.secret["api"]"#, #"aws_ssm_parameter.secret["db"]"#])
        #expect(parameters.map { $0["name"] } == ["/app/api", "/app/db"])
        #expect(parameters[0]["value"] == .sensitive("pw"))
        #expect(parameters[0].lifecycle.ignoreChanges == ["value", #"tags["Owner"]"#])
        #expect(parameters[0].lifecycle.createBeforeDestroy == true)
        #expect(parameters[0].lifecycle.range?.description == "main.tf:106:3")
        #expect(parameters[0].key == .string("api"))
    }

    @Test("Local modules are evaluated with their inputs and outputs; remote ones are recorded")
    func modules() throws {
        let result = try Self.basic()
        #expect(result.resources.filter { !$0.modulePath.isEmpty }.map(\.address) == [
            "module.child.aws_s3_bucket.this", "module.child.aws_s3_bucket_versioning.this[0]",
            #"module.each_child["x"].aws_s3_bucket.this"#, #"module.each_child["x"].aws_s3_bucket_versioning.this[0]"#,
            #"module.each_child["y"].aws_s3_bucket.this"#, #"module.each_child["y"].aws_s3_bucket_versioning.this[0]"#,
        ])
        let childBucket = try #require(result.resource("module.child.aws_s3_bucket.this"))
        #expect(childBucket["bucket"] == "app-dev-logs")
        #expect(childBucket.range.description == "modules/child/main.tf:14:1")
        #expect(childBucket.modulePath == [ModuleStep(name: "child")])
        #expect(result.outputs["child_bucket"] == "app-dev-logs")
        #expect(result.outputs["each_children"] == .object(["x": "bucket-x", "y": "bucket-y"]))
        #expect(result.outputs["remote_vpc"] == .unknownValue)
        #expect(result.outputs["secret"] == .sensitive(.unknown(.string)))
        #expect(result.modules.map(\.address) == ["module.child", #"module.each_child["x"]"#, #"module.each_child["y"]"#, "module.remote"])
        #expect(result.modules[0].outputs["module_path"] == "modules/child")
        #expect(result.modules[0].outputs["arn"] == .unknownValue)
        #expect(result.modules[0].directory == "modules/child")
        guard case .notEvaluated(let reason) = result.modules[3].status else {
            Issue.record("the registry module should not be evaluated")
            return
        }
        #expect(reason.contains("terraform-aws-modules/vpc/aws"))
    }

    @Test("A cycle among locals is an error naming them; evaluation goes on")
    func cycles() throws {
        let result = try ModuleEvaluator.evaluate(directory: moduleFixture("cycle").path)
        #expect(result.diagnostics.map(\.description) == [
            "main.tf:4:7: error: Cycle in local values: local.a → local.b → local.c → local.a",
            "main.tf:7:7: error: Division by zero",
        ])
        #expect(result.locals["a"] == .unknownValue)
        #expect(result.locals["c"] == .unknownValue)
        #expect(result.locals["e"] == 2)
        #expect(result.locals["g"] == .unknownValue)
    }

    @Test("Modules may read each other's outputs; what is read from inside its own call is unknown, not a cycle")
    func mutualModuleOutputs() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("anshin-mutual-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("modules/echo"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("""
            module "key" {
              source = "./modules/echo"
              input  = module.cluster.role_arn
            }
            module "cluster" {
              source = "./modules/echo"
              input  = module.key.echo
            }
            resource "aws_iam_role" "node" {
              name = "node-${module.uses_role.constant}"
            }
            module "uses_role" {
              source = "./modules/echo"
              input  = aws_iam_role.node.name
            }
            resource "aws_s3_bucket" "self" {
              bucket = aws_s3_bucket.self.id
            }
            """.utf8).write(to: root.appendingPathComponent("main.tf"))
        try Data("""
            variable "input" {
              type = string
            }
            output "echo" {
              value = var.input
            }
            output "role_arn" {
              value = "arn:aws:iam::111111111111:role/cluster"
            }
            output "constant" {
              value = "fixed"
            }
            """.utf8).write(to: root.appendingPathComponent("modules/echo/main.tf"))
        let result = try ModuleEvaluator.evaluate(directory: root.path)
        #expect(result.diagnostics.map(\.description) == [
            "main.tf:17:12: error: Cycle: aws_s3_bucket.self refers to itself through the references of its own arguments",
        ])
        let key = try #require(result.modules.first { $0.address == "module.key" })
        let cluster = try #require(result.modules.first { $0.address == "module.cluster" })
        #expect(cluster.variables["input"]?.isKnown == false)
        #expect(key.variables["input"] == "arn:aws:iam::111111111111:role/cluster")
        #expect(result.resource("aws_iam_role.node")?["name"] == "node-fixed")
    }

    @Test("A resource attribute set to null reads as unknown elsewhere: the provider may compute it")
    func nullAttributesAreComputed() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("anshin-null-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("""
            variable "version" {
              type    = string
              default = null
            }
            resource "aws_launch_template" "this" {
              name            = "nodes"
              default_version = var.version
            }
            locals {
              version = coalesce(var.version, try(aws_launch_template.this.default_version, "$Default"))
              name    = aws_launch_template.this.name
            }
            """.utf8).write(to: root.appendingPathComponent("main.tf"))
        let result = try ModuleEvaluator.evaluate(directory: root.path)
        #expect(result.diagnostics.isEmpty)
        #expect(result.locals["version"]?.isKnown == false)
        #expect(result.locals["name"] == "nodes")
        #expect(result.resource("aws_launch_template.this")?["default_version"]?.isNull == true)
    }

    @Test(".tf.json modules: attributes, count, lifecycle, outputs")
    func jsonModule() throws {
        let result = try ModuleEvaluator.evaluate(directory: moduleFixture("json").path)
        #expect(result.diagnostics.isEmpty)
        #expect(result.resources.map(\.address) == ["aws_s3_bucket.data[0]", "aws_s3_bucket.data[1]"])
        #expect(result.resources.map { $0["bucket"] } == ["json-eu-west-1", "json-eu-west-1"])
        #expect(result.resources[0].lifecycle.ignoreChanges == ["tags"])
        #expect(result.outputs["first"] == "json-eu-west-1")
        #expect(result.resources[0].range.path == "main.tf.json")
    }
    @Test("Unknown attribute values keep their expression and the known structure of jsonencode and templates")
    func structureOfUnknownValues() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("anshin-structure-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("""
            resource "aws_s3_bucket" "data" {
              bucket = "data"
            }
            resource "aws_iam_policy" "read" {
              policy = jsonencode({ Statement = [{ Action = "s3:GetObject", Resource = "${aws_s3_bucket.data.arn}/*" }] })
              text   = "arn=${aws_s3_bucket.data.arn} name=${aws_s3_bucket.data.id}"
              name   = "read"
            }
            """.utf8).write(to: directory.appendingPathComponent("main.tf"))
        let result = try ModuleEvaluator.evaluate(directory: directory.path)
        let policy = try #require(result.resource("aws_iam_policy.read"))
        let attribute = try #require(policy.body.attributes["policy"])
        #expect(!attribute.value.isKnown)
        #expect(attribute.structure?["Statement"]?[0]?["Action"] == "s3:GetObject")
        #expect(attribute.structure?["Statement"]?[0]?["Resource"]?.isKnown == false)
        #expect(attribute.expression?.references.map(\.description) == ["aws_s3_bucket.data.arn"])
        let text = try #require(policy.body.attributes["text"])
        #expect(text.structure == .tuple(["arn=", .unknown(.dynamic), " name=", "data"]))
        #expect(policy.body.attributes["name"]?.structure == nil)
    }
}
