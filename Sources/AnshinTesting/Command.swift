import Foundation

/// Runs a program to completion and captures what it printed: the built `anshin` binary in
/// end-to-end tests, `git` and `python3` in fixtures.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

public enum Command {
    /// Runs `executable` with `arguments` in `directory`; `environment` entries are added to (or,
    /// with a nil value, removed from) the current environment. Output goes through temporary
    /// files so a chatty program can never block on a full pipe.
    public static func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String?] = [:], stdin: String? = nil) throws -> CommandResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("anshin-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
        let inURL = scratch.appendingPathComponent("in")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        try Data((stdin ?? "").utf8).write(to: inURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let input = try FileHandle(forReadingFrom: inURL)
        defer { try? out.close(); try? err.close(); try? input.close() }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus,
                             stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                             stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// Runs a program found on `PATH`.
    public static func run(_ name: String, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String?] = [:], stdin: String? = nil) throws -> CommandResult {
        try run(URL(fileURLWithPath: "/usr/bin/env"), [name] + arguments, in: directory, environment: environment, stdin: stdin)
    }

    /// The package root (the folder holding Package.swift), found from this source file.
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The `anshin` executable built beside the test bundle (`swift build` builds it).
    public static var anshinBinary: URL {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("anshin"),
            Bundle.main.bundleURL.appendingPathComponent("anshin"),
            packageRoot.appendingPathComponent(".build/debug/anshin"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
    }
}
