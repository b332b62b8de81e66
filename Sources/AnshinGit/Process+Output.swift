import Foundation

/// The result of running a program to completion with its output captured.
struct ProcessOutput {
    var status: Int32
    var output: Data
    var error: Data

    var errorText: String { String(decoding: error, as: UTF8.self) }

    /// Runs `executable`, feeding `input`, and collects both outputs without risking a pipe deadlock.
    static func run(_ executable: URL, _ arguments: [String], input: Data? = nil) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input { stdin.feed(input) }
        let errors = BackgroundRead(stderr.fileHandleForReading)
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let error = errors.wait()
        process.waitUntilExit()
        return ProcessOutput(status: process.terminationStatus, output: output, error: error)
    }
}

/// Reads a pipe to its end on a thread of its own, so that a child writing much to it (git's
/// standard error) never blocks while the caller is busy reading its other output.
///
/// `@unchecked Sendable` because `data` is written by the reading thread only, and read by
/// ``wait()`` only after that thread has signalled that it is done.
final class BackgroundRead: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    /// Everything the pipe delivered, once it is closed.
    func wait() -> Data {
        done.wait()
        done.signal()
        return data
    }
}

extension Pipe {
    /// Writes `data` into the pipe on a thread of its own, then closes it: a child that fills its
    /// output pipe before it has read all its input can then never stop both sides.
    func feed(_ data: Data) {
        Thread { [self] in
            fileHandleForWriting.write(data)
            try? fileHandleForWriting.close()
        }.start()
    }
}
