import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The pipes made for one child: the parent's ends, kept, and the child's ends, closed once the
/// child holds them.
///
/// Pipes are made close-on-exec, so that no other child started at the same time inherits an
/// end (a stray write end keeps a reader from ever seeing the end of its pipe); the spawn's
/// `dup2` gives the child its own copies without the flag.
struct PipeSet {
    private var parentEnds: [Int32: Int32] = [:]
    private var childEnds: [Int32] = []

    /// A new pipe for the child's descriptor `number`; the parent reads it when `parentReads`.
    mutating func make(for number: Int32, parentReads: Bool) throws(SubprocessError) -> (parent: Int32, child: Int32) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else {
            throw SubprocessError(program: "pipe", reason: SubprocessError.describe(errno: errno))
        }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        let (parent, child) = parentReads ? (descriptors[0], descriptors[1]) : (descriptors[1], descriptors[0])
        childEnds.append(child)
        parentEnds[number] = parent
        return (parent, child)
    }

    func parentEnd(of number: Int32) -> Int32? { parentEnds[number] }

    mutating func closeChildEnds() {
        for descriptor in childEnds { close(descriptor) }
        childEnds = []
    }

    mutating func closeParentEnds() {
        for descriptor in parentEnds.values { close(descriptor) }
        parentEnds = [:]
    }
}

/// `posix_spawn_file_actions_t`, with the calls anshin uses.
struct SpawnFileActions {
    #if canImport(Glibc)
    private var actions = posix_spawn_file_actions_t()
    #else
    private var actions: posix_spawn_file_actions_t?
    #endif

    init() {
        posix_spawn_file_actions_init(&actions)
    }

    mutating func destroy() {
        posix_spawn_file_actions_destroy(&actions)
    }

    mutating func open(_ number: Int32, _ path: String, _ flags: Int32) {
        posix_spawn_file_actions_addopen(&actions, number, path, flags, 0)
    }

    mutating func duplicate(_ descriptor: Int32, to number: Int32) {
        posix_spawn_file_actions_adddup2(&actions, descriptor, number)
    }

    mutating func changeDirectory(_ path: String) {
        #if canImport(Glibc)
        // glibc has it since 2.29 but does not declare it without _GNU_SOURCE.
        typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") {
            _ = unsafeBitCast(symbol, to: AddChdir.self)(&actions, path)
        }
        #else
        posix_spawn_file_actions_addchdir_np(&actions, path)
        #endif
    }

    mutating func spawn(_ pid: inout pid_t, _ path: String, _ attributes: SpawnAttributes,
                        _ argv: UnsafePointer<UnsafeMutablePointer<CChar>?>,
                        _ envp: UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
        var attributes = attributes
        return attributes.withPointer { attributes in
            posix_spawn(&pid, path, &actions, attributes, UnsafeMutablePointer(mutating: argv), UnsafeMutablePointer(mutating: envp))
        }
    }
}

/// `posix_spawnattr_t`: every signal back to its default action and none blocked in the child
/// (a test runner blocks some, and children would inherit that), and optionally a new group.
struct SpawnAttributes {
    #if canImport(Glibc)
    private var attributes = posix_spawnattr_t()
    #else
    private var attributes: posix_spawnattr_t?
    #endif

    init(ownProcessGroup: Bool) {
        posix_spawnattr_init(&attributes)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if ownProcessGroup {
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
    }

    mutating func destroy() {
        posix_spawnattr_destroy(&attributes)
    }

    #if canImport(Glibc)
    mutating func withPointer<Result>(_ body: (UnsafePointer<posix_spawnattr_t>) -> Result) -> Result {
        withUnsafePointer(to: &attributes, body)
    }
    #else
    mutating func withPointer<Result>(_ body: (UnsafePointer<posix_spawnattr_t?>) -> Result) -> Result {
        withUnsafePointer(to: &attributes, body)
    }
    #endif
}

/// NUL-terminated C string arrays for `argv` and `envp`.
enum CStrings {
    static func withArray<Result>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result) -> Result {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// Passes signals on to the child of ``Subprocess/runForwardingSignals()``.
enum SignalForwarding {
    /// The child's process id, 0 when none; read by the signal handler.
    static let child = AtomicPID()
    /// The first signal caught while the child ran, 0 when none; written by the signal handler.
    static let caught = AtomicPID()

    static let forwarded: [Int32] = [SIGINT, SIGQUIT, SIGTERM, SIGHUP]

    /// Runs `body` with the handlers installed, then puts the previous ones back.
    static func around<Result>(_ body: () throws(SubprocessError) -> Result) throws(SubprocessError) -> Result {
        var previous: [Int32: sigaction] = [:]
        caught.store(0)
        for number in forwarded {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_sigaction = handler
            #else
            action.__sigaction_u.__sa_sigaction = handler
            #endif
            action.sa_flags = SA_SIGINFO | SA_RESTART
            sigemptyset(&action.sa_mask)
            var old = sigaction()
            sigaction(number, &action, &old)
            previous[number] = old
        }
        defer {
            for (number, old) in previous {
                var old = old
                sigaction(number, &old, nil)
            }
        }
        return try body()
    }

    /// A signal typed at the terminal (`si_code` set by the kernel) already reached the child,
    /// which shares the foreground group: only one sent by a process is passed on.
    private static let handler: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = { number, info, _ in
        if SignalForwarding.caught.load() == 0 { SignalForwarding.caught.store(number) }
        let fromTerminal = (number == SIGINT || number == SIGQUIT) && (info?.pointee.si_code ?? 0) > 0
        guard !fromTerminal else { return }
        let pid = SignalForwarding.child.load()
        // Before the child's id is known (between spawn and ``started(_:)``), keep the signal.
        guard pid > 0 else { SignalForwarding.pending.store(number); return }
        _ = kill(pid, number)
    }

    /// The signal that arrived before the child's id was known, 0 when none.
    static let pending = AtomicPID()

    /// Records the child and passes on a signal that came before it was recorded.
    static func started(_ pid: pid_t) {
        child.store(pid)
        let early = pending.load()
        if early != 0 {
            pending.store(0)
            _ = kill(pid, early)
        }
    }
}

/// A process id or signal number shared with a signal handler (a plain aligned word).
final class AtomicPID: @unchecked Sendable {
    private let storage = UnsafeMutablePointer<pid_t>.allocate(capacity: 1)

    init() { storage.initialize(to: 0) }

    func store(_ pid: pid_t) {
        // Aligned word-sized stores are atomic on every platform Swift runs on; the handler
        // only ever reads it.
        storage.pointee = pid
    }

    func load() -> pid_t { storage.pointee }
}
