import Foundation

/// A repository's object database read directly, for a scan of every blob it stores: the
/// packs (see ``PackFile``) and the loose objects, on several threads at once, each blob
/// rebuilt once. This is what lets a whole-history scan run at the speed of inflating: `git
/// cat-file` rebuilds one object after another on one thread and copies each through a pipe.
///
/// Only the layout git writes by default is read here; anything else (a SHA-256 repository,
/// alternates, an index of version 1, a pack that needs another pack) makes ``open(_:)`` return
/// nil, and the caller reads the objects through git.
public final class ObjectDatabase: @unchecked Sendable {
    let directory: String
    let packs: [PackFile]
    /// Loose objects no pack holds too: id, file and type (`blob`, `tree`, `commit`, `tag`),
    /// read once when the database is opened.
    let looseObjects: [(id: String, path: String, type: String)]
    /// Whether the repository is a shallow clone, whose oldest commits name parents it lacks.
    let isShallow: Bool

    private init(directory: String, packs: [PackFile], looseObjects: [(id: String, path: String, type: String)], isShallow: Bool) {
        self.directory = directory
        self.packs = packs
        self.looseObjects = looseObjects
        self.isShallow = isShallow
    }

    /// Opens and plans the object database of `repository`; nil for a layout left to git.
    public static func open(_ repository: GitRepository) throws(GitError) -> ObjectDatabase? {
        // One line each, in order: the id format, the objects folder, whether the clone is shallow.
        let output = try repository.run(["rev-parse", "--show-object-format", "--path-format=absolute", "--git-path", "objects",
                                         "--is-shallow-repository"])
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, lines[0] == "sha1",
              ProcessInfo.processInfo.environment["GIT_ALTERNATE_OBJECT_DIRECTORIES"] == nil else { return nil }
        let directory = lines[1..<(lines.count - 2)].joined(separator: "\n")
        let isShallow = lines[lines.count - 2] == "true"
        let manager = FileManager.default
        if let alternates = manager.contents(atPath: directory + "/info/alternates"),
           !alternates.allSatisfy({ $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: " ") }) { return nil }

        let packDirectory = directory + "/pack"
        let names = ((try? manager.contentsOfDirectory(atPath: packDirectory)) ?? []).sorted()
        var packs: [PackFile] = []
        for name in names where name.hasSuffix(".pack") {
            let stem = packDirectory + "/" + name.dropLast(".pack".count)
            // A pack without its index is still being written; git does not read it either.
            guard manager.fileExists(atPath: stem + ".idx") else { continue }
            guard let pack = PackFile(path: packDirectory + "/" + name, indexPath: stem + ".idx") else { return nil }
            pack.skipObjects(in: packs)
            packs.append(pack)
        }

        var loose: [(id: String, path: String, type: String)] = []
        let hex = Set("0123456789abcdef".utf8)
        let workspace = try Workspace()
        for prefix in ((try? manager.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        where prefix.utf8.count == 2 && prefix.utf8.allSatisfy(hex.contains) {
            for rest in ((try? manager.contentsOfDirectory(atPath: directory + "/" + prefix)) ?? []).sorted()
            where rest.utf8.count == 38 && rest.utf8.allSatisfy(hex.contains) {
                let id = prefix + rest
                guard !packs.contains(where: { $0.contains(hexID: id) }) else { continue }
                let path = directory + "/" + prefix + "/" + rest
                loose.append((id, path, try looseType(id: id, path: path, workspace: workspace)))
            }
        }
        return ObjectDatabase(directory: directory, packs: packs, looseObjects: loose, isShallow: isShallow)
    }

    /// Calls `body` once for every blob stored, on `threads` threads at once, in no particular
    /// order, with its bytes (nil for a blob over `maxSize`, which is not inflated unless other
    /// blobs are stored as deltas over it). The bytes are valid only during the call.
    public func forEachBlob(threads: Int, maxSize: Int,
                            _ body: @Sendable (BlobReference, UnsafeRawBufferPointer?) -> Void) throws(GitError) {
        // The largest trees of deltas first, so that no thread is left with a long one at the end.
        let work = packs.enumerated()
            .flatMap { number, pack in pack.roots.map { (pack: number, root: $0.position, weight: $0.weight) } }
            .sorted { $0.weight > $1.weight }
        let packs = packs, loose = looseObjects.filter { $0.type == "blob" }
        try SharedWork.run(count: work.count + loose.count, threads: threads, local: { () throws(GitError) in try Workspace() }) {
            item, workspace throws(GitError) in
            if item < work.count {
                try packs[work[item].pack].rebuild(root: work[item].root, maxSize: maxSize, workspace: workspace, body)
            } else {
                try Self.readLoose(id: loose[item - work.count].id, path: loose[item - work.count].path,
                                   maxSize: maxSize, workspace: workspace, body)
            }
        }
    }

    /// Every commit stored, reachable or not, parsed on `threads` threads.
    func commits(threads: Int) throws(GitError) -> [CommitLog.Commit] {
        // Commits are seldom deltas, so nearly every one is a root of its own: a few hundred per item.
        let roots = packs.enumerated().flatMap { number, pack in pack.deltaRoots(of: PackFile.commit).map { (pack: number, root: $0.position) } }
        let batch = 512, batches = (roots.count + batch - 1) / batch
        let packs = packs, loose = looseObjects.filter { $0.type == "commit" }
        let parts = try SharedWork.map(count: batches + loose.count, threads: threads,
                                       local: { () throws(GitError) in try Workspace() }) { item, workspace throws(GitError) in
            var found: [CommitLog.Commit] = []
            guard item < batches else {
                let (id, path, _) = loose[item - batches]
                if let object = try Self.loadLoose(id: id, path: path, type: "commit", maxSize: .max, workspace: workspace) {
                    guard let bytes = object.bytes, let key = BlobKey(hex: id.utf8), let commit = CommitLog.parse(bytes, id: key) else {
                        throw GitError("\(path): the loose commit \(id) does not parse; run `git fsck`")
                    }
                    found.append(commit)
                }
                return found
            }
            for (number, root) in roots[(item * batch)..<min(roots.count, (item + 1) * batch)] {
                let pack = packs[number]
                try pack.walk(root: root, leafLimit: .max, workspace: workspace) { object throws(GitError) in
                    let id = BlobKey(raw: pack.index.id(at: Int(pack.rows[object.position])))
                    guard let bytes = object.bytes, let commit = CommitLog.parse(bytes, id: id) else { throw pack.corrupt(object.position) }
                    found.append(commit)
                }
            }
            return found
        }
        return parts.flatMap { $0 }
    }

    /// Where the `wanted` blobs lie in the history the commits `tips` reach, and which blobs it
    /// holds, from every commit and tree of the database; nil when the history needs commits,
    /// trees or blobs the database lacks. See ``HistoryWalk``.
    public func historyIndex(tips: [String], wanted: [String], threads: Int) throws(GitError) -> HistoryIndex? {
        try HistoryWalk.index(self, tips: tips, wanted: wanted, threads: threads)
    }

    /// Every blob stored, numbered from 0 in no particular order.
    func blobNumbers() -> KeyTable {
        var numbers = KeyTable(capacity: packs.reduce(0) { $0 + $1.objectCount } / 2)
        for pack in packs {
            for position in 0..<pack.objectCount where pack.types[position] == PackFile.blob {
                numbers.insert(BlobKey(raw: pack.index.id(at: Int(pack.rows[position]))), Int32(numbers.count))
            }
        }
        for object in looseObjects where object.type == "blob" {
            if let key = BlobKey(hex: object.id.utf8) { numbers.insert(key, Int32(numbers.count)) }
        }
        return numbers
    }

    /// The type word of the loose object `id` in `path`: its header, the first bytes inflated.
    private static func looseType(id: String, path: String, workspace: Workspace) throws(GitError) -> String {
        guard let file = MappedFile(path: path) else { throw GitError("\(path): cannot read the loose object \(id)") }
        let buffer = workspace.buffers(depth: 0)
        guard let prefix = workspace.inflater.inflatePrefix(file.bytes, into: buffer, limit: 32),
              let header = LooseHeader(buffer.prefix(prefix)) else {
            throw GitError("\(path): the loose object \(id) does not decode; run `git fsck`")
        }
        return header.type
    }

    /// A loose object: one zlib stream of `<type> <size>\0` and the contents.
    static func readLoose(id: String, path: String, maxSize: Int, workspace: Workspace,
                          _ body: (BlobReference, UnsafeRawBufferPointer?) -> Void) throws(GitError) {
        let object = try loadLoose(id: id, path: path, type: "blob", maxSize: maxSize, workspace: workspace)
        guard let object else { return }
        body(BlobReference(id: id, size: object.size, path: ""), object.bytes)
    }

    /// The loose object `id` in `path` if it is of `type`, with its size and its contents (nil
    /// above `maxSize`, which are not inflated); nil for an object of another type. The bytes
    /// live in the workspace until its next use.
    static func loadLoose(id: String, path: String, type: String, maxSize: Int,
                          workspace: Workspace) throws(GitError) -> (size: Int, bytes: UnsafeRawBufferPointer?)? {
        guard let file = MappedFile(path: path) else {
            throw GitError("\(path): cannot read the loose object \(id)")
        }
        let buffer = workspace.buffers(depth: 0)
        // The type word and a size of up to 20 digits fit in 32 bytes with the NUL.
        guard let prefix = workspace.inflater.inflatePrefix(file.bytes, into: buffer, limit: 32),
              let header = LooseHeader(buffer.prefix(prefix)) else {
            throw GitError("\(path): the loose object \(id) does not decode; run `git fsck`")
        }
        guard header.type == type else { return nil }
        guard header.size <= maxSize else { return (header.size, nil) }
        guard workspace.inflater.inflate(file.bytes, into: buffer, count: header.length + header.size) else {
            throw GitError("\(path): the loose object \(id) does not decode; run `git fsck`")
        }
        return (header.size, UnsafeRawBufferPointer(rebasing: buffer.prefix(header.length + header.size)[header.length...]))
    }
}

/// The header of a loose object: its type word, its size in decimal, a NUL.
struct LooseHeader {
    var type: String
    var size: Int
    /// Bytes up to and including the NUL.
    var length: Int

    init?(_ bytes: UnsafeRawBufferPointer) {
        guard let space = bytes.firstIndex(of: UInt8(ascii: " ")),
              let end = bytes.firstIndex(of: 0), space < end,
              let size = Int(String(decoding: bytes[(space + 1)..<end], as: UTF8.self)), size >= 0 else { return nil }
        type = String(decoding: bytes[..<space], as: UTF8.self)
        self.size = size
        length = end + 1
    }
}

extension PackFile {
    /// Whether the pack holds the object with the hex id `id`.
    func contains(hexID id: String) -> Bool {
        var raw = [UInt8](repeating: 0, count: PackIndex.idSize)
        let digits = Array(id.utf8)
        guard digits.count == PackIndex.idSize * 2 else { return false }
        func value(_ digit: UInt8) -> UInt8 { digit <= UInt8(ascii: "9") ? digit - UInt8(ascii: "0") : digit - UInt8(ascii: "a") + 10 }
        for position in 0..<PackIndex.idSize {
            raw[position] = value(digits[position * 2]) << 4 | value(digits[position * 2 + 1])
        }
        return raw.withUnsafeBytes { index.find($0) != nil }
    }
}
