import AnshinCore
import Foundation

/// # AnshinGit
///
/// Read access to a git repository: the object database (every blob reachable from any ref,
/// each once), read directly from the pack and loose files (``ObjectDatabase``) or streamed
/// through one `git cat-file --batch`, the index (staged changes), the working tree's tracked
/// and untracked-not-ignored files, and the history pass that finds where a blob first appeared.
///
/// Design choice: history is scanned by enumerating objects, not by diffing commit after commit,
/// so a blob present in ten thousand commits is read once. A whole history is read from the
/// object database, every delta applied once, on every core; then its commits and trees, each
/// once (``HistoryWalk``), say which blobs the refs reach and where each blob with a secret first
/// appeared (first commit, author, date, path). Where the database's layout is left to git, or
/// for an incremental history (the blobs `git rev-list --objects` lists), one `git log --raw`
/// pass (``ProvenanceSearch``) says the same.

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

    public init(id: String, size: Int, path: String) {
        self.id = id
        self.size = size
        self.path = path
    }
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
    /// The `git` executable's path.
    let git: String
    /// A repository without a work tree or index; `root` is then its git folder.
    public let isBare: Bool

    /// Opens the repository containing `path`, or the bare repository at `path` (a mirror, a
    /// server's copy: its history can be read, it has no work tree or index); a folder outside
    /// any repository or a broken repository is a ``GitError`` naming the folder.
    public init(at path: URL) throws(GitError) {
        guard let git = Subprocess.find("git") else {
            throw GitError("git is not installed (apt-get install git)")
        }
        self.git = git
        // The top of the work tree; for a bare repository git refuses, and says where it is instead.
        let top = try Self.revParse(git, path, ["--show-toplevel"])
        if top.termination.isSuccess {
            isBare = false
            root = URL(fileURLWithPath: String(decoding: top.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
                       isDirectory: true)
            return
        }
        let bare = try Self.revParse(git, path, ["--is-bare-repository", "--absolute-git-dir"])
        let lines = String(decoding: bare.output, as: UTF8.self).split(separator: "\n").map(String.init)
        guard bare.termination.isSuccess, lines.count == 2, lines[0] == "true" else {
            let reason = top.errorText.trimmingCharacters(in: .whitespacesAndNewlines)
            throw GitError("\(path.path) is not in a usable git repository: \(reason)")
        }
        isBare = true
        root = URL(fileURLWithPath: lines[1], isDirectory: true)
    }

    private static func revParse(_ git: String, _ path: URL, _ arguments: [String]) throws(GitError) -> CompletedProcess {
        do {
            return try Subprocess(git, ["-C", path.path, "rev-parse"] + arguments).run()
        } catch {
            throw GitError(error.description)
        }
    }

    /// Whether `path` is inside a git work tree (without raising errors).
    public static func isRepository(_ path: URL) -> Bool {
        guard let result = try? Subprocess("git", ["-C", path.path, "rev-parse", "--is-inside-work-tree"]).run() else {
            return false
        }
        return result.termination.isSuccess && result.outputText.hasPrefix("true")
    }

    /// Runs git in the repository and returns its standard output; a non-zero exit is an error.
    func run(_ arguments: [String], input: Data? = nil) throws(GitError) -> Data {
        let result: CompletedProcess
        do {
            result = try Subprocess(git, ["-C", root.path] + arguments, standardInput: input.map { .bytes(Array($0)) } ?? .none).run()
        } catch {
            throw GitError(error.description)
        }
        guard result.termination.isSuccess else {
            throw GitError("git \(arguments.joined(separator: " ")) failed: \(result.errorText.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return Data(result.output)
    }

    /// Starts git in the repository with the given pipes.
    func start(_ arguments: [String], input: Subprocess.Input = .none, output: Subprocess.Output = .pipe,
               error: Subprocess.Output = .pipe) throws(GitError) -> RunningProcess {
        do {
            return try Subprocess(git, ["-C", root.path] + arguments, standardInput: input, standardOutput: output,
                                  standardError: error).start()
        } catch {
            throw GitError(error.description)
        }
    }

    /// Every blob reachable from every ref (branches, tags, remotes, stash), each once, with its
    /// bytes, listed and read at the same time.
    ///
    /// `git rev-list --objects --all`, filtered to blobs, names them as it walks the history, and
    /// its output is the input of one `git cat-file --batch`: reading (and the caller's scanning)
    /// starts with the first blob instead of after a walk of the whole history, and no separate
    /// pass asks git which listed objects are blobs.
    ///
    /// - Parameters:
    ///   - excluding: revisions whose reachable objects are left out (`--since REV`): an
    ///     incremental scan reads only what is new.
    ///   - maxSize: a blob larger than this many bytes is passed with `nil` bytes; its content is
    ///     skipped as it streams by, never held in memory.
    ///   - body: called on the calling thread for each blob, in the order rev-list names them.
    public func reachableBlobs(excluding: [String] = [], maxSize: Int = .max,
                               _ body: (BlobReference, [UInt8]?) throws -> Void) throws {
        for revision in excluding {
            _ = try run(["rev-parse", "--verify", "--quiet", "\(revision)^{commit}"])
        }
        var listing = ["rev-list", "--objects", "--all", "--filter=object:type=blob", "--filter-provided-objects"]
        if !excluding.isEmpty { listing += ["--not"] + excluding }
        let lister = try start(listing)
        let errors = lister.collectErrorInBackground()
        // `%(rest)` echoes what follows the id on the input line: the path rev-list found the blob under.
        let names = lister.standardOutput!
        PipeReader.enlarge(names.fileDescriptor, to: 1 << 20)
        let reader: RunningProcess
        do {
            reader = try start(["cat-file", "--batch=%(objectname) %(objecttype) %(objectsize) %(rest)"],
                               input: .descriptor(names.fileDescriptor), error: .discard)
        } catch {
            lister.kill()
            throw error
        }
        defer {
            for process in [lister, reader] where process.isRunning { process.signal(SIGTERM) }
            lister.wait()
            reader.wait()
        }
        // cat-file holds the read end now; only rev-list may keep the pipe open, so that its exit ends cat-file's input.
        try? names.close()
        let output = PipeReader(reader.standardOutput!)
        while let header = try output.readLine() {
            let fields = header.split(separator: UInt8(ascii: " "), maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count >= 3, let size = Int(String(decoding: fields[2], as: UTF8.self)) else {
                throw GitError("git cat-file: \(String(decoding: header, as: UTF8.self))")
            }
            let blob = BlobReference(id: String(decoding: fields[0], as: UTF8.self), size: size,
                                     path: fields.count > 3 ? String(decoding: fields[3], as: UTF8.self) : "")
            let wanted = fields[1].elementsEqual("blob".utf8)
            if !wanted || size > maxSize {
                guard try output.skip(count: size + 1) else { throw GitError("git cat-file ended inside an object") }
                if wanted { try body(blob, nil) }
                continue
            }
            guard let bytes = try output.read(count: size), try output.skip(count: 1) else {
                throw GitError("git cat-file ended inside a blob")
            }
            try body(blob, bytes)
        }
        let listed = lister.wait()
        let read = reader.wait()
        let complaint = errors?.waitForText() ?? ""
        guard listed.isSuccess else { throw GitError("git \(listing.joined(separator: " ")) failed: \(complaint)") }
        guard read.isSuccess else { throw GitError("git cat-file --batch failed (\(read))") }
    }

    /// Every blob of the object database (alternates included), reachable or not, with its size
    /// and no path, in the order its packs store them (`git cat-file --batch-all-objects
    /// --unordered`): read in this order, git inflates each delta base once for the blobs that
    /// follow it instead of again and again.
    public func storedBlobs() throws(GitError) -> [BlobReference] {
        let listing = try run(["cat-file", "--batch-all-objects", "--unordered",
                               "--batch-check=%(objectname) %(objecttype) %(objectsize)"])
        var blobs: [BlobReference] = []
        for line in listing.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "))
            guard fields.count == 3, fields[1].elementsEqual("blob".utf8),
                  let size = Int(String(decoding: fields[2], as: UTF8.self)) else { continue }
            blobs.append(BlobReference(id: String(decoding: fields[0], as: UTF8.self), size: size, path: ""))
        }
        return blobs
    }

    /// What the refs and HEAD point at, tags peeled: the commits, and what is not a commit:
    /// blobs (git's own history has a tag naming a public key's blob) and how many trees. No
    /// commit's history adds these, so a scan that reads the history commit by commit must add
    /// them itself.
    public func refTargets() throws(GitError) -> (commits: [String], blobs: [BlobReference], trees: Int) {
        let refs = try run(["for-each-ref", "--format=%(refname)"])
        let names = refs.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) } + ["HEAD"]
        let request = Data(names.map { "\($0)^{}\n" }.joined().utf8)
        let peeled = try run(["cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize)"], input: request)
        var commits: [String] = [], blobs: [BlobReference] = [], trees = 0
        for line in peeled.split(separator: UInt8(ascii: "\n")) {
            // "<name> missing" for HEAD of a repository without commits.
            let fields = line.split(separator: UInt8(ascii: " "))
            guard fields.count == 3 else { continue }
            if fields[1].elementsEqual("commit".utf8) { commits.append(String(decoding: fields[0], as: UTF8.self)) }
            if fields[1].elementsEqual("tree".utf8) { trees += 1 }
            if fields[1].elementsEqual("blob".utf8), let size = Int(String(decoding: fields[2], as: UTF8.self)) {
                blobs.append(BlobReference(id: String(decoding: fields[0], as: UTF8.self), size: size, path: ""))
            }
        }
        return (commits, blobs, trees)
    }

    /// Streams the contents of `ids` through one `git cat-file --batch`, in order, calling `body`
    /// with each blob's id and bytes. Memory holds one blob at a time.
    public func readBlobs(_ ids: [String], _ body: (String, [UInt8]) throws -> Void) throws {
        guard !ids.isEmpty else { return }
        let process = try start(["cat-file", "--batch"], input: .pipe, error: .discard)
        process.feedInput(Array(ids.joined(separator: "\n").utf8) + [UInt8(ascii: "\n")])
        let reader = PipeReader(process.standardOutput!)
        defer {
            if process.isRunning { process.signal(SIGTERM) }
            process.wait()
        }
        for _ in ids {
            guard let header = try reader.readLine() else { throw GitError("git cat-file ended early") }
            let fields = header.split(separator: UInt8(ascii: " "))
            guard fields.count == 3, let size = Int(String(decoding: fields[2], as: UTF8.self)) else {
                throw GitError("git cat-file: \(String(decoding: header, as: UTF8.self))")
            }
            guard let content = try reader.read(count: size), try reader.skip(count: 1) else {
                throw GitError("git cat-file ended inside a blob")
            }
            try body(String(decoding: fields[0], as: UTF8.self), content)
        }
    }

    /// For each blob of `ids`, the commit that first added it (oldest first over all refs), by
    /// one `git log --raw` pass over the whole history (see ``ProvenanceSearch``).
    public func provenance(of ids: Set<String>) throws(GitError) -> [String: Provenance] {
        try ProvenanceSearch(self).provenance(of: ids)
    }

    /// Files staged for the next commit (added, copied, modified, renamed), with their staged blob ids.
    public func stagedBlobs() throws(GitError) -> [BlobReference] {
        guard !isBare else { throw GitError("\(root.path) is a bare repository: it has no index to scan") }
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

    /// The blobs and paths of HEAD's tree (from the top of the repository); an error when there
    /// is no HEAD commit.
    public func headBlobs() throws(GitError) -> (blobs: Set<String>, paths: Set<String>) {
        let listing = try run(["ls-tree", "-r", "-z", "--full-tree", "HEAD"])
        var blobs = Set<String>()
        var paths = Set<String>()
        for entry in listing.split(separator: 0) {
            // <mode> SP <type> SP <object> TAB <path>
            guard let tab = entry.firstIndex(of: 9) else { continue }
            let fields = entry[..<tab].split(separator: 32)
            guard fields.count == 3, fields[1].elementsEqual("blob".utf8) else { continue }
            blobs.insert(String(decoding: fields[2], as: UTF8.self))
            paths.insert(String(decoding: entry[entry.index(after: tab)...], as: UTF8.self))
        }
        return (blobs, paths)
    }
}
