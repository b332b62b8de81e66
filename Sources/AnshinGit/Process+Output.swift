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
        if let input {
            let writer = Thread {
                stdin.fileHandleForWriting.write(input)
                try? stdin.fileHandleForWriting.close()
            }
            writer.start()
        }
        final class Box: @unchecked Sendable { var data = Data() }  // written by one thread, read after join
        let errors = Box()
        let group = DispatchGroup()
        group.enter()
        Thread {
            errors.data = stderr.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessOutput(status: process.terminationStatus, output: output, error: errors.data)
    }
}

/// Reads lines and exact byte counts from a pipe with a large buffer.
struct BufferedReader {
    let handle: FileHandle
    var buffer: [UInt8] = []
    var position = 0
    var finished = false

    init(_ handle: FileHandle) { self.handle = handle }

    private mutating func fill() -> Bool {
        guard !finished else { return false }
        let chunk = handle.readData(ofLength: 1 << 20)
        if chunk.isEmpty { finished = true; return false }
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        buffer.append(contentsOf: chunk)
        return true
    }

    /// The next line without its newline, or nil at the end.
    mutating func readLine() -> [UInt8]? {
        var searchFrom = position
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[position..<newline])
                position = newline + 1
                return line
            }
            searchFrom = buffer.count
            let consumed = position
            guard fill() else { return nil }
            searchFrom -= consumed
        }
    }

    /// Exactly `count` bytes, or nil if the stream ends first.
    mutating func read(count: Int) -> [UInt8]? {
        while buffer.count - position < count {
            guard fill() else { return nil }
        }
        let bytes = Array(buffer[position..<position + count])
        position += count
        return bytes
    }
}
