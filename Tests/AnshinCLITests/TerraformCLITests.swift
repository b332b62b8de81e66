import AnshinCore
import AnshinTesting
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A repository with one Terraform directory for `stg` and `prd` and a `metabase/` sub-stack,
/// each environment with its own local-backend state file: real Terraform runs it offline (only
/// variables, locals and outputs, so no provider is downloaded).
enum TerraformRepository {
    static let catalog = """
        project: demo
        environments:
          prd:
            terraform: { vars: prd.tfvars, backend: prd.tfbackend }
          stg:
            terraform: { vars: stg.tfvars, backend: stg.tfbackend }
        """

    static func make(catalog: String? = Self.catalog) throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory()
        if let catalog { try folder.write("anshin.yml", catalog) }
        try folder.write("main.tf", """
            terraform {
              backend "local" {}
            }

            variable "env" {
              type = string
            }

            variable "size" {
              type = number
            }

            variable "greeting" {
              type    = string
              default = "hello"
            }

            locals {
              label = "${var.env}-${var.size}"
            }

            output "label" {
              value = local.label
            }

            output "greeting" {
              value = var.greeting
            }
            """)
        for (name, size) in [("stg", 1), ("prd", 3)] {
            try folder.write("\(name).tfvars", "env  = \"\(name)\"\nsize = \(size)\n")
            try folder.write("\(name).tfbackend", "path = \"state/\(name).tfstate\"\n")
            try folder.write("metabase/\(name).tfvars", "env = \"\(name)\"\n")
            try folder.write("metabase/\(name).tfbackend", "path = \"state/\(name).tfstate\"\n")
        }
        try folder.write("metabase/main.tf", """
            terraform {
              backend "local" {}
            }

            variable "env" {
              type = string
            }

            output "stack" {
              value = "metabase-${var.env}"
            }
            """)
        return folder
    }

    /// The state file's text, empty when there is none.
    static func state(_ folder: TemporaryDirectory, _ path: String) -> String {
        (try? String(contentsOf: folder.url.appendingPathComponent(path), encoding: .utf8)) ?? ""
    }

    static func exists(_ folder: TemporaryDirectory, _ path: String) -> Bool {
        FileManager.default.fileExists(atPath: folder.url.appendingPathComponent(path).path)
    }
}

/// `anshin tf` end to end: the built binary running real Terraform.
@Suite struct TerraformCLITests {
    /// No CI, no skipped init, no data directory or colour from the caller's environment.
    static let clean: [String: String?] = ["CI": nil, "TF_SKIP_INIT": nil, "TF_DATA_DIR": nil, "TF_WORKSPACE": nil,
                                           "CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": nil, "TF_CLI_CONFIG_FILE": nil,
                                           "NO_COLOR": "1"]

    func tf(_ arguments: [String], in directory: URL, environment: [String: String?] = [:], stdin: String? = nil) throws -> CommandResult {
        let binary = Command.anshinBinary
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the anshin binary first (swift build)")
        return try Command.run(binary, ["tf"] + arguments, in: directory, environment: Self.clean.merging(environment) { $1 }, stdin: stdin)
    }

    /// The installed Terraform's version, as `terraform version` prints it.
    static let installedVersion: String = {
        let result = try? Command.run("terraform", ["version"], environment: ["CHECKPOINT_DISABLE": "1"])
        return result?.stdout.split(separator: "\n").first?.split(separator: " ").last.map { String($0.dropFirst()) } ?? ""
    }()

    // MARK: State

    /// stg, prd, stg, prd in one directory: each environment reads and writes only its own state,
    /// and prd's plan after stg's apply sees no change.
    @Test func alternatingEnvironmentsKeepsTwoStates() throws {
        let repository = try TerraformRepository.make()
        let dir = repository.url
        let first = try tf(["stg", "apply", "-auto-approve", "-no-color"], in: dir)
        try #require(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(first.stdout.contains("label = \"stg-1\""))
        let second = try tf(["prd", "apply", "-auto-approve", "-no-color", "--yes"], in: dir)
        try #require(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("label = \"prd-3\""))
        let third = try tf(["stg", "apply", "-auto-approve", "-no-color", "-var", "greeting=again"], in: dir)
        try #require(third.status == 0, "\(third.stderr)")
        #expect(third.stdout.contains("label = \"stg-1\""), "stg's own variables, not prd's")
        let plan = try tf(["prd", "plan", "-detailed-exitcode", "-no-color"], in: dir)
        #expect(plan.status == 0, "prd's state matches prd's configuration: \(plan.stdout)")

        let stg = TerraformRepository.state(repository, "state/stg.tfstate")
        let prd = TerraformRepository.state(repository, "state/prd.tfstate")
        #expect(stg.contains("\"stg-1\"") && stg.contains("\"again\"") && !stg.contains("prd-3"))
        #expect(prd.contains("\"prd-3\"") && !prd.contains("stg-1") && !prd.contains("again"))
        #expect(!TerraformRepository.exists(repository, "terraform.tfstate"), "no shared default state")
        #expect(!TerraformRepository.exists(repository, ".terraform/terraform.tfstate"), "no shared backend settings")
        #expect(TerraformRepository.state(repository, ".terraform/anshin/stg/terraform.tfstate").contains("state/stg.tfstate"))
        #expect(TerraformRepository.state(repository, ".terraform/anshin/prd/terraform.tfstate").contains("state/prd.tfstate"))

        let outputs = try tf(["prd", "output", "-no-color", "label"], in: dir)
        #expect(outputs.stdout == "\"prd-3\"\n", "output takes no -var-file and reads prd's state")
        #expect(outputs.stderr.contains("Initializing the backend") && outputs.stderr.contains("successfully initialized"),
                "init's own output streams to standard error, the command's standard output stays clean: \(outputs.stderr)")
    }

    /// A changed backend file is never migrated on its own: the run stops, says how to move the
    /// state, and only an explicit `init -migrate-state` moves it.
    @Test func aChangedBackendIsNeverMigratedImplicitly() throws {
        let repository = try TerraformRepository.make()
        let dir = repository.url
        try #require(try tf(["stg", "apply", "-auto-approve", "-no-color"], in: dir).status == 0)
        try repository.write("stg.tfbackend", "path = \"state/stg-moved.tfstate\"\n")
        let stopped = try tf(["stg", "plan", "-no-color"], in: dir)
        #expect(stopped.status == 1)
        #expect(stopped.stderr.contains("init for stg in root module for stg failed"))
        #expect(stopped.stderr.contains("anshin never moves state on its own: run `anshin tf stg init -migrate-state`"))
        #expect(!TerraformRepository.exists(repository, "state/stg-moved.tfstate"))
        #expect(TerraformRepository.state(repository, "state/stg.tfstate").contains("stg-1"))

        let moved = try tf(["stg", "init", "-migrate-state", "-force-copy", "-no-color"], in: dir)
        #expect(moved.status == 0, "\(moved.stdout)\n\(moved.stderr)")
        #expect(TerraformRepository.state(repository, "state/stg-moved.tfstate").contains("stg-1"))
        #expect(try tf(["stg", "plan", "-detailed-exitcode", "-no-color"], in: dir).status == 0)
    }

    @Test func environmentsThatWouldShareAStateAreRefused() throws {
        let repository = try TerraformRepository.make()
        try repository.write("prd.tfbackend", "path = \"state/stg.tfstate\"\n")
        let result = try tf(["stg", "plan"], in: repository.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("stg and prd keep their state in the same place (local:path=state/stg.tfstate)"))
        #expect(!TerraformRepository.exists(repository, ".terraform"), "nothing ran")
    }

    /// With one shared data directory (`data_dir: shared`) every init is `-reconfigure`, and
    /// TF_SKIP_INIT refuses to run on another environment's backend.
    @Test func aSharedDataDirectoryReconfiguresEveryTime() throws {
        let repository = try TerraformRepository.make(catalog: TerraformRepository.catalog + "\nterraform: { data_dir: shared }\n")
        let dir = repository.url
        try #require(try tf(["stg", "apply", "-auto-approve"], in: dir).status == 0)
        try #require(try tf(["prd", "apply", "-auto-approve", "--yes"], in: dir).status == 0)
        #expect(TerraformRepository.state(repository, "state/prd.tfstate").contains("prd-3"))
        #expect(!TerraformRepository.state(repository, "state/stg.tfstate").contains("prd-3"))
        let skipped = try tf(["stg", "output", "label"], in: dir, environment: ["TF_SKIP_INIT": "true"])
        #expect(skipped.status == 2)
        #expect(skipped.stderr.contains("last initialised for prd, not stg"))
        let same = try tf(["prd", "output", "-no-color", "label"], in: dir, environment: ["TF_SKIP_INIT": "true"])
        #expect(same.stdout == "\"prd-3\"\n")
    }

    // MARK: Variable files

    /// Each command gets the variable file only when it takes one: validate (which refuses it)
    /// and apply of a saved plan (likewise) succeed; console and refresh see the variables.
    @Test func varFilesOnlyWhereTerraformTakesThem() throws {
        let repository = try TerraformRepository.make()
        let dir = repository.url
        let validate = try tf(["stg", "validate", "-no-color"], in: dir)
        #expect(validate.status == 0, "\(validate.stdout)\n\(validate.stderr)")
        let plan = try tf(["stg", "plan", "-no-color", "-out=stg.plan"], in: dir)
        try #require(plan.status == 0, "\(plan.stderr)")
        let apply = try tf(["stg", "apply", "-no-color", "stg.plan"], in: dir)
        #expect(apply.status == 0, "a saved plan carries its variables: \(apply.stderr)")
        #expect(apply.stdout.contains("label = \"stg-1\""))
        let console = try tf(["prd", "console"], in: dir, stdin: "var.size\n")
        #expect(console.status == 0, "\(console.stderr)")
        #expect(console.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "3")
        let refresh = try tf(["stg", "refresh", "-no-color"], in: dir)
        #expect(refresh.status == 0, "\(refresh.stderr)")
        let list = try tf(["stg", "state", "list"], in: dir)
        #expect(list.status == 0 && list.stdout.isEmpty)
        let ownVariables = try tf(["stg", "plan", "-no-color", "-var", "size=5"], in: dir)
        #expect(ownVariables.stdout.contains("\"stg-5\""), "arguments after the variable file win")
    }

    @Test func exitStatusesPassThrough() throws {
        let repository = try TerraformRepository.make()
        let changes = try tf(["stg", "plan", "-detailed-exitcode", "-no-color"], in: repository.url)
        #expect(changes.status == 2, "plan -detailed-exitcode: 2 means changes")
        let bad = try tf(["stg", "plan", "-no-such-flag"], in: repository.url)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("flag provided but not defined: -no-such-flag"))
    }

    // MARK: Protected environments

    @Test func aProtectedEnvironmentAsksForItsName() throws {
        let repository = try TerraformRepository.make()
        let dir = repository.url
        let wrong = try tf(["prd", "apply", "-auto-approve", "-no-color"], in: dir, stdin: "prod\n")
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("prd is a protected environment: terraform apply changes it.\nType the environment name to continue: "))
        #expect(wrong.stderr.contains("not confirmed (\"prod\" was typed, not \"prd\"): terraform apply did not run"))
        #expect(!TerraformRepository.exists(repository, "state/prd.tfstate") && !TerraformRepository.exists(repository, ".terraform"))
        let nobody = try tf(["prd", "apply", "-auto-approve"], in: dir)
        #expect(nobody.status == 1 && nobody.stderr.contains("nothing was typed"))
        let right = try tf(["prd", "apply", "-auto-approve", "-no-color"], in: dir, stdin: "prd\n")
        #expect(right.status == 0, "\(right.stderr)")
        #expect(TerraformRepository.state(repository, "state/prd.tfstate").contains("prd-3"))
        let remove = try tf(["prd", "state", "rm", "output.label"], in: dir, stdin: "\n")
        #expect(remove.status == 1 && remove.stderr.contains("terraform state rm changes it"))
        let plan = try tf(["prd", "plan", "-no-color"], in: dir)
        #expect(plan.status == 0 && !plan.stderr.contains("protected"), "reading needs no confirmation")
        let staging = try tf(["stg", "apply", "-auto-approve"], in: dir, environment: ["CI": "true"])
        #expect(staging.status == 0 && !staging.stderr.contains("protected"))
    }

    @Test func inCIOnlyAnExplicitYesApplies() throws {
        let repository = try TerraformRepository.make()
        let refused = try tf(["prd", "apply", "-auto-approve"], in: repository.url, environment: ["CI": "true"], stdin: "prd\n")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("prd is a protected environment and CI is set, so nobody can type its name: pass --yes"))
        #expect(!TerraformRepository.exists(repository, "state/prd.tfstate"))
        let confirmed = try tf(["prd", "apply", "--yes", "-auto-approve"], in: repository.url, environment: ["CI": "true"])
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        #expect(TerraformRepository.exists(repository, "state/prd.tfstate"))
    }

    @Test func protectionIsConfigurable() throws {
        let repository = try TerraformRepository.make(catalog: """
            environments:
              prd:
                protected: false
                terraform: { vars: prd.tfvars, backend: prd.tfbackend }
              stg:
                protected: true
                terraform: { vars: stg.tfvars, backend: stg.tfbackend }
            """)
        #expect(try tf(["prd", "apply", "-auto-approve"], in: repository.url).status == 0)
        let staging = try tf(["stg", "apply", "-auto-approve"], in: repository.url)
        #expect(staging.status == 1 && staging.stderr.contains("stg is a protected environment"))
    }

    /// At a terminal: the question appears, the name is typed, Terraform runs.
    @Test func theNameIsTypedAtATerminal() throws {
        let repository = try TerraformRepository.make()
        let terminal = try PseudoTerminal()
        try terminal.start(Command.anshinBinary.path, ["tf", "prd", "apply", "-auto-approve", "-no-color"],
                           environment: Self.terminalEnvironment, directory: repository.url)
        #expect(terminal.waitFor("Type the environment name to continue: "))
        terminal.type("prd\n")
        let termination = terminal.waitForExit()
        #expect(termination == .exited(0), "\(terminal.output)")
        #expect(terminal.output.contains("Apply complete!"))
        #expect(TerraformRepository.state(repository, "state/prd.tfstate").contains("prd-3"))
    }

    static var terminalEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in clean { environment[name] = value }
        environment["TERM"] = "dumb"
        return environment.compactMapValues { $0 }
    }

    // MARK: Sub-stacks

    @Test func subStacksRunWithTheirOwnFilesAndState() throws {
        let repository = try TerraformRepository.make()
        let dir = repository.url
        let applied = try tf(["stg", "apply", "-C", "metabase", "-auto-approve", "-no-color"], in: dir)
        try #require(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("stack = \"metabase-stg\""))
        #expect(TerraformRepository.state(repository, "metabase/state/stg.tfstate").contains("metabase-stg"))
        #expect(!TerraformRepository.exists(repository, "state/stg.tfstate"), "the root stack was not touched")
        let inside = try tf(["stg", "output", "-no-color", "stack"], in: dir.appendingPathComponent("metabase"))
        #expect(inside.stdout == "\"metabase-stg\"\n", "from inside the sub-stack, anshin.yml is found above: \(inside.stderr)")
    }

    @Test func allRunsEveryStackAndSummarises() throws {
        let repository = try TerraformRepository.make()
        let dir = repository.url
        let applied = try tf(["stg", "apply", "--all", "-auto-approve", "-no-color"], in: dir)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stderr.contains("==> root module for stg: terraform apply -var-file=stg.tfvars -auto-approve -no-color"))
        #expect(applied.stderr.contains("anshin tf stg apply -auto-approve -no-color --all: 2 stacks"))
        #expect(applied.stderr.range(of: #"root module for stg  ok"#) != nil)
        #expect(applied.stderr.range(of: #"metabase/ for stg    ok"#) != nil)
        #expect(TerraformRepository.state(repository, "state/stg.tfstate").contains("stg-1"))
        #expect(TerraformRepository.state(repository, "metabase/state/stg.tfstate").contains("metabase-stg"))

        try repository.write("metabase/broken.tf", "output \"x\" {\n  value = var.missing\n}\n")
        let failed = try tf(["stg", "plan", "--all", "-no-color"], in: dir)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("root module for stg  ok"))
        #expect(failed.stderr.contains("metabase/ for stg    failed (exit status 1)"))
        #expect(failed.stdout.contains("Reference to undeclared input variable") || failed.stderr.contains("Reference to undeclared input variable"))
    }

    @Test func unknownEnvironmentsAndMissingStacksAreNamed() throws {
        let repository = try TerraformRepository.make(catalog: TerraformRepository.catalog + "\n  dev:\n    terraform: { vars: stg.tfvars, backend: dev.tfbackend }\n")
        try repository.write("dev.tfbackend", "path = \"state/dev.tfstate\"\n")
        let unknown = try tf(["qa", "plan"], in: repository.url)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no environment \"qa\" (known: prd, stg, dev)"))
        let missing = try tf(["dev", "plan", "-C", "metabase"], in: repository.url)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("metabase: no dev.tfvars or dev.tfbackend here (environments of this stack: prd, stg)"))
        let usage = try tf([], in: repository.url)
        #expect(usage.status == 2)
        #expect(usage.stderr.hasPrefix("Usage: [TF_SKIP_INIT=boolean ] anshin tf [-help] <env> <command> [args]"))
        #expect(usage.stderr.contains("environment [prd/stg/dev]"))
        let help = try tf(["-help"], in: repository.url)
        #expect(help.status == 0 && help.stdout.hasPrefix("Usage: [TF_SKIP_INIT=boolean ]"))
    }

    /// An environment whose name is a few edits from a command (`dr`, `diff`) runs; a mistyped
    /// command that is no environment gets the nearest command; an environment where a command
    /// belongs (`params stg list`) is named as such, not taken for a typo of `set`.
    @Test func environmentNamesNearCommandsAreNotMistakes() throws {
        let repository = try TerraformRepository.make(catalog: TerraformRepository.catalog + "\n  dr:\n    terraform: { vars: stg.tfvars, backend: dr.tfbackend }\n")
        try repository.write("dr.tfbackend", "path = \"state/dr.tfstate\"\n")
        let plan = try tf(["dr", "plan", "-no-color"], in: repository.url)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(!plan.stderr.contains("unknown command") && !plan.stderr.contains("did you mean"), "\(plan.stderr)")
        #expect(plan.stdout.range(of: #"label += "stg-1""#, options: .regularExpression) != nil,
                "dr's plan ran with its variable file: \(plan.stdout)")
        let typo = try tf(["doctr"], in: repository.url)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("unknown command 'anshin tf doctr'; did you mean 'anshin tf doctor'? (or an environment: prd, stg, dr)"), "\(typo.stderr)")
        let mistypedEnvironment = try tf(["sgt", "plan"], in: repository.url)
        #expect(mistypedEnvironment.status == 2)
        #expect(mistypedEnvironment.stderr.contains("no environment \"sgt\"; did you mean \"stg\"?"), "\(mistypedEnvironment.stderr)")
        let order = try Command.run(Command.anshinBinary, ["params", "stg", "list"], in: repository.url, environment: Self.clean)
        #expect(order.status == 2)
        #expect(order.stderr.contains("unknown command 'anshin params stg'; stg is an environment: name the command first ('anshin params COMMAND stg')"),
                "\(order.stderr)")
        #expect(!order.stderr.contains("did you mean"))
    }

    // MARK: Versions and init

    /// OpenTofu by `terraform: { program: tofu }` even with terraform on PATH, and by PATH when
    /// only tofu is there. The `tofu` here notes each call and runs the installed Terraform.
    @Test func tofuIsChosenByTheCatalogOrByPath() throws {
        let real = try #require(Subprocess.find("terraform"), "terraform is needed on PATH (scripts/test installs it from PyPI)")
        let bin = try TemporaryDirectory()
        let log = bin.url.appendingPathComponent("calls.log").path
        let tofu = try bin.write("tofu", "#!/bin/sh\necho \"tofu $1\" >> '\(log)'\nexec '\(real)' \"$@\"\n")
        #expect(chmod(tofu.path, 0o755) == 0)
        let withTerraform = bin.path + ":" + URL(fileURLWithPath: real).deletingLastPathComponent().path

        let configured = try TerraformRepository.make(catalog: TerraformRepository.catalog + "\nterraform: { program: tofu }\n")
        let planned = try tf(["stg", "plan", "-no-color"], in: configured.url, environment: ["PATH": withTerraform])
        #expect(planned.status == 0, "\(planned.stderr)")
        let calls = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(calls.contains("tofu init") && calls.contains("tofu plan"), "the catalog's program ran: \(calls)")

        try FileManager.default.removeItem(atPath: log)
        let unconfigured = try TerraformRepository.make()
        let onlyTofu = try tf(["stg", "plan", "-no-color"], in: unconfigured.url, environment: ["PATH": bin.path])
        #expect(onlyTofu.status == 0, "\(onlyTofu.stderr)")
        #expect(((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("tofu plan"), "tofu, the only one on PATH")

        try FileManager.default.removeItem(atPath: log)
        let preferred = try tf(["stg", "plan", "-no-color"], in: unconfigured.url, environment: ["PATH": withTerraform])
        #expect(preferred.status == 0, "\(preferred.stderr)")
        #expect(!FileManager.default.fileExists(atPath: log), "terraform comes first on PATH")

        let none = try tf(["stg", "plan"], in: unconfigured.url, environment: ["PATH": try TemporaryDirectory().path])
        #expect(none.status == 3)
        #expect(none.stderr.contains("neither terraform nor tofu was found on PATH"), "\(none.stderr)")
    }


    @Test func aPinnedVersionMismatchStopsBeforeAnythingRuns() throws {
        let repository = try TerraformRepository.make()
        try repository.write(".terraform-version", "0.14.11\n")
        let pinned = try tf(["stg", "plan"], in: repository.url)
        #expect(pinned.status == 3)
        #expect(pinned.stderr.contains("root module for stg: .terraform-version requires terraform 0.14.11, but terraform \(Self.installedVersion) is installed"))
        #expect(!TerraformRepository.exists(repository, ".terraform"))
        try repository.write(".terraform-version", "\(Self.installedVersion)\n")
        try repository.write("versions.tf", "terraform {\n  required_version = \">= 99.0\"\n}\n")
        let required = try tf(["stg", "plan"], in: repository.url)
        #expect(required.status == 3)
        #expect(required.stderr.contains("versions.tf:2 requires required_version = \">= 99.0\""))
        try repository.write("versions.tf", "terraform {\n  required_version = \">= 1.0.0, < 2.0.0\"\n}\n")
        #expect(try tf(["stg", "plan"], in: repository.url).status == 0)
    }

    @Test func skippingInitNeedsAnInitialisedEnvironment() throws {
        let repository = try TerraformRepository.make()
        let dir = repository.url
        let never = try tf(["stg", "output"], in: dir, environment: ["TF_SKIP_INIT": "true"])
        #expect(never.status == 2)
        #expect(never.stderr.contains("TF_SKIP_INIT is set, but root module for stg was never initialised for stg"))
        try #require(try tf(["stg", "apply", "-auto-approve"], in: dir).status == 0)
        // Skipped, init would now fail on the changed backend; the command runs on the old one.
        try repository.write("stg.tfbackend", "path = \"state/elsewhere.tfstate\"\n")
        let skipped = try tf(["stg", "output", "-no-color", "label"], in: dir, environment: ["TF_SKIP_INIT": "true"])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(skipped.stdout == "\"stg-1\"\n")
    }

    // MARK: Signals

    /// Ctrl-C at the terminal while Terraform waits for its approval, holding the state lock:
    /// Terraform is interrupted once, releases the lock and exits; anshin passes its status on.
    @Test func ctrlCReachesTerraformOnceAndTheLockIsReleased() throws {
        let repository = try TerraformRepository.make()
        try #require(try tf(["stg", "apply", "-auto-approve"], in: repository.url).status == 0)
        let terminal = try PseudoTerminal()
        try terminal.start(Command.anshinBinary.path, ["tf", "stg", "apply", "-no-color", "-var", "greeting=changed"],
                           environment: Self.terminalEnvironment, directory: repository.url)
        try #require(terminal.waitFor("Enter a value:"), "\(terminal.output)")
        #expect(TerraformRepository.exists(repository, "state/.stg.tfstate.lock.info"), "Terraform holds the lock while it asks")
        terminal.type("\u{03}")
        let termination = terminal.waitForExit()
        #expect(termination == .exited(1), "Terraform's own status, not anshin killed by SIGINT: \(String(describing: termination))")
        // Interrupted at the approval prompt, Terraform says so either as "Interrupt received"
        // (its handler ran first) or as "error asking for approval: interrupted" (the prompt
        // read the interrupt first), depending on timing; a second interrupt would make it
        // abandon the lock ("Two interrupts received").
        let said = terminal.output.components(separatedBy: "Interrupt received").count - 1
        #expect(said <= 1 && (said == 1 || terminal.output.contains("interrupted")), "\(terminal.output)")
        #expect(!terminal.output.contains("Two interrupts received"))
        #expect(!TerraformRepository.exists(repository, "state/.stg.tfstate.lock.info"), "the lock is released")
        #expect(!TerraformRepository.state(repository, "state/stg.tfstate").contains("changed"))
    }

    /// A termination sent to anshin alone (by a supervisor, not the terminal) is passed on.
    @Test func aTerminationSentToAnshinIsPassedOn() throws {
        let repository = try TerraformRepository.make()
        try #require(try tf(["stg", "apply", "-auto-approve"], in: repository.url).status == 0)
        let terminal = try PseudoTerminal()
        try terminal.start(Command.anshinBinary.path, ["tf", "stg", "apply", "-no-color", "-var", "greeting=changed"],
                           environment: Self.terminalEnvironment, directory: repository.url)
        try #require(terminal.waitFor("Enter a value:"), "\(terminal.output)")
        let process = try #require(terminal.process)
        process.signal(SIGTERM)
        let termination = terminal.waitForExit()
        #expect(termination == .exited(1), "\(terminal.output)")
        #expect(!TerraformRepository.exists(repository, "state/.stg.tfstate.lock.info"))
    }
}
