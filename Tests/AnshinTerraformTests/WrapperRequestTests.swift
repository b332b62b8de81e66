import AnshinCore
import AnshinTerraform
import AnshinTesting
import Foundation
import Testing

@Suite struct WrapperRequestTests {
    @Test func environmentCommandAndTerraformArgumentsInOrder() throws {
        let request = try WrapperRequest.parse(["stg", "plan", "-out=stg.plan", "-target", "module.x"])
        #expect(request == WrapperRequest(environment: "stg", command: "plan", arguments: ["-out=stg.plan", "-target", "module.x"]))
    }

    @Test func anshinOptionsAreTakenFromAnywhereBeforeTheSeparator() throws {
        let request = try WrapperRequest.parse(["--all", "prd", "plan", "-C", "metabase", "-lock=false", "--yes", "--", "--yes", "-C", "x"])
        #expect(request.environment == "prd")
        #expect(request.command == "plan")
        #expect(request.directory == "metabase")
        #expect(request.all)
        #expect(request.assumeYes)
        #expect(request.arguments == ["-lock=false", "--yes", "-C", "x"], "after -- everything goes to terraform")
        #expect(try WrapperRequest.parse(["prd", "plan", "-C=datadog"]).directory == "datadog")
        #expect(try WrapperRequest.parse(["prd", "plan", "--chdir", "datadog"]).directory == "datadog")
    }

    @Test func subcommandsStayWithTheirCommand() throws {
        let request = try WrapperRequest.parse(["prd", "state", "rm", "aws_s3_bucket.logs"])
        #expect(request.command == "state")
        #expect(request.arguments == ["rm", "aws_s3_bucket.logs"])
        #expect(TerraformCommands.operation(command: request.command, arguments: request.arguments) == "state rm")
        #expect(TerraformCommands.operation(command: "state", arguments: ["list"]) == "state list")
        #expect(TerraformCommands.operation(command: "apply", arguments: ["-auto-approve"]) == "apply")
    }

    @Test(arguments: [
        ([], "missing <env> and <command>"),
        (["stg"], "missing <command> after stg"),
        (["-var", "x=1"], "expected an environment before \"-var\""),
        (["stg", "-chdir=metabase", "plan"], "use -C DIR"),
        (["stg", "plan", "-C"], "-C needs a directory"),
        (["stg", "plan", "-C="], "-C= needs a directory"),
    ])
    func badArgumentsAreUsageErrors(_ arguments: [String], _ message: String) {
        #expect {
            _ = try WrapperRequest.parse(arguments)
        } throws: { error in
            guard let error = error as? WrapperError else { return false }
            return error.exitStatus == 2 && error.message.contains(message)
        }
    }

    @Test func helpAndUsageFollowTheShellWrapper() {
        #expect(WrapperRequest.asksForHelp(["-help"]))
        #expect(WrapperRequest.asksForHelp(["--help"]))
        #expect(!WrapperRequest.asksForHelp(["stg", "plan", "-help"]), "terraform's own help")
        let usage = WrapperRequest.usage(environments: ["prd", "stg"])
        #expect(usage.hasPrefix("Usage: [TF_SKIP_INIT=boolean ] anshin tf [-help] <env> <command> [args]\n"))
        #expect(usage.contains("env          : environment [prd/stg]"))
        #expect(usage.contains("TF_SKIP_INIT : skip \"terraform init\""))
    }

    /// Random argument lists either parse into a request whose parts come from the input, or fail
    /// as usage errors; nothing else.
    @Test func randomArgumentListsNeverCrash() {
        var generator = SplitMix64(seed: 16)
        let pieces = ["stg", "prd", "plan", "apply", "-C", "metabase", "--all", "--yes", "--", "-var", "x=1", "-", "", "-C=", "state", "rm"]
        for _ in 0..<2_000 {
            let arguments = (0..<Int.random(in: 0...7, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
            do {
                let request = try WrapperRequest.parse(arguments)
                #expect(arguments.contains(request.environment) && arguments.contains(request.command))
                #expect(!request.environment.hasPrefix("-"))
            } catch {
                #expect(error.exitStatus == 2)
            }
        }
    }
}

@Suite struct TerraformCommandsTests {
    @Test func theFirstPositionalSkipsFlagValues() {
        #expect(TerraformCommands.firstPositional(["-auto-approve", "stg.plan"]) == "stg.plan")
        #expect(TerraformCommands.firstPositional(["-target", "aws_s3_bucket.x", "-input=false"]) == nil)
        #expect(TerraformCommands.firstPositional(["-var", "a=b", "--parallelism", "2", "out.plan"]) == "out.plan")
        #expect(TerraformCommands.firstPositional(["-var=a=b", "p"]) == "p")
        #expect(TerraformCommands.firstPositional([]) == nil)
    }

    @Test func aSavedPlanIsAFileNotADirectory() throws {
        let folder = try TemporaryDirectory()
        try folder.write("stg.plan", "plan")
        try folder.write("config/main.tf", "")
        #expect(TerraformCommands.appliesSavedPlan(["stg.plan"], in: folder.url))
        #expect(TerraformCommands.appliesSavedPlan(["-auto-approve", "missing.plan"], in: folder.url))
        #expect(!TerraformCommands.appliesSavedPlan(["config"], in: folder.url))
        #expect(!TerraformCommands.appliesSavedPlan(["-auto-approve", "-target", "module.x"], in: folder.url))
    }

    @Test func helpTextsAreReadForTheOptionNotForProse() {
        #expect(TerraformProgram.helpListsVarFile("Options:\n\n  -var 'foo=bar'     Set a variable.\n\n  -var-file=filename Load variable values.\n"))
        #expect(!TerraformProgram.helpListsVarFile("Usage: terraform destroy\n  This command also accepts the plan options; see -var-file in plan -help.\n"))
        #expect(!TerraformProgram.helpListsVarFile("Options:\n  -json   Produce output in JSON.\n"))
    }

    @Test(arguments: [
        ("Terraform v1.0.3\non linux_amd64\n", TerraformProgram.Kind.terraform, "1.0.3"),
        ("OpenTofu v1.8.2\non linux_amd64\n", .openTofu, "1.8.2"),
        ("Terraform v1.11.4\non linux_amd64\n+ provider registry.terraform.io/hashicorp/aws v5.0.0\n", .terraform, "1.11.4"),
    ])
    func versionOutputIsRead(_ text: String, _ kind: TerraformProgram.Kind, _ version: String) throws {
        let parsed = try #require(TerraformProgram.parseVersionOutput(text))
        #expect(parsed.kind == kind)
        #expect(parsed.version.description == version)
    }

    @Test func unknownVersionOutputIsNotGuessed() {
        #expect(TerraformProgram.parseVersionOutput("") == nil)
        #expect(TerraformProgram.parseVersionOutput("Pulumi v3.0.0") == nil)
        #expect(TerraformProgram.parseVersionOutput("Terraform version unknown") == nil)
    }
}
