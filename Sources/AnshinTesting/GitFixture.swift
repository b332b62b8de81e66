import Foundation

/// A real git repository in a temporary folder, built commit by commit by a test.
public final class GitFixture: @unchecked Sendable {
    public let directory: TemporaryDirectory
    public var url: URL { directory.url }
    public var path: String { directory.path }

    /// `git init` with a fixed identity and branch name, so histories are reproducible.
    public init() throws {
        directory = try TemporaryDirectory()
        try git("init", "-q", "-b", "main")
        try git("config", "user.name", "Ken Sato")
        try git("config", "user.email", "ken@acme.example")
        try git("config", "commit.gpgsign", "false")
    }

    /// Runs git in the repository; a failure throws with git's message.
    @discardableResult
    public func git(_ arguments: String..., environment: [String: String?] = [:]) throws -> String {
        let result = try Command.run("git", arguments, in: url, environment: environment)
        guard result.status == 0 else {
            throw GitFixtureError(message: "git \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        return result.stdout
    }

    public func write(_ relativePath: String, _ contents: String) throws {
        try directory.write(relativePath, contents)
    }

    public func write(_ relativePath: String, bytes: [UInt8]) throws {
        let file = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
    }

    public func remove(_ relativePath: String) throws {
        try FileManager.default.removeItem(at: url.appendingPathComponent(relativePath))
    }

    /// Stages everything and commits at a fixed date; returns the new commit id.
    @discardableResult
    public func commit(_ message: String, date: String = "2025-02-14T09:12:44Z", author: String? = nil) throws -> String {
        try git("add", "-A")
        var environment: [String: String?] = ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date]
        if let author {
            let name = author.components(separatedBy: " <").first ?? author
            let email = author.components(separatedBy: "<").last?.trimmingCharacters(in: CharacterSet(charactersIn: ">")) ?? ""
            environment["GIT_AUTHOR_NAME"] = name
            environment["GIT_AUTHOR_EMAIL"] = email
        }
        let result = try Command.run("git", ["commit", "-q", "--allow-empty", "-m", message], in: url, environment: environment)
        guard result.status == 0 else { throw GitFixtureError(message: "git commit: \(result.stderr)") }
        return try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The blob id git gives `contents`.
    public func blobID(_ contents: String) throws -> String {
        try Command.run("git", ["hash-object", "--stdin"], in: url, stdin: contents).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

public struct GitFixtureError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
