import AnshinCore
import AnshinHCL
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs Terraform for one environment in one stack or in all of them, the way the seed's
/// `./terraform.sh <env> <command>` did, without its traps.
///
/// For each stack: check the program's version against the stack's pins, `init` with the
/// environment's backend file in the environment's own data directory (unless `TF_SKIP_INIT`),
/// then the command, with the environment's variable file when the command takes one.
public struct TerraformWrapper: Sendable {
    public let workspace: TerraformWorkspace
    public let program: TerraformProgram
    /// The process environment children start from.
    public let environment: [String: String]
    /// Where anshin's own messages go (standard error in the executable).
    public let report: @Sendable (String) -> Void
    /// Asks a person a question and returns the line typed, nil when nobody answers.
    public let ask: @Sendable (String) -> String?
    /// Where the implicit `init`'s output goes, unchanged, as Terraform writes it (standard error
    /// in the executable, so that the command's own standard output stays clean for pipes);
    /// nil keeps it and shows it through `report` only when `init` fails.
    public let initOutput: (@Sendable ([UInt8]) -> Void)?

    public init(workspace: TerraformWorkspace, program: TerraformProgram, environment: [String: String],
                report: @escaping @Sendable (String) -> Void, ask: @escaping @Sendable (String) -> String?,
                initOutput: (@Sendable ([UInt8]) -> Void)? = nil) {
        self.workspace = workspace
        self.program = program
        self.environment = environment
        self.report = report
        self.ask = ask
        self.initOutput = initOutput
    }

    var settings: TerraformToolSettings { workspace.catalog.terraformTool }

    // MARK: Finding the workspace

    /// The workspace root for a run started in `start`: the nearest folder at or above it with
    /// an `anshin.yml`, not looking past a git repository's top; else `start` itself. Returns the
    /// root and `start` relative to it.
    public static func locate(from start: URL) -> (root: URL, directory: String) {
        let start = start.standardizedFileURL
        var candidate = start
        var relative: [String] = []
        while true {
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(EnvironmentCatalog.fileName).path) {
                return (candidate, relative.isEmpty ? "." : relative.reversed().joined(separator: "/"))
            }
            let isRepositoryTop = FileManager.default.fileExists(atPath: candidate.appendingPathComponent(".git").path)
            let parent = candidate.deletingLastPathComponent()
            if isRepositoryTop || parent.path == candidate.path { return (start, ".") }
            relative.append(candidate.lastPathComponent)
            candidate = parent
        }
    }

    // MARK: Planning

    /// What runs in one stack: the `init` (nil when skipped) and the command, both in `directory`
    /// with `environment`.
    public struct StackPlan: Sendable, Equatable {
        public var stack: TerraformWorkspace.Stack
        public var directory: URL
        /// The child environment's changes: `TF_DATA_DIR`.
        public var environmentChanges: [String: String]
        public var initArguments: [String]?
        public var arguments: [String]
    }

    /// The data directory of `environment` in `stack`'s folder, when environments get their own.
    public func dataDirectory(of stack: TerraformWorkspace.Stack) -> URL? {
        guard settings.dataDirectory == .perEnvironment, let name = stack.environment?.name else { return nil }
        return workspace.url(of: stack).appendingPathComponent(".terraform/anshin/\(name)")
    }

    /// Whether `TF_SKIP_INIT` asks to skip `init`, as the shell wrapper read it (`true`), with `1`
    /// and `yes` too.
    public static func skipsInit(_ environment: [String: String]) -> Bool {
        ["true", "1", "yes"].contains(environment["TF_SKIP_INIT"]?.lowercased() ?? "")
    }

    /// The arguments to run `request` in `stack`; pure but for asking the program's help and
    /// looking for a saved plan file.
    public func plan(_ request: WrapperRequest, in stack: TerraformWorkspace.Stack) -> StackPlan {
        let directory = workspace.url(of: stack)
        var backend: [String] = []
        if let file = stack.backendFile { backend.append("-backend-config=\(file)") }
        if settings.dataDirectory == .shared { backend.append("-reconfigure") }
        let varFile = stack.varsFile.map { "-var-file=\($0)" }
        var initArguments: [String]?
        var arguments: [String]
        if request.command == "init" {
            arguments = ["init"] + backend + (program.takesVarFile("init") ? varFile.map { [$0] } ?? [] : []) + request.arguments
        } else {
            if !Self.skipsInit(environment) {
                initArguments = ["init", "-input=false"] + backend + (program.takesVarFile("init") ? varFile.map { [$0] } ?? [] : [])
            }
            let savedPlan = request.command == "apply" && TerraformCommands.appliesSavedPlan(request.arguments, in: directory)
            let takesVarFile = !savedPlan && program.takesVarFile(request.command)
            arguments = [request.command] + (takesVarFile ? varFile.map { [$0] } ?? [] : []) + request.arguments
        }
        var changes: [String: String] = [:]
        if let data = dataDirectory(of: stack) { changes["TF_DATA_DIR"] = data.path }
        return StackPlan(stack: stack, directory: directory, environmentChanges: changes, initArguments: initArguments, arguments: arguments)
    }

    // MARK: Checking

    /// Stops before a stack whose environment would touch another's state, whose program version
    /// does not match, or (with `TF_SKIP_INIT`) that was never initialised for the environment.
    public func check(_ plan: StackPlan) throws(WrapperError) {
        let stack = plan.stack
        let name = stack.environment?.name ?? ""
        let sharing = workspace.environmentsSharingState(with: stack)
        if !sharing.isEmpty {
            let address = (try? workspace.backend(of: stack).stateAddress) ?? nil
            throw .usage("\(stack.label): \(([name] + sharing).joined(separator: " and ")) keep their state in the same place"
                         + (address.map { " (\($0))" } ?? "")
                         + ": give each environment its own backend settings in <env>.tfbackend (a different key or path) before running terraform here")
        }
        let mismatches = try VersionCheck.mismatches(of: program, workspace: workspace, stack: stack)
        if !mismatches.isEmpty {
            throw .environment("\(stack.label): " + mismatches.map(\.description).joined(separator: "; ")
                               + ". Install the required version (tfenv install, tofuenv install) or set terraform.program in anshin.yml")
        }
        if plan.initArguments == nil, plan.arguments.first != "init" {
            if let data = dataDirectory(of: stack) {
                guard FileManager.default.fileExists(atPath: data.path) else {
                    throw .usage("TF_SKIP_INIT is set, but \(stack.label) was never initialised for \(name) (no \(relative(data))): run once without TF_SKIP_INIT")
                }
            } else if let initialised = initialisedEnvironment(of: stack), initialised != name {
                throw .usage("TF_SKIP_INIT is set, but \(stack.label) was last initialised for \(initialised), not \(name): terraform would use \(initialised)'s state. Run without TF_SKIP_INIT")
            }
        }
    }

    /// With one shared data directory: the environment it was last initialised for.
    func initialisedEnvironment(of stack: TerraformWorkspace.Stack) -> String? {
        let marker = workspace.url(of: stack).appendingPathComponent(".terraform/anshin-environment")
        return (try? String(contentsOf: marker, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func relative(_ url: URL) -> String {
        let root = workspace.root.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        return path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    // MARK: Running

    /// The outcome of one stack in a run.
    public struct Outcome: Sendable, Equatable {
        public enum Result: Sendable, Equatable {
            /// Terraform ran; its shell status.
            case ran(Int32)
            /// `init` failed with this status; the command did not run.
            case initFailed(Int32)
            /// anshin stopped before running anything, for this reason, with this status.
            case stopped(String, status: Int32)
            /// Not run: an earlier stack was interrupted.
            case skipped

            /// The exit status this result stands for.
            public var status: Int32 {
                switch self {
                case .ran(let status), .initFailed(let status): status
                case .stopped(_, let status): status
                case .skipped: 0
                }
            }
        }

        public var label: String
        public var result: Result
        public var seconds: Double

        public init(label: String, result: Result, seconds: Double) {
            self.label = label
            self.result = result
            self.seconds = seconds
        }

        /// The status this stack contributes to the run's exit status.
        public var status: Int32 { result.status }
    }

    /// Runs `request` in the stack in `directory` (relative to the root), or with `--all` in
    /// every stack of the environment, and returns the exit status to leave with.
    public func run(_ request: WrapperRequest, directory: String) throws(WrapperError) -> Int32 {
        let stacks: [TerraformWorkspace.Stack]
        do {
            if request.all {
                _ = try workspace.catalog.environment(named: request.environment, field: "ENV")
                stacks = try workspace.stacks(environments: [request.environment])
            } else {
                stacks = [try workspace.stack(in: directory, environment: request.environment)]
            }
        } catch {
            throw .usage(error.description)
        }
        guard let environment = stacks.first?.environment else { throw .usage("no Terraform stack for \(request.environment)") }
        try confirm(request, environment: environment)
        let plans = stacks.map { plan(request, in: $0) }
        if !request.all {
            try check(plans[0])
            return execute(plans[0]).status
        }
        var outcomes: [Outcome] = []
        var interrupted = false
        for plan in plans {
            if interrupted {
                outcomes.append(Outcome(label: plan.stack.label, result: .skipped, seconds: 0))
                continue
            }
            report("==> \(plan.stack.label): \(program.kind.rawValue) \(plan.arguments.joined(separator: " "))")
            let start = ContinuousClock.now
            do throws(WrapperError) {
                try check(plan)
            } catch {
                report("anshin: \(error.message)")
                outcomes.append(Outcome(label: plan.stack.label, result: .stopped(error.message, status: error.exitStatus), seconds: 0))
                continue
            }
            let (outcome, signal) = executeNotingSignals(plan)
            let elapsed = ContinuousClock.now - start
            outcomes.append(Outcome(label: plan.stack.label, result: outcome,
                                    seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
            if signal != nil { interrupted = true }
        }
        report(Self.summary(command: ([request.command] + request.arguments).joined(separator: " "),
                            environment: request.environment, outcomes: outcomes))
        return Self.exitStatus(outcomes)
    }

    /// Asks for the environment's name when it is protected and the command changes it.
    func confirm(_ request: WrapperRequest, environment: Environment) throws(WrapperError) {
        let operation = TerraformCommands.operation(command: request.command, arguments: request.arguments)
        switch Protection.decide(environment: environment, operation: operation, assumeYes: request.assumeYes,
                                 processEnvironment: self.environment) {
        case .proceed:
            return
        case .refuse(let reason):
            throw .usage(reason)
        case .ask(let prompt):
            let answer = ask(prompt)
            guard Protection.confirms(answer, environment: environment.name) else {
                let typed = answer.map { "\"\($0.trimmingCharacters(in: .whitespaces))\" was typed" } ?? "nothing was typed"
                throw .declined("not confirmed (\(typed), not \"\(environment.name)\"): terraform \(operation) did not run")
            }
        }
    }

    func execute(_ plan: StackPlan) -> Outcome.Result {
        executeNotingSignals(plan).result
    }

    /// Runs one stack's `init` (its output streamed to `initOutput` as it comes, or kept and
    /// shown only if it fails) and command.
    func executeNotingSignals(_ plan: StackPlan) -> (result: Outcome.Result, signal: Int32?) {
        let childEnvironment = environment.merging(plan.environmentChanges) { $1 }
        let name = plan.stack.environment?.name ?? ""
        if let initArguments = plan.initArguments {
            let (status, output, signal) = runCapturingOutput(initArguments, plan: plan, environment: childEnvironment)
            if status != 0 || signal != nil {
                let shown = initOutput == nil ? ":\n" + output : ""
                report("anshin: \(program.kind.rawValue) init for \(name) in \(plan.stack.label) failed (exit status \(status))"
                       + shown + Self.initHint(output: output, environment: name))
                return (.initFailed(status == 0 ? 1 : status), signal)
            }
            if settings.dataDirectory == .shared { recordInitialised(plan) }
        }
        let child = Subprocess(program.path, plan.arguments, environment: childEnvironment,
                               workingDirectory: plan.directory.path, standardInput: .inherit,
                               standardOutput: .inherit, standardError: .inherit)
        do {
            let (termination, signal) = try child.runForwardingSignalsNotingThem()
            if plan.arguments.first == "init", termination.isSuccess, settings.dataDirectory == .shared { recordInitialised(plan) }
            return (.ran(termination.shellStatus), signal)
        } catch {
            report("anshin: \(error.description)")
            return (.stopped(error.description, status: 3), nil)
        }
    }

    private func recordInitialised(_ plan: StackPlan) {
        let folder = plan.directory.appendingPathComponent(".terraform")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? Data(((plan.stack.environment?.name ?? "") + "\n").utf8).write(to: folder.appendingPathComponent("anshin-environment"))
    }

    /// Runs `arguments` with standard output and error through one pipe, each chunk passed to
    /// `initOutput` as it comes and kept for ``initHint(output:environment:)``, signals forwarded;
    /// returns the status, the output and the signal anshin received, if any.
    private func runCapturingOutput(_ arguments: [String], plan: StackPlan, environment: [String: String]) -> (Int32, String, Int32?) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            return (3, "cannot make a pipe for init's output: \(SystemErrorText.describe(errno: errno))", nil)
        }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        // Only the child's standard output and error hold the write end, so the reader sees the
        // end of the output when init exits.
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        let kept = LockedValue<[UInt8]>([])
        let finished = DispatchSemaphore(value: 0)
        let forward = initOutput
        DispatchQueue.global().async {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(readEnd, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                let chunk = Array(buffer[0..<count])
                forward?(chunk)
                kept.withLock { output in
                    // What the hint looks for is in the last lines; a runaway init keeps its tail.
                    output.append(contentsOf: chunk)
                    if output.count > Self.keptInitOutput { output.removeFirst(output.count - Self.keptInitOutput) }
                }
            }
            close(readEnd)
            finished.signal()
        }
        let child = Subprocess(program.path, arguments, environment: environment, workingDirectory: plan.directory.path,
                               standardInput: .none, standardOutput: .descriptor(writeEnd), standardError: .descriptor(writeEnd))
        let result: (Int32, String?, Int32?)
        do {
            let (termination, signal) = try child.runForwardingSignalsNotingThem()
            result = (termination.shellStatus, nil, signal)
        } catch {
            result = (3, error.description, nil)
        }
        close(writeEnd)
        finished.wait()
        let output = result.1 ?? String(decoding: kept.withLock { $0 }, as: UTF8.self)
        return (result.0, output, result.2)
    }

    static let keptInitOutput = 1 << 20

    /// What to do after a failed `init`, when its output says why.
    static func initHint(output: String, environment: String) -> String {
        if output.contains("Backend configuration changed") || output.contains("Backend configuration block has changed") {
            return "\nThe backend settings of \(environment) changed since this stack was initialised for it. anshin never moves state on its own: run `anshin tf \(environment) init -migrate-state` to copy the state to the new backend, or `anshin tf \(environment) init -reconfigure` to use the new backend as it is.\n"
        }
        return ""
    }

    // MARK: Summary

    /// The lines after `--all`: each stack's result and time.
    public static func summary(command: String, environment: String, outcomes: [Outcome]) -> String {
        let width = outcomes.map(\.label.count).max() ?? 0
        var lines = ["", "anshin tf \(environment) \(command) --all: \(outcomes.count) stack\(outcomes.count == 1 ? "" : "s")"]
        for outcome in outcomes {
            let label = outcome.label.padding(toLength: width, withPad: " ", startingAt: 0)
            let result: String
            switch outcome.result {
            case .ran(0): result = "ok"
            case .ran(2) where command.contains("-detailed-exitcode"): result = "changes (exit status 2)"
            case .ran(let status): result = "failed (exit status \(status))"
            case .initFailed(let status): result = "init failed (exit status \(status))"
            case .stopped: result = "not run: stopped by anshin (see above)"
            case .skipped: result = "not run: interrupted"
            }
            let time = outcome.seconds > 0 ? String(format: "  %.1fs", outcome.seconds) : ""
            lines.append("  \(label)  \(result)\(time)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The run's exit status: the first failure's, else 2 when a stack has changes under
    /// `-detailed-exitcode`, else 0.
    public static func exitStatus(_ outcomes: [Outcome]) -> Int32 {
        if let failure = outcomes.first(where: { $0.status != 0 && $0.status != 2 }) { return failure.status }
        if let stopped = outcomes.first(where: { if case .stopped = $0.result { return true } else { return false } }) { return stopped.status }
        return outcomes.contains { $0.status == 2 } ? 2 : 0
    }
}
