import AnshinCore
import AnshinGit
import Foundation
#if canImport(Glibc)
import Glibc
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

        public init(includeBinary: Bool = false, maxFileSize: Int = 32 << 20,
                    threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
            self.includeBinary = includeBinary
            self.maxFileSize = maxFileSize
            self.threads = max(1, threads)
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
            if files.isEmpty, !prefix.isEmpty { return scanFiles(Self.walk(root), root: root) }
            return scanFiles(files, root: root)
        }
        return scanFiles(Self.walk(root), root: root)
    }

    /// The path of `folder` inside `top`, with a trailing slash, or "" when they are the same.
    static func relativePrefix(of folder: URL, in top: URL) -> String {
        let inner = folder.resolvingSymlinksInPath().standardizedFileURL.path
        let outer = top.resolvingSymlinksInPath().standardizedFileURL.path
        guard inner.count > outer.count, inner.hasPrefix(outer + "/") else { return "" }
        return String(inner.dropFirst(outer.count + 1)) + "/"
    }

    /// Regular files under `root`, relative, sorted; `.git` folders are left out.
    static func walk(_ root: URL) -> [String] {
        var files: [String] = []
        let keys: [URLResourceKey] = [.isRegularFileKey, .isSymbolicLinkKey, .isDirectoryKey]
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys,
                                                              options: [], errorHandler: { _, _ in true }) else { return [] }
        let base = root.standardizedFileURL.path
        for case let url as URL in enumerator {
            guard let values = try? url.resourceValues(forKeys: Set(keys)) else { continue }
            if values.isDirectory == true, url.lastPathComponent == ".git" {
                enumerator.skipDescendants()
                continue
            }
            guard values.isRegularFile == true, values.isSymbolicLink != true else { continue }
            let path = url.standardizedFileURL.path
            files.append(path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path)
        }
        return files.sorted()
    }

    /// Scans `files` (relative to `root`) on all worker threads.
    public func scanFiles(_ files: [String], root: URL) -> ScanOutcome {
        let collector = Collector()
        let chunks = max(1, min(files.count, options.threads * 8))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var local = ScanOutcome()
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            var index = chunk
            while index < files.count {
                let path = files[index]
                index += chunks
                switch Self.read(root.appendingPathComponent(path).path, into: &buffer, limit: options.maxFileSize) {
                case .tooLarge(let size):
                    local.skippedLarge.append(SkippedFile(path: path, size: size))
                case .unreadable(let reason):
                    local.unreadable.append("\(path): \(reason)")
                case .read(let count):
                    local.filesScanned += 1
                    local.bytesScanned += count
                    let matches = buffer.withUnsafeBytes { detector.scan(UnsafeRawBufferPointer(rebasing: $0[0..<count]), options: detectorOptions) }
                    if matches.isEmpty, !options.includeBinary, count > 0,
                       buffer.withUnsafeBytes({ BinaryDetection.isBinary(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }) {
                        local.skippedBinary += 1
                    }
                    for match in matches { local.add(match, at: Place(path: path)) }
                }
            }
            collector.merge(local)
        }
        return collector.outcome.finished()
    }

    /// Scans bytes read from somewhere that is not a file (standard input), named `path`.
    public func scanBytes(_ bytes: [UInt8], path: String) -> ScanOutcome {
        var outcome = ScanOutcome()
        outcome.filesScanned = 1
        outcome.bytesScanned = bytes.count
        for match in detector.scan(bytes, options: detectorOptions) { outcome.add(match, at: Place(path: path)) }
        return outcome.finished()
    }

    enum ReadResult { case read(Int), tooLarge(Int), unreadable(String) }

    /// Reads a whole file into `buffer` (grown as needed) with plain POSIX calls.
    static func read(_ path: String, into buffer: inout [UInt8], limit: Int) -> ReadResult {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return .unreadable(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .unreadable(String(cString: strerror(errno))) }
        let size = Int(info.st_size)
        if size > limit { return .tooLarge(size) }
        if buffer.count < size + 1 { buffer = [UInt8](repeating: 0, count: size + 1) }
        var total = 0
        while true {
            if total == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + total, $0.count - total) }
            if count < 0 {
                if errno == EINTR { continue }
                return .unreadable(String(cString: strerror(errno)))
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
        let blobs = try repository.reachableBlobs(excluding: excluding)
        var outcome = ScanOutcome()
        var wanted: [BlobReference] = []
        for blob in blobs {
            if blob.size > options.maxFileSize {
                outcome.skippedLarge.append(SkippedFile(path: blob.path, size: blob.size, blob: blob.id))
            } else {
                wanted.append(blob)
            }
        }
        let found = try scanBlobs(wanted, repository: repository, into: &outcome)
        let provenance = try repository.provenance(of: Set(found.map(\.blob.id)))
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
        let found = try scanBlobs(try repository.stagedBlobs(), repository: repository, into: &outcome)
        for (blob, match) in found { outcome.add(match, at: Place(path: blob.path, blob: blob.id)) }
        return outcome.finished()
    }

    /// Reads blobs through one `git cat-file --batch` and scans them on worker threads.
    func scanBlobs(_ blobs: [BlobReference], repository: GitRepository,
                   into outcome: inout ScanOutcome) throws -> [(blob: BlobReference, match: SecretMatch)] {
        let byID = Dictionary(blobs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let results = Collector()
        let queue = DispatchQueue(label: "anshin.secrets.scan", attributes: .concurrent)
        let slots = DispatchSemaphore(value: options.threads * 2)
        let group = DispatchGroup()
        let maxFileSize = options.maxFileSize
        try repository.readBlobs(blobs.map(\.id)) { id, bytes in
            guard let blob = byID[id] else { return }
            if bytes.count > maxFileSize {
                results.skip(SkippedFile(path: blob.path, size: bytes.count, blob: id))
                return
            }
            slots.wait()
            group.enter()
            queue.async {
                let matches = detector.scan(bytes, options: detectorOptions)
                let binary = matches.isEmpty && !options.includeBinary && bytes.withUnsafeBytes(BinaryDetection.isBinary)
                results.record(blob: blob, bytes: bytes.count, binary: binary, matches: matches)
                slots.signal()
                group.leave()
            }
        }
        group.wait()
        let collected = results.outcome
        outcome.filesScanned += collected.filesScanned
        outcome.bytesScanned += collected.bytesScanned
        outcome.skippedBinary += collected.skippedBinary
        outcome.skippedLarge += collected.skippedLarge
        return results.blobMatches.sorted { ($0.blob.path, $0.match.line) < ($1.blob.path, $1.match.line) }
    }
}

/// Gathers results from worker threads.
final class Collector: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    var outcome = ScanOutcome()
    var blobMatches: [(blob: BlobReference, match: SecretMatch)] = []

    func merge(_ other: ScanOutcome) {
        lock.lock()
        defer { lock.unlock() }
        outcome.merge(other)
    }

    func skip(_ file: SkippedFile) {
        lock.lock()
        defer { lock.unlock() }
        outcome.skippedLarge.append(file)
    }

    func record(blob: BlobReference, bytes: Int, binary: Bool, matches: [SecretMatch]) {
        lock.lock()
        defer { lock.unlock() }
        outcome.filesScanned += 1
        outcome.bytesScanned += bytes
        if binary { outcome.skippedBinary += 1 }
        blobMatches += matches.map { (blob, $0) }
    }
}
