import AnshinCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A pseudo-terminal a test drives as a person at a keyboard would: a program runs with the
/// terminal as its standard input, output and error and as its controlling terminal (in a new
/// session, through util-linux's `setsid --ctty`), the test types into it (Ctrl-C included, which
/// the terminal turns into `SIGINT` for the foreground process group) and reads what appears.
public final class PseudoTerminal: @unchecked Sendable {
    private let master: Int32
    private let lock = NSLock()
    private var received: [UInt8] = []
    private var reader: Thread?
    private let finished = DispatchSemaphore(value: 0)
    /// The program, once started.
    public private(set) var process: RunningProcess?

    public init() throws {
        master = PTY.open(O_RDWR | O_NOCTTY)
        guard master >= 0, PTY.grant(master) == 0, PTY.unlock(master) == 0 else {
            throw PseudoTerminalError(message: "cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        if let process, process.isRunning { process.kill() }
        close(master)
    }

    /// Starts `executable` on the terminal, in `directory`, with `environment` (which replaces the
    /// test's own).
    public func start(_ executable: String, _ arguments: [String], environment: [String: String], directory: URL? = nil) throws {
        var name = [CChar](repeating: 0, count: 128)
        guard PTY.name(master, &name, name.count) == 0 else { throw PseudoTerminalError(message: "no name for the pseudo-terminal") }
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let follower = open(path, O_RDWR | O_NOCTTY)
        guard follower >= 0 else { throw PseudoTerminalError(message: "cannot open \(path)") }
        defer { close(follower) }
        let child = Subprocess("setsid", ["--ctty", executable] + arguments, environment: environment,
                               workingDirectory: directory?.path, standardInput: .descriptor(follower),
                               standardOutput: .descriptor(follower), standardError: .descriptor(follower))
        process = try child.start()
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(master, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                // EIO once every holder of the follower side has closed it.
                guard count > 0 else { break }
                lock.withLock { received += buffer[..<count] }
            }
            finished.signal()
        }
        reader = thread
        thread.start()
    }

    /// Types `text` (`"\u{03}"` is Ctrl-C).
    public func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Everything the program wrote so far.
    public var output: String {
        lock.withLock { String(decoding: received, as: UTF8.self) }
    }

    /// Waits until the output contains `text`; false when `timeout` passes first or the program
    /// ends without writing it.
    public func waitFor(_ text: String, timeout: Duration = .seconds(60)) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if output.contains(text) { return true }
            if let process, !process.isRunning { return output.contains(text) }
            usleep(10_000)
        }
        return false
    }

    /// Waits for the program to end and for its last output to be read; nil after `timeout`.
    public func waitForExit(timeout: Duration = .seconds(60)) -> Termination? {
        guard let process, let termination = process.wait(timeout: timeout) else { return nil }
        // The reader sees end of file once the program and its children have closed the terminal.
        _ = finished.wait(timeout: .now() + .seconds(5))
        return termination
    }
}

public struct PseudoTerminalError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// The pseudo-terminal calls of the C library, which its Swift module leaves out (they are
/// declared only for X/Open programs), looked up by name.
private enum PTY {
    typealias Control = @convention(c) (Int32) -> Int32
    typealias Name = @convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32

    static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        dlsym(nil, name).map { unsafeBitCast($0, to: type) }
    }

    static func open(_ flags: Int32) -> Int32 { symbol("posix_openpt", as: Control.self)?(flags) ?? -1 }
    static func grant(_ descriptor: Int32) -> Int32 { symbol("grantpt", as: Control.self)?(descriptor) ?? -1 }
    static func unlock(_ descriptor: Int32) -> Int32 { symbol("unlockpt", as: Control.self)?(descriptor) ?? -1 }
    static func name(_ descriptor: Int32, _ buffer: UnsafeMutablePointer<CChar>, _ size: Int) -> Int32 {
        symbol("ptsname_r", as: Name.self)?(descriptor, buffer, size) ?? -1
    }
}
