import Foundation

/// # AnshinGit
///
/// Read access to a git repository through the `git` command: the object database (every blob
/// reachable from any ref, each once), blob contents streamed through one `git cat-file --batch`,
/// the index (staged changes), the working tree's tracked and untracked-not-ignored files, and the
/// history pass that finds where a blob first appeared.
///
/// Design choice: history is scanned by enumerating objects, not by diffing commit after commit,
/// so a blob present in ten thousand commits is read once. Provenance (first commit, author, date,
/// path) is looked up afterwards, in a single `git log --raw` pass, only for blobs that matter.

/// A git failure or a folder that is not a repository, with git's own words.
public struct GitError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A blob in the object database, with one path it is reachable under.
public struct BlobReference: Sendable, Hashable {
    public var id: String
    public var size: Int
    /// A path under which some commit holds the blob (the first `git rev-list --objects` saw).
    public var path: String
}

/// Where a blob first appeared and how many places hold it.
public struct Provenance: Sendable, Hashable {
    public var commit: String
    /// `Name <email>`.
    public var author: String
    /// ISO 8601 author date.
    public var date: String
    public var path: String
    /// Distinct (commit, path) pairs that added or changed a file to this blob, the first included.
    public var occurrences: Int
}

/// A git repository found at or above a folder.
public struct GitRepository: Sendable {
    /// The top of the working tree.
    public let root: URL
    /// The `git` executable.
    let git: URL

    /// Opens the repository containing `path`; a folder outside any repository or a broken
    /// repository is a ``GitError`` naming the folder.
    public init(at path: URL) throws(GitError) {
        guard let git = GitRepository.findGit() else {
            throw GitError("git is not installed (apt-get install git)")
        }
        self.git = git
        let result: ProcessOutput
        do {
            result = try ProcessOutput.run(git, ["-C", path.path, "rev-parse", "--show-toplevel"])
        } catch {
            throw GitError("cannot run git: \(error)")
        }
        guard result.status == 0 else {
            let reason = result.errorText.trimmingCharacters(in: .whitespacesAndNewlines)
            throw GitError("\(path.path) is not in a usable git repository: \(reason)")
        }
        root = URL(fileURLWithPath: String(decoding: result.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
                   isDirectory: true)
    }

    /// Whether `path` is inside a git work tree (without raising errors).
    public static func isRepository(_ path: URL) -> Bool {
        guard let git = findGit(), let result = try? ProcessOutput.run(git, ["-C", path.path, "rev-parse", "--is-inside-work-tree"]) else {
            return false
        }
        return result.status == 0 && String(decoding: result.output, as: UTF8.self).hasPrefix("true")
    }

    static func findGit() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("git")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Runs git in the repository and returns its standard output; a non-zero exit is an error.
    func run(_ arguments: [String], input: Data? = nil) throws(GitError) -> Data {
        let result: ProcessOutput
        do {
            result = try ProcessOutput.run(git, ["-C", root.path] + arguments, input: input)
        } catch {
            throw GitError("cannot run git \(arguments.first ?? ""): \(error)")
        }
        guard result.status == 0 else {
            throw GitError("git \(arguments.joined(separator: " ")) failed: \(result.errorText.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return result.output
    }

    /// Every blob reachable from every ref (branches, tags, remotes, stash), each once, with its size.
    ///
    /// - Parameter excluding: revisions whose reachable objects are left out (`--since REV`):
    ///   an incremental scan reads only what is new.
    public func reachableBlobs(excluding: [String] = []) throws(GitError) -> [BlobReference] {
        for revision in excluding {
            _ = try run(["rev-parse", "--verify", "--quiet", "\(revision)^{commit}"])
        }
        var arguments = ["rev-list", "--objects", "--all"]
        if !excluding.isEmpty { arguments += ["--not"] + excluding }
        let listing = try run(arguments)
        // rev-list prints "<id> <path>" for trees and blobs, "<id>" for commits; batch-check tells blobs apart.
        let checked = try run(["cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize) %(rest)"], input: listing)
        var blobs: [BlobReference] = []
        var seen = Set<String>()
        for line in checked.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count >= 3, fields[1].elementsEqual("blob".utf8), let size = Int(String(decoding: fields[2], as: UTF8.self)) else {
                continue
            }
            let id = String(decoding: fields[0], as: UTF8.self)
            guard seen.insert(id).inserted else { continue }
            blobs.append(BlobReference(id: id, size: size, path: fields.count > 3 ? String(decoding: fields[3], as: UTF8.self) : ""))
        }
        return blobs
    }

    /// Streams the contents of `ids` through one `git cat-file --batch`, in order, calling `body`
    /// with each blob's id and bytes. Memory holds one blob at a time.
    public func readBlobs(_ ids: [String], _ body: (String, [UInt8]) throws -> Void) throws {
        guard !ids.isEmpty else { return }
        let process = Process()
        process.executableURL = git
        process.arguments = ["-C", root.path, "cat-file", "--batch"]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Feed ids from another thread so that a full output pipe can never deadlock the writer.
        let request = Data(ids.joined(separator: "\n").utf8 + [UInt8(ascii: "\n")])
        let writer = Thread {
            stdin.fileHandleForWriting.write(request)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        var reader = BufferedReader(stdout.fileHandleForReading)
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        for _ in ids {
            guard let header = reader.readLine() else { throw GitError("git cat-file ended early") }
            let fields = header.split(separator: UInt8(ascii: " "))
            guard fields.count == 3, let size = Int(String(decoding: fields[2], as: UTF8.self)) else {
                throw GitError("git cat-file: \(String(decoding: header, as: UTF8.self))")
            }
            guard let content = reader.read(count: size), reader.read(count: 1) != nil else {
                throw GitError("git cat-file ended inside a blob")
            }
            try body(String(decoding: fields[0], as: UTF8.self), content)
        }
    }

    /// For each blob of `ids`, the commit that first added it (oldest first over all refs),
    /// by one `git log --raw` pass over the whole history.
    public func provenance(of ids: Set<String>) throws(GitError) -> [String: Provenance] {
        guard !ids.isEmpty else { return [:] }
        let log = try run(["log", "--all", "--reverse", "--raw", "--no-abbrev", "--no-renames", "-c",
                           "--format=%x01%H%x02%an <%ae>%x02%aI"])
        var found: [String: Provenance] = [:]
        var places: [String: Set<String>] = [:]
        var commit = "", author = "", date = ""
        for line in log.split(separator: UInt8(ascii: "\n")) {
            if line.first == 1 {
                let parts = line.dropFirst().split(separator: 2, omittingEmptySubsequences: false)
                guard parts.count == 3 else { continue }
                commit = String(decoding: parts[0], as: UTF8.self)
                author = String(decoding: parts[1], as: UTF8.self)
                date = String(decoding: parts[2], as: UTF8.self)
                continue
            }
            // ":100644 100644 <old> <new> M\t<path>" (or "::" lines for merges with -c).
            guard line.first == UInt8(ascii: ":"), let tab = line.firstIndex(of: UInt8(ascii: "\t")) else { continue }
            let fields = line[line.startIndex..<tab].split(separator: UInt8(ascii: " "))
            guard fields.count >= 2 else { continue }
            let blob = String(decoding: fields[fields.count - 2], as: UTF8.self)
            guard ids.contains(blob) else { continue }
            let path = String(decoding: line[line.index(after: tab)...], as: UTF8.self)
            places[blob, default: []].insert(commit + "\u{0}" + path)
            if found[blob] == nil {
                found[blob] = Provenance(commit: commit, author: author, date: date, path: path, occurrences: 0)
            }
        }
        for (blob, set) in places { found[blob]?.occurrences = set.count }
        return found
    }

    /// Files staged for the next commit (added, copied, modified, renamed), with their staged blob ids.
    public func stagedBlobs() throws(GitError) -> [BlobReference] {
        let raw = try run(["diff", "--cached", "--raw", "-z", "--no-abbrev", "--diff-filter=ACMR", "--no-renames"])
        // -z output: ":<modes> <old> <new> <status>\0<path>\0" repeated.
        let parts = raw.split(separator: 0, omittingEmptySubsequences: false)
        var blobs: [BlobReference] = []
        var index = 0
        while index + 1 < parts.count {
            let fields = parts[index].split(separator: UInt8(ascii: " "))
            let path = String(decoding: parts[index + 1], as: UTF8.self)
            index += 2
            // A submodule (mode 160000) is a commit, not a blob.
            guard fields.count >= 5, !fields[1].elementsEqual("160000".utf8) else { continue }
            blobs.append(BlobReference(id: String(decoding: fields[3], as: UTF8.self), size: -1, path: path))
        }
        return blobs
    }

    /// Tracked files plus untracked files that are not ignored, relative to the root.
    public func workingTreeFiles() throws(GitError) -> [String] {
        let listing = try run(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--deduplicate"])
        return listing.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }
}

extension GitRepository {
    /// Untracked files that `.gitignore` rules exclude, relative to the root (ignored folders are
    /// listed whole, so callers should filter by name).
    public func ignoredFiles() throws(GitError) -> [String] {
        let listing = try run(["ls-files", "-z", "--others", "--ignored", "--exclude-standard"])
        return listing.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }
}
