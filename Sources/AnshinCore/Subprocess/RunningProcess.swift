import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A started child: its pipes, and waiting for its end.
///
/// `@unchecked Sendable`: the descriptors are only read by the thread that calls
/// ``communicate(timeout:)`` or reads the handles, and the cached termination is guarded by a lock.
public final class RunningProcess: @unchecked Sendable {
    public let pid: pid_t
    /// The program's name, for messages.
    public let program: String
    /// Write end of the child's standard input, when it was ``Subprocess/Input/pipe`` or bytes.
    public private(set) var standardInput: FileHandle?
    /// Read end of the child's standard output, when it was a pipe or captured.
    public let standardOutput: FileHandle?
    /// Read end of the child's standard error, when it was a pipe or captured.
    public let standardError: FileHandle?
    private let ownGroup: Bool
    private let lock = NSLock()
    private var ended: Termination?

    var pendingInput: [UInt8]?
    var capturesOutput = false
    var capturesError = false

    init(pid: pid_t, program: String, ownGroup: Bool, input: Int32?, output: Int32?, error: Int32?) {
        self.pid = pid
        self.program = program
        self.ownGroup = ownGroup
        standardInput = input.map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
        standardOutput = output.map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
        standardError = error.map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
    }

    /// Closes the child's standard input: it reads end of file.
    public func closeInput() {
        try? standardInput?.close()
        standardInput = nil
    }

    /// Writes `bytes` to the child's standard input on a thread of its own, then closes it: a
    /// child that fills its output pipe before it has read all its input can then never stop
    /// both sides.
    public func feedInput(_ bytes: [UInt8]) {
        guard let handle = standardInput else { return }
        standardInput = nil
        Subprocess.ignoreBrokenPipes()
        Thread {
            // A child that exits before reading everything makes the write fail; that is its business.
            try? handle.write(contentsOf: bytes)
            try? handle.close()
        }.start()
    }

    /// Reads the child's standard error to its end on a thread of its own, so that a child
    /// writing much to it never blocks while the caller reads its other output.
    public func collectErrorInBackground() -> BackgroundRead? {
        standardError.map(BackgroundRead.init)
    }

    /// Sends `signal` to the child (to its whole group when it has its own). Until the child is
    /// waited for, its id cannot be reused, so the signal reaches it or, once it has exited, the
    /// rest of its group.
    public func signal(_ signal: Int32) {
        guard lock.withLock({ ended }) == nil else { return }
        _ = systemKill(ownGroup ? -pid : pid, signal)
    }

    /// Ends the child with `SIGKILL` (it cannot refuse) and waits for it.
    @discardableResult
    public func kill() -> Termination {
        signal(SIGKILL)
        return wait()
    }

    /// How the child ended, nil while it runs.
    public var termination: Termination? {
        lock.withLock {
            if let ended { return ended }
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { ended = Termination(waitStatus: status) }
            return ended
        }
    }

    public var isRunning: Bool { termination == nil }

    /// Waits for the child to end.
    @discardableResult
    public func wait() -> Termination {
        lock.withLock {
            if let ended { return ended }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 {
                if errno != EINTR {
                    // ECHILD: someone else reaped it; nothing more can be known.
                    ended = .exited(-1)
                    return ended!
                }
            }
            ended = Termination(waitStatus: status)
            return ended!
        }
    }

    /// Waits at most `timeout` for the child to end; nil when it still runs.
    public func wait(timeout: Duration) -> Termination? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let termination { return termination }
            if ContinuousClock.now >= deadline { return nil }
            usleep(5_000)
        }
    }

    /// Writes the pending input, reads every captured output to its end, then waits; see
    /// ``Subprocess/run(timeout:)``.
    func communicate(timeout: Duration?) -> CompletedProcess {
        Subprocess.ignoreBrokenPipes()
        var input = pendingInput ?? []
        var written = 0
        var inputDescriptor: Int32? = nil
        if pendingInput != nil, let handle = standardInput {
            inputDescriptor = handle.fileDescriptor
            _ = fcntl(handle.fileDescriptor, F_SETFL, fcntl(handle.fileDescriptor, F_GETFL) | O_NONBLOCK)
            if input.isEmpty { closeInput(); inputDescriptor = nil }
        }
        var output: [UInt8] = [], error: [UInt8] = []
        var readers: [(descriptor: Int32, isOutput: Bool)] = []
        if capturesOutput, let handle = standardOutput { readers.append((handle.fileDescriptor, true)) }
        if capturesError, let handle = standardError { readers.append((handle.fileDescriptor, false)) }
        let deadline = timeout.map { ContinuousClock.now + $0 }
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while !readers.isEmpty || inputDescriptor != nil {
            var polled = readers.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
            if let inputDescriptor { polled.append(pollfd(fd: inputDescriptor, events: Int16(POLLOUT), revents: 0)) }
            var wait: Int32 = -1
            if let deadline {
                let left = deadline - ContinuousClock.now
                if left <= .zero { timedOut = true; break }
                wait = Int32(min(1_000, max(1, left.components.seconds * 1_000 + left.components.attoseconds / 1_000_000_000_000_000)))
            }
            let ready = poll(&polled, nfds_t(polled.count), wait)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if ready == 0 { continue }
            if let descriptor = inputDescriptor, let entry = polled.last, entry.revents != 0 {
                let count = input[written...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
                if count > 0 { written += count }
                if count < 0 && errno != EAGAIN && errno != EINTR { written = input.count }  // the child stopped reading
                if written >= input.count {
                    closeInput()
                    inputDescriptor = nil
                    input = []
                }
            }
            var finished: [Int32] = []
            for (index, reader) in readers.enumerated() where polled[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { systemRead(reader.descriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    if reader.isOutput { output += buffer[..<count] } else { error += buffer[..<count] }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    finished.append(reader.descriptor)
                }
            }
            readers.removeAll { finished.contains($0.descriptor) }
        }
        if timedOut {
            // Descendants may hold the pipes open: stop reading, kill, and reap.
            closeInput()
            return CompletedProcess(termination: kill(), output: output, error: error, timedOut: true)
        }
        closeInput()
        return CompletedProcess(termination: wait(), output: output, error: error, timedOut: false)
    }

    deinit {
        // A child nobody waited for would stay a zombie for the life of the process.
        if ended == nil {
            var status: Int32 = 0
            _ = waitpid(pid, &status, WNOHANG)
        }
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
private let systemWrite = Glibc.write
private let systemKill = Glibc.kill
#elseif canImport(Darwin)
private let systemRead = Darwin.read
private let systemWrite = Darwin.write
private let systemKill = Darwin.kill
#endif

extension Subprocess {
    /// Writing to a pipe whose reader has gone must be an error to handle, not a signal that
    /// ends anshin. Children get the default action back (``SpawnAttributes``).
    static func ignoreBrokenPipes() {
        _ = brokenPipesIgnored
    }

    private static let brokenPipesIgnored: Void = {
        _ = Foundation.signal(SIGPIPE, SIG_IGN)
    }()
}

/// Reads a pipe to its end on a thread of its own.
///
/// `@unchecked Sendable` because `data` is written by the reading thread only, and read by
/// ``wait()`` only after that thread has signalled that it is done.
public final class BackgroundRead: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    public init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    /// Everything the pipe delivered, once it is closed.
    public func wait() -> Data {
        done.wait()
        done.signal()
        return data
    }

    /// ``wait()`` as trimmed text.
    public func waitForText() -> String {
        String(decoding: wait(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
