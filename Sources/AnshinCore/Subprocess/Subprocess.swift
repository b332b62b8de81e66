import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One child process: what to run, with which input and where its output goes.
///
/// Every program anshin starts (git, `credential_process`, terraform, chromium in tests) goes
/// through this type, so that all of them find the program the same way, fail with the same
/// clear message when it is missing, never deadlock on a full pipe, and never inherit the
/// parent's blocked signals or open descriptors.
///
/// Why not `Foundation.Process`: it cannot map extra descriptors (a browser's DevTools pipe on 3
/// and 4), cannot say whether a signal came from the terminal or from another process, and passes
/// the parent's signal mask on to children. `posix_spawn` does all of this in a few calls.
///
/// ```swift
/// let result = try Subprocess("git", ["rev-parse", "HEAD"], workingDirectory: root).run()
/// guard result.termination.isSuccess else { … result.errorText … }
/// ```
public struct Subprocess: Sendable {
    /// Where the child's standard input comes from.
    public enum Input: Sendable {
        /// `/dev/null`.
        case none
        /// The parent's standard input.
        case inherit
        /// These bytes, written while the output is read, then end of file.
        case bytes([UInt8])
        /// A pipe the caller writes to: ``RunningProcess/standardInput``.
        case pipe
        /// An open descriptor of the parent; it stays the caller's to close.
        case descriptor(Int32)
    }

    /// Where one of the child's outputs goes.
    public enum Output: Sendable {
        /// `/dev/null`.
        case discard
        /// The parent's own descriptor: output streams to the terminal unchanged.
        case inherit
        /// Collected and returned by ``run(timeout:)``.
        case capture
        /// A pipe the caller reads: ``RunningProcess/standardOutput`` or ``RunningProcess/standardError``.
        case pipe
        /// An open descriptor of the parent; it stays the caller's to close.
        case descriptor(Int32)
    }

    /// A program name looked up on `PATH`, or a path (anything with a `/`).
    public var executable: String
    public var arguments: [String]
    /// The child's environment; nil inherits the parent's.
    public var environment: [String: String]?
    /// nil runs in the parent's current directory.
    public var workingDirectory: String?
    public var standardInput: Input
    public var standardOutput: Output
    public var standardError: Output
    /// Further descriptors the child gets: child descriptor number → parent descriptor.
    public var extraDescriptors: [Int32: Int32]
    /// Starts the child in a process group of its own, so that a terminal's Ctrl-C does not
    /// reach it and ``RunningProcess/signal(_:)`` reaches its children too.
    public var ownProcessGroup: Bool

    public init(_ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
                workingDirectory: String? = nil, standardInput: Input = .none, standardOutput: Output = .capture,
                standardError: Output = .capture, extraDescriptors: [Int32: Int32] = [:], ownProcessGroup: Bool = false) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.extraDescriptors = extraDescriptors
        self.ownProcessGroup = ownProcessGroup
    }

    /// The parent's environment with `changes` applied: a nil value removes the variable.
    public static func environment(adding changes: [String: String?],
                                   to base: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        var result = base
        for (name, value) in changes { result[name] = value }
        return result
    }

    /// The program's name as messages show it: the last path component.
    var programName: String {
        executable.split(separator: "/").last.map(String.init) ?? executable
    }

    // MARK: Running

    /// Runs the child to its end, feeding ``Input/bytes(_:)`` and collecting ``Output/capture``
    /// outputs as they come (a child that fills one pipe while the other is read never blocks).
    ///
    /// With a `timeout`, a child still running after it is killed (its whole group when it has
    /// its own) and the result says ``Termination/signalled(_:)`` with `SIGKILL`.
    public func run(timeout: Duration? = nil) throws(SubprocessError) -> CompletedProcess {
        let running = try start()
        return running.communicate(timeout: timeout)
    }

    /// Runs the child with the parent's terminal, as a shell runs a command: output streams
    /// unchanged, and signals meant for the child reach it exactly once.
    ///
    /// While the child runs, `SIGINT` and `SIGQUIT` typed at the terminal go to the whole
    /// foreground process group, child included, so the parent only survives them; sent to the
    /// parent alone by another process (or `SIGTERM` and `SIGHUP`, which a terminal never sends
    /// to the group), they are passed on. Terraform, which releases its state lock on the first
    /// interrupt and abandons it on the second, thus sees one interrupt either way.
    public func runForwardingSignals() throws(SubprocessError) -> Termination {
        try runForwardingSignalsNotingThem().termination
    }

    /// ``runForwardingSignals()``, also saying which signal, if any, reached anshin while the
    /// child ran, so that a caller running children in turn can stop after an interrupted one.
    public func runForwardingSignalsNotingThem() throws(SubprocessError) -> (termination: Termination, signal: Int32?) {
        var copy = self
        if case .capture = copy.standardOutput { copy.standardOutput = .inherit }
        if case .capture = copy.standardError { copy.standardError = .inherit }
        return try SignalForwarding.around { () throws(SubprocessError) -> (termination: Termination, signal: Int32?) in
            SignalForwarding.pending.store(0)
            let running = try copy.start()
            SignalForwarding.started(running.pid)
            defer { SignalForwarding.child.store(0) }
            let termination = running.wait()
            let caught = SignalForwarding.caught.load()
            return (termination, caught == 0 ? nil : caught)
        }
    }

    /// Starts the child and returns at once; the caller reads and writes the pipes it asked for
    /// and must call ``RunningProcess/wait()``.
    public func start() throws(SubprocessError) -> RunningProcess {
        let path = try resolvedExecutable()
        // One child at a time gets its pipes made and is spawned, so that no other child is
        // spawned between a pipe's creation and the spawn that closes its child end here.
        Self.spawnLock.lock()
        defer { Self.spawnLock.unlock() }
        var pipes = PipeSet()
        defer { pipes.closeChildEnds() }
        var actions = SpawnFileActions()
        defer { actions.destroy() }

        switch standardInput {
        case .none: actions.open(0, "/dev/null", O_RDONLY)
        case .inherit: break
        case .bytes, .pipe:
            let pipe = try pipes.make(for: 0, parentReads: false)
            actions.duplicate(pipe.child, to: 0)
        case .descriptor(let descriptor): actions.duplicate(descriptor, to: 0)
        }
        for (number, output) in [(Int32(1), standardOutput), (Int32(2), standardError)] {
            switch output {
            case .discard: actions.open(number, "/dev/null", O_WRONLY)
            case .inherit: break
            case .capture, .pipe:
                let pipe = try pipes.make(for: number, parentReads: true)
                actions.duplicate(pipe.child, to: number)
            case .descriptor(let descriptor): actions.duplicate(descriptor, to: number)
            }
        }
        for (number, descriptor) in extraDescriptors.sorted(by: { $0.key < $1.key }) {
            actions.duplicate(descriptor, to: number)
        }
        if let workingDirectory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: workingDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw SubprocessError(program: programName, reason: "the working directory \(workingDirectory) does not exist")
            }
            actions.changeDirectory(workingDirectory)
        }
        var attributes = SpawnAttributes(ownProcessGroup: ownProcessGroup)
        defer { attributes.destroy() }

        let environmentLines = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let status = CStrings.withArray([path] + arguments) { argv in
            CStrings.withArray(environmentLines) { envp in
                actions.spawn(&pid, path, attributes, argv, envp)
            }
        }
        guard status == 0 else {
            pipes.closeParentEnds()
            throw SubprocessError(program: programName, reason: SubprocessError.describe(errno: status))
        }
        let running = RunningProcess(pid: pid, program: programName, ownGroup: ownProcessGroup,
                                     input: pipes.parentEnd(of: 0), output: pipes.parentEnd(of: 1),
                                     error: pipes.parentEnd(of: 2))
        if case .bytes(let bytes) = standardInput { running.pendingInput = bytes }
        running.capturesOutput = { if case .capture = standardOutput { return true } else { return false } }()
        running.capturesError = { if case .capture = standardError { return true } else { return false } }()
        return running
    }

    private static let spawnLock = NSLock()

    /// The path of the program: `executable` itself when it holds a `/`, else the first
    /// executable file of that name in the `PATH` of the child's environment.
    public func resolvedExecutable() throws(SubprocessError) -> String {
        if executable.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: executable) else {
                let exists = FileManager.default.fileExists(atPath: executable)
                throw SubprocessError(program: programName, reason: exists ? "\(executable) is not executable" : "\(executable) does not exist",
                                      isMissing: !exists)
            }
            return executable
        }
        let searchPath = (environment ?? ProcessInfo.processInfo.environment)["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        if let found = Self.find(executable, searchPath: searchPath) { return found }
        throw SubprocessError(program: executable, reason: "\(executable) was not found on PATH", isMissing: true)
    }

    /// The first executable file called `name` in the directories of `searchPath` (`:`-separated).
    public static func find(_ name: String, searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        for directory in (searchPath ?? "").split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = directory.hasSuffix("/") ? "\(directory)\(name)" : "\(directory)/\(name)"
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }
}

/// How a child ended.
public enum Termination: Sendable, Equatable, CustomStringConvertible {
    /// It exited with this status.
    case exited(Int32)
    /// A signal ended it.
    case signalled(Int32)

    public var isSuccess: Bool { self == .exited(0) }

    /// The status a shell reports: the exit status, or 128 plus the signal number.
    public var shellStatus: Int32 {
        switch self {
        case .exited(let status): status
        case .signalled(let signal): 128 + signal
        }
    }

    public var description: String {
        switch self {
        case .exited(let status): "exit status \(status)"
        case .signalled(let signal): "signal \(Self.signalName(signal))"
        }
    }

    /// How a message says it: "exited with status 3", "was ended by signal SIGKILL".
    public var summary: String {
        switch self {
        case .exited(let status): "exited with status \(status)"
        case .signalled: "was ended by \(description)"
        }
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGKILL: "SIGKILL"
        case SIGHUP: "SIGHUP"
        case SIGQUIT: "SIGQUIT"
        case SIGPIPE: "SIGPIPE"
        case SIGSEGV: "SIGSEGV"
        case SIGABRT: "SIGABRT"
        default: "\(signal)"
        }
    }

    /// Decodes a `waitpid` status.
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        self = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }
}

/// What a child did: how it ended and what it printed on the outputs that were captured.
public struct CompletedProcess: Sendable {
    public var termination: Termination
    public var output: [UInt8]
    public var error: [UInt8]
    /// Whether the timeout ended the child.
    public var timedOut: Bool

    public var outputText: String { String(decoding: output, as: UTF8.self) }
    public var errorText: String { String(decoding: error, as: UTF8.self) }

    /// The first line of standard error, trimmed and at most `limit` characters: what a message
    /// about a failed child quotes.
    public func firstErrorLine(limit: Int = 300) -> String {
        let line = errorText.split(whereSeparator: \.isNewline).first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        return String((line.map(String.init) ?? "").trimmingCharacters(in: .whitespaces).prefix(limit))
    }
}

/// Why a child could not be started.
public struct SubprocessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The program's name.
    public var program: String
    public var reason: String
    /// Whether the program does not exist (as opposed to existing but failing to start).
    public var isMissing: Bool

    public init(program: String, reason: String, isMissing: Bool = false) {
        self.program = program
        self.reason = reason
        self.isMissing = isMissing
    }

    public var description: String { "cannot run \(program): \(reason)" }

    /// A system error number in words, without the `errno` jargon.
    static func describe(errno number: Int32) -> String {
        switch number {
        case ENOENT: "it does not exist"
        case EACCES: "permission denied"
        case ENOEXEC: "it is not a program this system can run"
        case ENOMEM: "not enough memory"
        case EAGAIN: "too many processes"
        case EMFILE, ENFILE: "too many open files"
        default: SystemErrorText.describe(errno: number)
        }
    }
}
