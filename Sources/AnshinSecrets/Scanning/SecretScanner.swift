import AnshinCore
import AnshinGit
import Foundation
#if canImport(Glibc)
import Glibc
/// `read(2)`, named apart from the scanner's own `read`.
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

/// Scans sources for secrets with one ``Detector``: a folder's files, a repository's working
/// tree, its whole history (every reachable blob once), its staged changes, or standard input.
///
/// Sources only yield bytes with provenance; the detector decides what is a secret; the scanner
/// groups matches into incidents (one per secret value) with every place the value occurs.
public struct SecretScanner: Sendable {
    public struct Options: Sendable {
        /// Scan files that look binary (NUL bytes, mostly non-text).
        public var includeBinary: Bool
        /// Files or blobs larger than this many bytes are skipped and reported as not scanned.
        public var maxFileSize: Int
        /// Worker threads; defaults to the number of cores.
        public var threads: Int
        /// History scans: also report what blobs no ref reaches hold (a commit dropped by a
        /// reset or rebase, a pull request's head fetched once), each place marked unreachable.
        public var allObjects: Bool
        /// Counts what has been read so far, for a progress line.
        public var progress: ScanProgress?

        public init(includeBinary: Bool = false, maxFileSize: Int = 32 << 20,
                    threads: Int = ProcessInfo.processInfo.activeProcessorCount, allObjects: Bool = false,
                    progress: ScanProgress? = nil) {
            self.includeBinary = includeBinary
            self.maxFileSize = maxFileSize
            self.threads = max(1, threads)
            self.allObjects = allObjects
            self.progress = progress
        }
    }

    public let detector: Detector
    public let options: Options

    public init(detector: Detector, options: Options = Options()) {
        self.detector = detector
        self.options = options
    }

    var detectorOptions: Detector.Options { Detector.Options(skipBinary: !options.includeBinary) }

    // MARK: files

    /// Every regular file under `root` (symbolic links are not followed), or, when `root` is in a
    /// git repository, its tracked and untracked-not-ignored files.
    public func scanFolder(_ root: URL) throws -> ScanOutcome {
        if GitRepository.isRepository(root) {
            let repository = try GitRepository(at: root)
            let prefix = Self.relativePrefix(of: root, in: repository.root)
            let files = try repository.workingTreeFiles().compactMap { path -> String? in
                guard prefix.isEmpty else { return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil }
                return path
            }
            // A folder git ignores as a whole was still asked for by name: scan every file in it
            // rather than report a clean scan of nothing.
            if files.isEmpty, !prefix.isEmpty { return scanTree(root) }
            return scanFiles(files, root: root)
        }
        return scanTree(root)
    }

    /// The path of `folder` inside `top`, with a trailing slash, or "" when they are the same.
    static func relativePrefix(of folder: URL, in top: URL) -> String {
        let inner = folder.resolvingSymlinksInPath().standardizedFileURL.path
        let outer = top.resolvingSymlinksInPath().standardizedFileURL.path
        guard inner.count > outer.count, inner.hasPrefix(outer + "/") else { return "" }
        return String(inner.dropFirst(outer.count + 1)) + "/"
    }

    /// Every regular file under `root` whose relative path passes `include` (`.git` folders and
    /// symbolic links left out), scanned while the walk goes on; folders that cannot be read are
    /// reported as unreadable.
    func scanTree(_ root: URL, including include: @escaping @Sendable (String) -> Bool = { _ in true }) -> ScanOutcome {
        let base = root.standardizedFileURL.path
        return scanFiles(root: root) { emit, fail in
            DirectoryWalk.walk(base, file: { path in if include(path) { emit(path) } }, failure: fail,
                               special: { path, kind in if include(path) { emit(path) } })
        }
    }

    /// Scans `files` (relative to `root`) on all worker threads.
    public func scanFiles(_ files: [String], root: URL) -> ScanOutcome {
        scanFiles(root: root) { emit, _ in files.forEach(emit) }
    }

    /// Paths handed from the producer to the workers at a time: enough to make the queue's lock
    /// rare, few enough to keep both workers busy until the end.
    static let batchSize = 32

    /// Runs `produce` on a thread of its own and scans the files it names (relative to `root`) on
    /// the worker threads as they come, through a bounded queue; `produce` reports what it could
    /// not list through its second argument.
    private func scanFiles(root: URL, produce: @escaping @Sendable (_ emit: (String) -> Void,
                                                                    _ fail: (String, String) -> Void) -> Void) -> ScanOutcome {
        let collector = Collector()
        let queue = WorkQueue<[String]>(capacity: options.threads * 4)
        let produced = DispatchSemaphore(value: 0)
        let producer = Thread {
            var batch: [String] = []
            produce({ path in
                batch.append(path)
                if batch.count == Self.batchSize {
                    queue.push(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }, { path, reason in collector.unreadable("\(path): \(reason)") })
            if !batch.isEmpty { queue.push(batch) }
            queue.close()
            produced.signal()
        }
        producer.start()
        let base = root.standardizedFileURL.path + "/"
        DispatchQueue.concurrentPerform(iterations: options.threads) { _ in
            var local = ScanOutcome()
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while let batch = queue.pop() {
                for path in batch { scanFile(base + path, named: path, buffer: &buffer, into: &local) }
            }
            collector.merge(local)
        }
        produced.wait()
        return collector.outcome.finished()
    }

    /// Reads one file into `buffer` and scans it.
    private func scanFile(_ fullPath: String, named path: String, buffer: inout [UInt8], into outcome: inout ScanOutcome) {
        switch Self.read(fullPath, into: &buffer, limit: options.maxFileSize) {
        case .tooLarge(let size):
            outcome.skippedLarge.append(SkippedFile(path: path, size: size))
        case .unreadable(let reason):
            outcome.unreadable.append("\(path): \(reason)")
        case .special(let kind):
            outcome.skippedSpecial.append("\(path) (\(kind))")
        case .read(let count):
            outcome.filesScanned += 1
            outcome.bytesScanned += count
            options.progress?.read(bytes: count)
            let encrypted = buffer.withUnsafeBytes { GitCrypt.isEncrypted(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            if encrypted {
                outcome.encrypted.append(path)
                return
            }
            let matches = buffer.withUnsafeBytes { bytes in
                scanContent(UnsafeRawBufferPointer(rebasing: bytes[0..<count]), binary: &outcome.skippedBinary)
            }
            for match in matches { outcome.add(match, at: Place(path: path)) }
        }
    }

    /// The secrets in one file's or blob's bytes; content that looks binary is counted in
    /// `binary` and not scanned unless ``Options/includeBinary``.
    func scanContent(_ bytes: UnsafeRawBufferPointer, binary: inout Int) -> [SecretMatch] {
        if !options.includeBinary, BinaryDetection.isBinary(bytes) {
            binary += 1
            return []
        }
        return detector.scan(bytes, options: Detector.Options(skipBinary: false))
    }

    /// Bytes read from somewhere that is not a file (standard input), named `path`.
    public func scanBytes(_ bytes: [UInt8], path: String) -> ScanOutcome {
        var outcome = ScanOutcome()
        outcome.filesScanned = 1
        outcome.bytesScanned = bytes.count
        for match in detector.scan(bytes, options: detectorOptions) { outcome.add(match, at: Place(path: path)) }
        return outcome.finished()
    }

    /// `special` names a named pipe, socket or device: never read.
    enum ReadResult { case read(Int), tooLarge(Int), unreadable(String), special(String) }

    /// Reads a whole file into `buffer` (grown as needed) with plain POSIX calls.
    ///
    /// Only a regular file is opened, and without blocking, so that a named pipe named on the
    /// command line or listed by git cannot hang the scan, nor a device be read forever.
    static func read(_ path: String, into buffer: inout [UInt8], limit: Int) -> ReadResult {
        var info = stat()
        guard stat(path, &info) == 0 else { return .unreadable(SystemErrorText.describe(errno: errno)) }
        if let kind = SpecialFile.kind(mode: info.st_mode) { return .special(kind) }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else { return .unreadable(SystemErrorText.describe(errno: errno)) }
        defer { close(descriptor) }
        guard fstat(descriptor, &info) == 0 else { return .unreadable(SystemErrorText.describe(errno: errno)) }
        if let kind = SpecialFile.kind(mode: info.st_mode) { return .special(kind) }
        let size = Int(info.st_size)
        if size > limit { return .tooLarge(size) }
        if buffer.count < size + 1 { buffer = [UInt8](repeating: 0, count: size + 1) }
        var total = 0
        while true {
            if total == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress! + total, $0.count - total) }
            if count < 0 {
                if errno == EINTR { continue }
                return .unreadable(SystemErrorText.describe(errno: errno))
            }
            if count == 0 { break }
            total += count
            if total > limit { return .tooLarge(total) }
        }
        return .read(total)
    }

    // MARK: git

    /// Every blob reachable from every ref, each scanned once; each incident says where its
    /// secret first appeared. `excluding` leaves out what those revisions already had.
    public func scanHistory(_ repository: GitRepository, excluding: [String] = []) throws -> ScanOutcome {
        if excluding.isEmpty, let outcome = try scanObjectDatabase(repository) { return outcome }
        return try scanReachableBlobs(repository, excluding: excluding)
    }

    /// The whole history, read from the object database: every blob git stores, then every
    /// tree, to say which blobs the history holds and where each one that matters first appeared.
    /// Blobs no ref reaches (left behind by an amended commit, a dropped stash) are read but not
    /// reported, as if they had not been listed.
    ///
    /// Why not list the reachable blobs first (`git rev-list --objects --all`, as an incremental
    /// scan does): that walks every tree of the history once more, as slowly as `git log --raw`;
    /// the walk over the stored trees (``ObjectDatabase/historyIndex(tips:wanted:threads:)``)
    /// answers both questions at once, for the few blobs with secrets.
    ///
    /// Returns nil when a ref names a tree, whose files no commit adds: then only rev-list lists
    /// everything.
    func scanObjectDatabase(_ repository: GitRepository) throws -> ScanOutcome? {
        let targets = try repository.refTargets()
        guard targets.trees == 0 else { return nil }
        let (results, history) = try scanStoredBlobsWithHistory(repository, tips: targets.commits)
        let named = Set(targets.blobs.map(\.id))
        var outcome = ScanOutcome()
        let held = results.map { history.contains($0.blob.id) }
        var reachable = results.indices.filter { held[$0] || named.contains(results[$0].blob.id) }.map { results[$0] }
        // A blob read from the database has no path; one too large to scan is named where it first appeared.
        for index in reachable.indices where !reachable[index].scanned {
            if let origin = history.provenance(of: reachable[index].blob.id) { reachable[index].blob.path = origin.path }
        }
        let found = Self.tally(reachable, into: &outcome)
        let present = held.lazy.filter { $0 }.count
        if present < history.blobCount {
            // A partial clone: the history names blobs the object database does not have.
            let have = Set(reachable.map(\.blob.id))
            for (id, path) in history.blobIDs() where !have.contains(id) {
                outcome.unreadable.append("\(path) (blob \(id)): not in the local object database")
            }
        }
        for (blob, match) in found {
            let origin = history.provenance(of: blob.id)
            outcome.add(match, at: Place(path: origin?.path ?? blob.path, commit: origin?.commit, author: origin?.author,
                                         date: origin?.date, blob: blob.id, historyPlaces: origin?.occurrences ?? 1))
        }
        if options.allObjects {
            // What no ref reaches has no path or commit to name: the blob is the place.
            let lost = results.indices.filter { !held[$0] && !named.contains(results[$0].blob.id) }.map { results[$0] }
            for (blob, match) in Self.tally(lost, into: &outcome) {
                var place = Place(path: Place.unreachablePath(blob.id), blob: blob.id)
                place.unreachable = true
                outcome.add(match, at: place)
            }
        }
        return outcome.finished()
    }

    /// Every blob the object database stores, reachable or not, and the history's index: which
    /// blobs the refs reach, and where each blob with a secret (or too large to scan) first
    /// appeared.
    ///
    /// Read directly from the packs and loose files when git wrote them in its default layout,
    /// and the commits (from `tips`) and trees walked after the scan, once it is known which
    /// blobs matter. Otherwise through `git cat-file`, in pack order, while `git log --raw`
    /// indexes the history on the core the scan leaves idle.
    func scanStoredBlobsWithHistory(_ repository: GitRepository, tips: [String]) throws -> ([BlobResult], HistoryIndex) {
        guard let database = try ObjectDatabase.open(repository) else {
            let search = ProvenanceSearch(repository)
            search.start()
            let results = try scanStoredBlobs(repository)
            return (results, try search.finish())
        }
        let results = try scanStoredBlobs(database)
        let wanted = results.filter { !$0.scanned || !$0.matches.isEmpty }.map(\.blob.id)
        if let history = try database.historyIndex(tips: tips, wanted: wanted, threads: options.threads) {
            return (results, history)
        }
        return (results, try ProvenanceSearch(repository).finish())
    }

    /// Every blob `database` stores, reachable or not: each worker rebuilds and scans whole
    /// trees of deltas, every blob once.
    func scanStoredBlobs(_ database: ObjectDatabase) throws -> [BlobResult] {
        let results = BlobResults()
        try database.forEachBlob(threads: options.threads, maxSize: options.maxFileSize) { blob, bytes in
            guard let bytes else { return results.add(BlobResult(blob: blob, scanned: false, binary: false, matches: [])) }
            var binary = 0
            let matches = scanContent(bytes, binary: &binary)
            results.add(BlobResult(blob: blob, scanned: true, binary: binary > 0, matches: matches))
        }
        return results.all
    }

    /// Every blob the object database stores, reachable or not: read directly when git wrote it
    /// in its default layout (``ObjectDatabase``), otherwise through `git cat-file`, in pack order.
    func scanStoredBlobs(_ repository: GitRepository) throws -> [BlobResult] {
        let maxFileSize = options.maxFileSize
        if let database = try ObjectDatabase.open(repository) { return try scanStoredBlobs(database) }
        let stored = try repository.storedBlobs()
        let wanted = stored.filter { $0.size <= maxFileSize }
        return try scanBlobs { deliver in
            for blob in stored where blob.size > maxFileSize { try deliver(blob, nil) }
            var next = 0
            try repository.readBlobs(wanted.map(\.id)) { id, bytes in
                guard next < wanted.count, wanted[next].id == id else { throw GitError("git cat-file answered \(id) out of order") }
                next += 1
                try deliver(wanted[next - 1], bytes)
            }
        }
    }

    /// The blobs reachable from the refs but not from `excluding`, listed by
    /// `git rev-list --objects` and read as they are listed; the history pass that finds where
    /// secrets first appeared starts at the first blob with a secret and runs alongside the rest
    /// of the scan, so a history without secrets never pays for it.
    func scanReachableBlobs(_ repository: GitRepository, excluding: [String]) throws -> ScanOutcome {
        var outcome = ScanOutcome()
        let search = ProvenanceSearch(repository)
        let results = try scanBlobs(onSecret: search.start) { deliver in
            try repository.reachableBlobs(excluding: excluding, maxSize: options.maxFileSize, deliver)
        }
        let found = Self.tally(results, into: &outcome)
        let provenance = try search.provenance(of: Set(found.map(\.blob.id)))
        for (blob, match) in found {
            let origin = provenance[blob.id]
            outcome.add(match, at: Place(path: origin?.path ?? blob.path, commit: origin?.commit, author: origin?.author,
                                         date: origin?.date, blob: blob.id, historyPlaces: origin?.occurrences ?? 1))
        }
        return outcome.finished()
    }

    /// The blobs staged for the next commit.
    public func scanStaged(_ repository: GitRepository) throws -> ScanOutcome {
        var outcome = ScanOutcome()
        let staged = try repository.stagedBlobs()
        let byID = Dictionary(staged.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let maxFileSize = options.maxFileSize
        let results = try scanBlobs { deliver in
            try repository.readBlobs(staged.map(\.id)) { id, bytes in
                guard let blob = byID[id] else { return }
                try deliver(BlobReference(id: id, size: bytes.count, path: blob.path), bytes.count > maxFileSize ? nil : bytes)
            }
        }
        for (blob, match) in Self.tally(results, into: &outcome) { outcome.add(match, at: Place(path: blob.path, blob: blob.id)) }
        return outcome.finished()
    }

    /// What scanning one blob gave.
    struct BlobResult: Sendable {
        var blob: BlobReference
        /// False for a blob over the size limit, whose bytes were not read.
        var scanned: Bool
        var binary: Bool
        var matches: [SecretMatch]
    }

    /// Scans the blobs `source` delivers (on the calling thread; `nil` bytes for a blob over the
    /// size limit) on worker threads, at most two per worker in memory at once. `onSecret` is
    /// called (from a worker) whenever a blob holds a secret.
    func scanBlobs(onSecret: @escaping @Sendable () -> Void = {},
                   source: (_ deliver: (BlobReference, [UInt8]?) throws -> Void) throws -> Void) throws -> [BlobResult] {
        let results = BlobResults()
        let queue = DispatchQueue(label: "anshin.secrets.scan", attributes: .concurrent)
        let slots = DispatchSemaphore(value: options.threads * 2)
        let group = DispatchGroup()
        defer { group.wait() }
        try source { blob, bytes in
            options.progress?.read(bytes: bytes?.count ?? 0)
            guard let bytes else {
                results.add(BlobResult(blob: blob, scanned: false, binary: false, matches: []))
                return
            }
            slots.wait()
            group.enter()
            queue.async {
                var binary = 0
                let matches = bytes.withUnsafeBytes { scanContent($0, binary: &binary) }
                if !matches.isEmpty { onSecret() }
                results.add(BlobResult(blob: blob, scanned: true, binary: binary > 0, matches: matches))
                slots.signal()
                group.leave()
            }
        }
        group.wait()
        return results.all
    }

    /// Adds `results` to `outcome`'s counts and returns their matches, by path and line.
    static func tally(_ results: [BlobResult], into outcome: inout ScanOutcome) -> [(blob: BlobReference, match: SecretMatch)] {
        var found: [(blob: BlobReference, match: SecretMatch)] = []
        for result in results {
            guard result.scanned else {
                outcome.skippedLarge.append(SkippedFile(path: result.blob.path, size: result.blob.size, blob: result.blob.id))
                continue
            }
            outcome.filesScanned += 1
            outcome.bytesScanned += result.blob.size
            if result.binary { outcome.skippedBinary += 1 }
            found += result.matches.map { (result.blob, $0) }
        }
        return found.sorted { ($0.blob.path, $0.match.line) < ($1.blob.path, $1.match.line) }
    }
}

/// Gathers blob results from worker threads.
final class BlobResults: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var results: [SecretScanner.BlobResult] = []

    func add(_ result: SecretScanner.BlobResult) {
        lock.lock()
        defer { lock.unlock() }
        results.append(result)
    }

    var all: [SecretScanner.BlobResult] {
        lock.lock()
        defer { lock.unlock() }
        return results
    }
}

/// Gathers the outcomes of the file workers.
final class Collector: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    var outcome = ScanOutcome()

    func merge(_ other: ScanOutcome) {
        lock.lock()
        defer { lock.unlock() }
        outcome.merge(other)
    }

    func unreadable(_ reason: String) {
        lock.lock()
        defer { lock.unlock() }
        outcome.unreadable.append(reason)
    }
}

/// What a scan has read so far (files or blobs, and their bytes), safe to read from another
/// thread while the scan runs.
public final class ScanProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var total = 0

    public init() {}

    func read(bytes: Int) {
        lock.withLock {
            count += 1
            total += bytes
        }
    }

    /// Files or blobs read, and their bytes.
    public var read: (items: Int, bytes: Int) { lock.withLock { (count, total) } }
}
