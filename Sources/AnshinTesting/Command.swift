import AnshinCore
import Foundation

/// Runs a program to completion and captures what it printed: the built `anshin` binary in
/// end-to-end tests, `git` and `python3` in fixtures.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

public enum Command {
    /// Runs `executable` (a path, or a name found on `PATH`) with `arguments` in `directory`;
    /// `environment` entries are added to (or, with a nil value, removed from) the current
    /// environment. A program that does not exist is an error naming it.
    public static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String?] = [:], stdin: String? = nil) throws -> CommandResult {
        let result = try Subprocess(executable, arguments, environment: Subprocess.environment(adding: environment),
                                    workingDirectory: directory?.path,
                                    standardInput: .bytes(Array((stdin ?? "").utf8))).run()
        return CommandResult(status: result.termination.shellStatus, stdout: result.outputText, stderr: result.errorText)
    }

    /// ``run(_:_:in:environment:stdin:)`` of a program at `executable`.
    public static func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String?] = [:], stdin: String? = nil) throws -> CommandResult {
        try run(executable.path, arguments, in: directory, environment: environment, stdin: stdin)
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
