@testable import anshin
import AnshinCore
import AnshinTesting
import ArgumentParser
import Foundation
import Testing

/// One tool: the same flags mean the same everywhere, mistakes are named, errors say the real problem.
@Suite struct ConsistencyCLITests {
    static let fixed: [String: String?] = ["SOURCE_DATE_EPOCH": "1795770000", "NO_COLOR": "1", "COLUMNS": "100"]

    func anshin(_ arguments: [String], in directory: URL = Command.packageRoot, environment: [String: String?] = [:]) throws -> CommandResult {
        try Command.run(Command.anshinBinary, arguments, in: directory, environment: Self.fixed.merging(environment) { $1 })
    }

    /// Every command's help, as a user reads it at 100 columns.
    static let commands: [[String]] = [
        [], ["assess"], ["audit"], ["audit", "terraform"], ["audit", "aws"], ["secrets"], ["secrets", "scan"],
        ["secrets", "triage"], ["triage"], ["secrets", "hook"], ["secrets", "hook", "install"], ["secrets", "hook", "uninstall"],
        ["secrets", "rules"], ["envs"], ["audit", "github"], ["issues"], ["issues", "sync"], ["issues", "list"],
        ["logs"], ["logs", "report"], ["logs", "group"], ["logs", "volume"], ["logs", "cwagent"], ["logs", "athena"], ["logs", "ingest"],
        ["ribbon"], ["ribbon", "build"], ["ribbon", "check"], ["diagram"],
        ["tf"], ["tf", "doctor"], ["tf", "diff"], ["tf", "atlantis"],
        ["params"], ["params", "set"], ["params", "get"], ["params", "list"], ["params", "diff"], ["params", "exec"],
        ["params", "import-envrc"],
        ["monitor"], ["monitor", "check-config"], ["monitor", "once"], ["monitor", "run"], ["monitor", "serve"],
        ["rules"], ["explain"],
    ]

    /// Every command a user can call has its golden help above: a new command cannot be left out.
    @Test func everyCommandHasAGoldenHelp() {
        func walk(_ command: any ParsableCommand.Type, _ path: [String]) -> [[String]] {
            command.configuration.subcommands.filter { $0.configuration.shouldDisplay }.flatMap { sub in
                walk(sub, path + [AnshinCommand.name(of: sub)])
            } + [path]
        }
        let listed = Set(Self.commands)
        for command in walk(AnshinCommand.self, []) {
            #expect(listed.contains(command), "no golden help for anshin \(command.joined(separator: " "))")
        }
    }

    @Test(arguments: commands)
    func helpOfEveryCommandIsGolden(_ command: [String]) throws {
        let result = try anshin(command + ["--help"])
        #expect(result.status == 0)
        let name = (["help"] + command).joined(separator: "-") + ".txt"
        #expect(Golden.mismatch(result.stdout, name: name, directory: Golden.fixtures("golden", "help")) == nil)
    }

    /// The shared flags, spelled the same in every command that has them.
    @Test(arguments: [
        (["assess"], ["<folder>", "--path, --root <folder>", "-f, --format <format>", "-o, --output <path>", "--fail-on <severity>",
                      "--env <name>", "--var <name=value>", "--var-file <file>", "--baseline <file>"]),
        (["audit", "terraform"], ["<folder>", "--path, --root <folder>", "-f, --format <format>", "-o, --output <path>",
                                  "--fail-on <severity>", "--env <name>", "--var <name=value>", "--var-file <file>", "--baseline <file>"]),
        (["audit", "aws"], ["<folder>", "--path, --root <folder>", "-f, --format <format>", "-o, --output <path>", "--fail-on <severity>",
                            "--env <name>"]),
        (["secrets", "scan"], ["<folder>", "--path, --root <folder>", "-f, --format <format>", "-o, --output <path>",
                               "--fail-on <severity>", "--baseline <file>", "--include-ignored/--no-include-ignored"]),
        (["triage"], ["<folder>", "--path, --root <folder>", "--state <state>"]),
        (["envs"], ["<folder>", "--path, --root <folder>", "-f, --format <format>"]),
        (["audit", "github"], ["<folder>", "--path, --root <folder>", "-f, --format <format>", "-o, --output <path>",
                               "--fail-on <severity>"]),
        (["ribbon", "check"], ["<folder>", "--path, --root <folder>", "-f, --format <format>", "-o, --output <path>",
                               "--fail-on <severity>"]),
        (["ribbon", "build"], ["<folder>", "--path, --root <folder>"]),
        (["issues", "sync"], ["<folder>", "--path, --root <folder>", "-f, --format <format>", "-o, --output <path>"]),
        (["issues", "list"], ["-f, --format <format>", "-o, --output <path>"]),
        (["diagram"], ["<folder>", "--path, --root <folder>", "-f, --format <format>", "-o, --out, --output <file>", "--env <name>"]),
        (["logs", "report"], ["-f, --format <format>", "-o, --output <path>"]),
        (["tf", "doctor"], ["<folder>", "--path, --root <folder>", "-f, --format <format>", "-o, --output <path>", "--fail-on <severity>"]),
        (["tf", "atlantis"], ["<folder>", "--path, --root <folder>", "-o, --output <file>"]),
        (["tf", "diff"], ["-C, --path, --root <dir>"]),
        (["params", "list"], ["-C, --path, --root <dir>", "-f, --format <format>"]),
    ])
    func sharedFlagsAreSpelledTheSame(_ command: [String], _ flags: [String]) throws {
        let help = try anshin(command + ["--help"]).stdout
        for flag in flags { #expect(help.contains(flag), "\(command.joined(separator: " ")) --help lacks \(flag)") }
        #expect(help.contains("none, info, low, medium, high, critical") || !flags.contains("--fail-on <severity>"))
    }

    // MARK: mistyped commands

    @Test(arguments: [
        (["asess"], "unknown command 'anshin asess'; did you mean 'anshin assess'?"),
        (["audit", "terrafrom"], "did you mean 'anshin audit terraform'?"),
        (["secrets", "hook", "instal"], "did you mean 'anshin secrets hook install'?"),
        (["help", "nosuch"], "unknown command 'anshin nosuch'"),
        (["help", "audit", "nosuch"], "unknown command 'anshin audit nosuch'"),
        (["secrets", "scna"], "did you mean 'anshin secrets scan'?"),
    ])
    func mistypedCommandsAreErrorsWithTheNearestName(_ arguments: [String], _ message: String) throws {
        let directory = try TemporaryDirectory()
        let result = try anshin(arguments, in: directory.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func wordsThatAreFoldersOrCommandsAreNotMistakes() {
        #expect(AnshinCommand.unknownCommand(in: ["secrets", "scna"], fileExists: { _ in true }) == nil, "a folder named scna is scanned")
        #expect(AnshinCommand.unknownCommand(in: ["secrets", "src"], fileExists: { _ in false }) == nil, "not close to a command")
        #expect(AnshinCommand.unknownCommand(in: ["help", "audit", "aws"]) == nil)
        #expect(AnshinCommand.unknownCommand(in: ["--version"]) == nil)
        #expect(AnshinCommand.unknownCommand(in: ["triage", "abcdef12"]) == nil)
        #expect(AnshinCommand.unknownCommand(in: ["---completion", "assess", "--", "--env"]) == nil)
    }

    /// `anshin tf ENV …` takes any environment name first, even one close to a command; the
    /// wrapper judges it, with the environments it knows.
    @Test func environmentsAreNotMistakenForCommands() {
        #expect(AnshinCommand.unknownCommand(in: ["tf", "dr", "plan"], fileExists: { _ in false }, environments: { ["dr"] }) == nil)
        #expect(AnshinCommand.unknownCommand(in: ["tf", "rc", "apply"], fileExists: { _ in false }) == nil)
        let misplaced = AnshinCommand.unknownCommand(in: ["params", "stg", "list"], fileExists: { _ in false }, environments: { ["stg", "prd"] })
        #expect(misplaced?.contains("stg is an environment") == true && misplaced?.contains("did you mean") == false, "\(misplaced ?? "")")
        #expect(AnshinCommand.unknownCommand(in: ["params", "sett"], fileExists: { _ in false }, environments: { ["stg"] })?
            .contains("did you mean 'anshin params set'?") == true)
        #expect(TerraformRunCommand.mistypedCommand("doctr", environments: ["stg", "prd"])?.contains("did you mean 'anshin tf doctor'?") == true)
        #expect(TerraformRunCommand.mistypedCommand("dr", environments: ["dr", "prd"]) == nil, "a known environment")
        #expect(TerraformRunCommand.mistypedCommand("dif", environments: ["dev"]) == nil, "nearer an environment: the wrapper suggests dev")
        #expect(TerraformRunCommand.mistypedCommand("stg", environments: []) == nil, "near no command")
    }

    @Test func helpOfAKnownCommandStillWorks() throws {
        let result = try anshin(["help", "audit", "aws"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: anshin audit aws"))
    }

    // MARK: flags

    @Test func severitiesAndFormatsInAnyCaseAndReportOnlyRuns() throws {
        let acme = Command.packageRoot.appendingPathComponent("examples/acme")
        let upper = try anshin(["audit", "terraform", acme.path, "--fail-on", "HIGH", "-f", "JSON"])
        #expect(upper.status == 1, "\(upper.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(upper.stdout.utf8)) as? [String: Any])
        #expect(document["failOn"] as? String == "high")
        let none = try anshin(["audit", "terraform", acme.path, "--fail-on", "none"])
        #expect(none.status == 0, "report only: \(none.stderr)")
        #expect(none.stdout.contains("REPORT ONLY (--fail-on none)"))
        let json = try anshin(["audit", "terraform", "--path", acme.path, "--fail-on", "none", "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["failOn"] as? String == "none")
        #expect((report["summary"] as? [String: Any])?["failing"] as? Int == 0)
        #expect(SchemaValidation.errors(in: json.stdout, schema: SchemaValidation.reportSchema, draft: .draft202012) == [])
    }

    @Test func outputIntoAFolderAndIntoAMissingOne() throws {
        let acme = Command.packageRoot.appendingPathComponent("examples/acme")
        let out = try TemporaryDirectory()
        let folder = try anshin(["audit", "terraform", acme.path, "-f", "json", "-o", out.path, "--fail-on", "none"])
        #expect(folder.status == 0, "\(folder.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.url.appendingPathComponent("anshin-report.json").path))
        #expect(folder.stderr.contains("wrote json report to \(out.path)/anshin-report.json"), "\(folder.stderr)")

        let missing = out.url.appendingPathComponent("no/such/place/report.sarif").path
        let result = try anshin(["audit", "terraform", acme.path, "-f", "sarif", "-o", missing])
        #expect(result.status == 2)
        #expect(result.stderr.contains("the folder \(out.path)/no/such/place does not exist"), "\(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("Error Domain"))

        let trailing = try anshin(["audit", "terraform", acme.path, "-f", "html", "-o", out.path + "/missing/"])
        #expect(trailing.status == 2)
        #expect(trailing.stderr.contains("no such folder"), "\(trailing.stderr)")
    }

    @Test func envsSpeaksJSONLikeEveryOtherCommand() throws {
        let acme = Command.packageRoot.appendingPathComponent("examples/acme")
        for arguments in [["envs", acme.path, "--format", "json"], ["envs", "-f", "json", "--path", acme.path], ["envs", acme.path, "--json"]] {
            let result = try anshin(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            #expect(document?["source"] != nil, "\(arguments)")
        }
        let fromInside = try anshin(["envs", "-f", "json"], in: acme.appendingPathComponent("metabase"))
        #expect(fromInside.stdout.contains("\"prd\""), "a subfolder sees the project's catalog: \(fromInside.stdout)")
    }

    @Test func theFolderIsGivenOnceOrItIsAnError() throws {
        let result = try anshin(["assess", "a", "--path", "b"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("the folder was given twice"))
    }

    @Test func assessTakesTheAuditsOptions() throws {
        let acme = Command.packageRoot.appendingPathComponent("examples/acme")
        let unknown = try anshin(["assess", acme.path, "--env", "prod"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no environment \"prod\"; did you mean \"prd\"?"), "\(unknown.stderr)")
        let missingVarFile = try anshin(["assess", acme.path, "--var-file", "/nonexistent.tfvars"])
        #expect(missingVarFile.status == 2)
        #expect(missingVarFile.stderr.contains("--var-file /nonexistent.tfvars: no such file"), "\(missingVarFile.stderr)")
        let badVar = try anshin(["audit", "terraform", acme.path, "--var", "=x"])
        #expect(badVar.status == 2)
        #expect(badVar.stderr.contains("--var wants name=value"))
    }

    // MARK: errors that name the real problem

    static let noAWS: [String: String?] = [
        "AWS_PROFILE": nil, "AWS_ACCESS_KEY_ID": nil, "AWS_SECRET_ACCESS_KEY": nil, "AWS_SESSION_TOKEN": nil,
        "AWS_REGION": nil, "AWS_DEFAULT_REGION": nil, "AWS_ENDPOINT_URL": nil, "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": "/nonexistent/config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials",
    ]

    @Test func noCredentialsComesBeforeNoRegion() throws {
        let home = try TemporaryDirectory()
        let result = try anshin(["audit", "aws"], in: home.url, environment: Self.noAWS.merging(["HOME": home.path]) { $1 })
        #expect(result.status == 2)
        let firstLine = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(firstLine.hasPrefix("error: no AWS credentials are configured"), "\(result.stderr)")
        #expect(result.stderr.contains("aws configure"))
    }

    @Test func anUnreachableEndpointIsAnEnvironmentFailureNamingIt() throws {
        let home = try TemporaryDirectory()
        let port = try LoopbackPort.free()
        var environment = Self.noAWS.merging(["HOME": home.path]) { $1 }
        environment["AWS_ACCESS_KEY_ID"] = "AKIA" + "IOSFODNN7" + "EXAMPLE"
        environment["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI" + "/K7MDENG" + "/bPxRfiCY" + "EXAMPLEKEY"
        environment["AWS_REGION"] = "us-east-1"
        environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:\(port)"
        environment["AWS_MAX_ATTEMPTS"] = "1"
        let result = try anshin(["audit", "aws"], in: home.url, environment: environment)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("127.0.0.1:\(port)"), "\(result.stderr)")
        #expect(!result.stderr.contains("errno") && !result.stderr.contains("Error Domain"), "\(result.stderr)")
    }

    @Test func logsSpeakOfFilesAndMailRelaysInWords() throws {
        let directory = try TemporaryDirectory()
        let missing = try anshin(["logs", "report", "none.log"], in: directory.url)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("none.log") && missing.stderr.contains("no such file"), "\(missing.stderr)")
        #expect(!missing.stderr.contains("No such file or directory") && !missing.stderr.contains("errno"), "\(missing.stderr)")

        try directory.write("access.log", "127.0.0.1 - - [07/Dec/2026:10:00:00 +0000] \"GET /health HTTP/1.1\" 200 2 \"-\" \"curl/8\"\n")
        let port = try LoopbackPort.free()
        let mail = try anshin(["logs", "report", "access.log", "--email", "sre@acme.example", "--smtp", "127.0.0.1:\(port)"],
                              in: directory.url)
        #expect(mail.status == 3, "a relay that cannot be reached is the environment's failure: \(mail.stderr)")
        #expect(mail.stderr.contains("127.0.0.1:\(port)") && mail.stderr.contains("connection refused"), "\(mail.stderr)")
    }

    // MARK: completions

    @Test func completionsOfferTheValues() throws {
        let script = try anshin(["--generate-completion-script", "bash"]).stdout
        for value in ["test-credential", "false-positive", "sarif", "junit"] {
            #expect(script.contains(value), "the bash completion offers \(value)")
        }
        #expect(script.contains("'none'$'\\n''info'$'\\n''low'"), "--fail-on values")
        let acme = Command.packageRoot.appendingPathComponent("examples/acme")
        let environments = try anshin(["---completion", "assess", "--", "--env", "0", "0"], in: acme, environment: ["SHELL": "/bin/bash"])
        #expect(environments.stdout.split(separator: "\n").map(String.init).contains("prd"), "\(environments.stdout)\(environments.stderr)")
        let aws = try anshin(["---completion", "audit", "aws", "--", "--env", "0", "0"], in: acme, environment: ["SHELL": "/bin/bash"])
        #expect(aws.stdout.contains("stg"), "\(aws.stdout)\(aws.stderr)")
    }
}
