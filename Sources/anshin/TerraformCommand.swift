import AnshinCore
import AnshinHCL
import AnshinReports
import AnshinTerraform
import ArgumentParser
import Foundation

/// `anshin tf …`: the multi-environment Terraform wrapper, and the checks of its layout.
struct TerraformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tf",
        abstract: "Run Terraform for one environment (anshin tf ENV COMMAND [ARGS]); check the layout, compare environments, write atlantis.yaml.",
        discussion: """
        anshin tf ENV COMMAND [ARGS…] runs `terraform init -backend-config=ENV.tfbackend` (unless TF_SKIP_INIT=true) \
        in the environment's own data directory, then `terraform COMMAND -var-file=ENV.tfvars ARGS…` (the variable \
        file only for commands that take it). Run `anshin tf -help` for the full usage.
        """,
        subcommands: [TerraformRunCommand.self, TerraformDoctorCommand.self, TerraformDiffCommand.self, TerraformAtlantisCommand.self],
        defaultSubcommand: TerraformRunCommand.self,
        // `-help` and `-h` belong to the wrapper (its usage, as `./terraform.sh -help` printed it);
        // `--help` shows this command's subcommands.
        helpNames: [.long]
    )
}

/// `anshin tf ENV COMMAND [ARGS…]`.
struct TerraformRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a Terraform command for an environment (the default: anshin tf ENV COMMAND [ARGS…]).",
        shouldDisplay: false
    )

    @Argument(parsing: .captureForPassthrough, help: "ENV COMMAND [ARGS…], with -C DIR, --all and --yes anywhere before --.")
    var arguments: [String] = []

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        if arguments.isEmpty || WrapperRequest.asksForHelp(arguments) {
            let usage = WrapperRequest.usage(environments: Self.knownEnvironments(from: current))
            if arguments.isEmpty {
                printError(usage)
                throw ExitStatus.usage
            }
            print(usage, terminator: "")
            return
        }
        if let word = arguments.first, !word.hasPrefix("-"),
           let problem = Self.mistypedCommand(word, environments: Self.knownEnvironments(from: current)) {
            printError("error: \(problem)")
            throw ExitStatus.usage
        }
        let request: WrapperRequest
        do {
            request = try WrapperRequest.parse(arguments)
        } catch {
            printError("error: \(error.message)\n\n" + WrapperRequest.usage(environments: Self.knownEnvironments(from: current)))
            throw ExitStatus.usage
        }
        let start = request.directory.map { URL(fileURLWithPath: $0, relativeTo: current) } ?? current
        let (root, directory) = TerraformWrapper.locate(from: try Workspace.root(start.path))
        let catalog = try EnvironmentCatalog.load(root: root)
        let workspace = TerraformWorkspace(root: root, catalog: catalog)
        let status: Int32
        do {
            let program = try TerraformProgram.resolve(setting: catalog.terraformTool.program, environment: environment)
            let wrapper = TerraformWrapper(workspace: workspace, program: program, environment: environment,
                                           report: { printError($0) },
                                           ask: { prompt in
                                               Terminal.prompt(prompt)
                                               return Terminal.readLine()
                                           },
                                           initOutput: { FileHandle.standardError.write(Data($0)) })
            status = try wrapper.run(request, directory: directory)
        } catch {
            printError("error: \(error.message)")
            Foundation.exit(error.exitStatus)
        }
        Foundation.exit(status)
    }

    /// Why `word`, in the environment's place, is a mistyped command of `anshin tf` (`doctr`):
    /// it is no environment, none is near it, and a command is. nil for a known environment,
    /// even one a few edits from a command (`dr`, `diff`), and for a mistyped environment.
    static func mistypedCommand(_ word: String, environments: [String]) -> String? {
        guard !environments.contains(word), Suggestion.closest(to: word, in: environments) == nil else { return nil }
        let commands = TerraformCommand.configuration.subcommands.filter { $0.configuration.shouldDisplay }.map { AnshinCommand.name(of: $0) }
        guard let nearest = Suggestion.closest(to: word, in: commands) else { return nil }
        return "unknown command 'anshin tf \(word)'; did you mean 'anshin tf \(nearest)'? "
            + "(or an environment: \(environments.isEmpty ? "none is known here" : environments.joined(separator: ", ")))"
    }

    /// The environments the catalog at or above `directory` names, for the usage text.
    static func knownEnvironments(from directory: URL) -> [String] {
        let root = TerraformWrapper.locate(from: directory).root
        return ((try? EnvironmentCatalog.load(root: root))?.environments ?? []).map(\.name)
    }
}

/// `anshin tf doctor [PATH]`.
struct TerraformDoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the Terraform layout: every environment's files, separate and locked and encrypted state, no secrets in tfvars, linked wrapper scripts."
    )

    @OptionGroup var folder: FolderOptions

    @OptionGroup var report: ReportOptions

    func run() throws {
        let path = folder.path
        let root = TerraformWrapper.locate(from: try Workspace.root(path)).root
        let clock = try Clock.current()
        let catalog = try EnvironmentCatalog.load(root: root)
        let examination = TerraformDoctor.examine(TerraformWorkspace(root: root, catalog: catalog))
        let findings = try Suppressions.load(root: root).apply(to: examination.findings.map { $0.from("tf-doctor") }, today: clock.today)
        let stacks = examination.stacks.map { $0 == "." ? "root module" : "\($0)/" }
        let scope = Note(kind: .info, source: "terraform",
                         message: "examined \(examination.environments.count) environment\(examination.environments.count == 1 ? "" : "s") (\(examination.environments.joined(separator: ", "))) in \(stacks.count) stack\(stacks.count == 1 ? "" : "s") (\(stacks.joined(separator: ", ")))")
        let output = Report(target: path, generatedAt: clock.timestamp, findings: findings, notes: [scope] + examination.notes,
                            failOn: report.failOn, showSuppressed: report.showSuppressed, coverage: Coverage(sources: ["tf-doctor"]),
                            sourceRoot: SourceRoot.locate(root))
        try report.emit(output)
        try report.conclude(output, assessed: examination.stacks.count)
    }
}

/// `anshin tf diff LEFT RIGHT [PATH]`.
struct TerraformDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the Terraform variables whose values differ between two environments, stack by stack, side by side."
    )

    @Argument(help: "The first environment.")
    var left: String

    @Argument(help: "The second environment.")
    var right: String

    @Option(name: [.customShort("C"), .customLong("path"), .customLong("root")],
            help: ArgumentHelp("The repository root, or a folder inside it.", valueName: "dir"), completion: .directory)
    var path: String = "."

    func run() throws {
        let root = TerraformWrapper.locate(from: try Workspace.root(path)).root
        let catalog = try EnvironmentCatalog.load(root: root)
        for name in [left, right] { _ = try catalog.environment(named: name, field: "ENV") }
        let sections = try VariableDiff.compare(TerraformWorkspace(root: root, catalog: catalog), left, right)
        print(VariableDiff.render(sections, left: left, right: right), terminator: "")
    }
}

/// `anshin tf atlantis [PATH]`.
struct TerraformAtlantisCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atlantis",
        abstract: "Write atlantis.yaml: one project per environment and stack, each with its variable file and backend configuration."
    )

    @OptionGroup var folder: FolderOptions

    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("Where to write it ('-' for standard output; a folder gets atlantis.yaml inside; default: atlantis.yaml in the root).",
                               valueName: "file"))
    var output: String?

    @Flag(help: "Write nothing; exit with 1 when the file is not what anshin would write (for CI).")
    var check = false

    func run() throws {
        let root = TerraformWrapper.locate(from: try Workspace.root(folder.path)).root
        let catalog = try EnvironmentCatalog.load(root: root)
        let kind: TerraformProgram.Kind = (catalog.terraformTool.program ?? "").hasSuffix("tofu") ? .openTofu : .terraform
        let text = try AtlantisConfiguration.render(TerraformWorkspace(root: root, catalog: catalog), program: kind)
        if output == "-" {
            print(text, terminator: "")
            return
        }
        let destination = try output.map { URL(fileURLWithPath: try ReportOptions.file($0, defaultName: "atlantis.yaml")) }
            ?? root.appendingPathComponent("atlantis.yaml")
        if check {
            let current = try? String(contentsOf: destination, encoding: .utf8)
            guard current == text else {
                printError("\(destination.path) is \(current == nil ? "missing" : "out of date"): run anshin tf atlantis")
                throw ExitStatus.findings
            }
            return
        }
        do {
            try text.write(to: destination, atomically: true, encoding: .utf8)
        } catch {
            throw ConfigurationError(path: destination.path, message: "cannot write: \(SystemErrorText.describe(error))")
        }
        let projects = text.components(separatedBy: "\n").filter { $0.hasPrefix("  - name: ") }.count
        printError("wrote \(destination.path) (\(projects) projects)")
    }
}
