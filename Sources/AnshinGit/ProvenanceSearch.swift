import AnshinCore
import Foundation

/// Finds where blobs first appeared: for each, the commit that first added it (oldest over all
/// refs), its author, date and path, and how many places of the history hold it, by one
/// `git log --raw` pass over the whole history (shared by a few `git log` processes).
///
/// The pass can start while a history scan is still reading blobs (``start()``), before anyone
/// knows which blobs will matter, so that it runs on the core the scan leaves idle rather than
/// after it. It therefore indexes every blob the log names, compactly: the blob's binary id and
/// numbers standing for its commit and path, about 50 bytes a blob, plus each commit's header.
/// ``provenance(of:)`` waits for the pass and answers from the index.
///
/// `@unchecked Sendable` because the index and the failure are written by the pass's thread only
/// and read only after it has signalled `done`; `started` is guarded by `lock`.
public final class ProvenanceSearch: @unchecked Sendable {
    private let repository: GitRepository
    private let lock = NSLock()
    private var started = false
    private let done = DispatchSemaphore(value: 0)
    private var index = HistoryIndex()
    private var failure: GitError?

    /// The fewest commits one `git log` is given, and at most how many run at once.
    private let blockSize: Int
    private let processes: Int

    public convenience init(_ repository: GitRepository) {
        self.init(repository, blockSize: 512, processes: ProcessInfo.processInfo.activeProcessorCount)
    }

    init(_ repository: GitRepository, blockSize: Int, processes: Int) {
        self.repository = repository
        self.blockSize = max(1, blockSize)
        self.processes = max(1, processes)
    }

    /// Starts the pass on a thread of its own, once; later calls do nothing.
    public func start() {
        lock.lock()
        defer { lock.unlock() }
        guard !started else { return }
        started = true
        Thread { [self] in
            do throws(GitError) {
                try walk()
            } catch {
                failure = error
            }
            done.signal()
        }.start()
    }

    /// Waits for the pass (starting it if needed) and returns its index.
    public func finish() throws(GitError) -> HistoryIndex {
        start()
        done.wait()
        done.signal()
        if let failure { throw failure }
        return index
    }

    /// Where each blob of `ids` that the history adds first appeared; starts the pass if needed
    /// and waits for it. Blobs the log never names (a tag pointing at a blob) are left out.
    public func provenance(of ids: Set<String>) throws(GitError) -> [String: Provenance] {
        guard !ids.isEmpty else { return [:] }
        let index = try finish()
        var found: [String: Provenance] = [:]
        for id in ids {
            if let provenance = index.provenance(of: id) { found[id] = provenance }
        }
        return found
    }

    /// Lists every commit newest first (`git rev-list --all`, the order `git log --all` walks),
    /// has `git log` processes show their raw changes, several at once, each a stretch of the
    /// list, and merges what they found.
    ///
    /// Why several: showing the changes of every commit is most of the pass's work (the tree
    /// diffs), and one process does it on one core; the commit walk that lists them is cheap.
    /// Stretches of consecutive commits, because a commit's parent is then mostly among them and
    /// its trees still in git's caches; four stretches per process, handed out as processes
    /// finish, because some stretches of a history cost far more than others.
    private func walk() throws(GitError) {
        let listing = [UInt8](try repository.run(["rev-list", "--all"]))
        let commits = listing.split(separator: UInt8(ascii: "\n"))
        guard !commits.isEmpty else { return }
        let positions = Dictionary(commits.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { first, _ in first })
        let count = max(1, min(processes * 4, commits.count / blockSize))
        let length = (commits.count + count - 1) / count
        let stretches: [[UInt8]] = stride(from: 0, to: commits.count, by: length).map { start in
            Array(commits[start..<min(start + length, commits.count)].joined(separator: [UInt8(ascii: "\n")])) + [UInt8(ascii: "\n")]
        }
        let repository = repository
        var parts = try SharedWork.map(count: stretches.count, threads: processes) { part throws(GitError) in
            try Self.log(repository, commits: stretches[part], positions: positions)
        }
        index = parts.removeFirst()
        for other in parts { index.merge(other) }
    }

    /// Runs `git log` over `commits` (one id a line, newest first) in that order and indexes
    /// every blob its raw lines name.
    ///
    /// Newest first so that the oldest place of a blob is the last one seen, which simply
    /// overwrites the earlier ones. `-c` shows the files a merge resolved by hand, which no parent
    /// has; `--root` (git's default, unless configured away) shows what a first commit adds, so
    /// that every blob of every commit's tree is named somewhere.
    private static func log(_ repository: GitRepository, commits: [UInt8],
                            positions: [ArraySlice<UInt8>: Int32]) throws(GitError) -> HistoryIndex {
        let arguments = ["log", "--no-walk=unsorted", "--stdin", "--root", "--raw", "--no-abbrev", "--no-renames", "-c",
                         "--format=%x01%H%x02%an <%ae>%x02%aI"]
        let process = try repository.start(arguments, input: .pipe)
        process.feedInput(commits)
        let complaints = process.collectErrorInBackground()
        defer {
            if process.isRunning { process.signal(SIGTERM) }
            process.wait()
        }
        var index = HistoryIndex()
        let reader = PipeReader(process.standardOutput!, gathering: true)
        var commit: Int32 = -1
        while let line = try reader.readLine() {
            if line.first == 1 {
                let header = line.dropFirst()
                let id = header.prefix { $0 != 2 }
                guard let position = positions[id] else {
                    throw GitError("git log showed the commit \(String(decoding: id, as: UTF8.self)), which it was not asked for")
                }
                commit = index.addHeader(header, position: position)
                continue
            }
            // ":100644 100644 <old> <new> M\t<path>", or "::…" with one mode and id per parent for
            // a merge: the id before the status is the file's content after the commit.
            guard commit >= 0, line.first == UInt8(ascii: ":"), let tab = line.firstIndex(of: UInt8(ascii: "\t")) else {
                continue
            }
            let fields = line[line.startIndex..<tab].split(separator: UInt8(ascii: " "))
            // As many modes as ids, then the status; the last mode is the file's after the commit.
            // A submodule (mode 160000) names a commit of another repository, not a blob.
            guard fields.count >= 5, !fields[(fields.count - 1) / 2 - 1].elementsEqual("160000".utf8),
                  let key = BlobKey(hex: fields[fields.count - 2]), !key.isZero else { continue }
            index.idDigits = fields[fields.count - 2].count
            index.record(key, commit: commit, path: line[(tab + 1)...])
        }
        guard process.wait().isSuccess else {
            throw GitError("git \(arguments.joined(separator: " ")) failed: \(complaints?.waitForText() ?? "")")
        }
        return index
    }
}

/// A blob id in binary: 20 bytes for SHA-1 repositories, 32 for SHA-256 ones (zero-padded).
struct BlobKey: Hashable, Sendable {
    var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// The all-zero id.
    init() {}

    /// Parses 40 or 64 hex digits; nil for anything else.
    init?<Digits: Collection<UInt8>>(hex: Digits) {
        guard hex.count == 40 || hex.count == 64 else { return nil }
        var parsed: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for (offset, character) in hex.enumerated() {
            let nibble: UInt64
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = UInt64(character - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = UInt64(character - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = UInt64(character - UInt8(ascii: "A") + 10)
            default: return nil
            }
            switch offset / 16 {
            case 0: parsed.0 = parsed.0 << 4 | nibble
            case 1: parsed.1 = parsed.1 << 4 | nibble
            case 2: parsed.2 = parsed.2 << 4 | nibble
            default: parsed.3 = parsed.3 << 4 | nibble
            }
        }
        words = parsed
    }

    /// A SHA-1 id of 20 raw bytes, as ``init(hex:)`` reads its 40 hex digits.
    init(raw id: UnsafeRawBufferPointer) {
        words = (UInt64(bigEndian: id.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                 UInt64(bigEndian: id.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                 UInt64(UInt32(bigEndian: id.loadUnaligned(fromByteOffset: 16, as: UInt32.self))), 0)
    }

    /// The id as `digits` lowercase hex digits.
    func hex(digits: Int) -> String {
        let words = [words.0, words.1, words.2, words.3]
        let alphabet = Array("0123456789abcdef".utf8)
        return String(decoding: (0..<digits).map { offset in
            // Parsing shifted each word's digits in from the right, so a last, partial word
            // (the final 8 digits of a SHA-1 id) holds them in its low bits.
            let word = words[offset / 16]
            let inWord = min(16, digits - offset / 16 * 16)
            let shift = UInt64((inWord - 1 - offset % 16) * 4)
            return alphabet[Int((word >> shift) & 0xF)]
        }, as: UTF8.self)
    }

    /// The all-zero id git prints for "no file" (a deletion's new side).
    var isZero: Bool { words == (0, 0, 0, 0) }

    static func == (left: BlobKey, right: BlobKey) -> Bool { left.words == right.words }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}

/// What the log pass found: every blob that some commit reachable from the refs adds or changes
/// a file to (so every blob of every such commit's tree), with its oldest commit and path and its
/// number of places. A ``HistoryWalk`` places only the blobs it was asked about, and lists the
/// others in `reachable`.
public struct HistoryIndex: Sendable {
    struct Entry: Sendable {
        var commit: Int32
        var path: Int32
        /// Lines naming the blob: each is one (commit, path) place, since a commit lists a path once.
        var places: Int32
    }

    var blobs: [BlobKey: Entry] = [:]
    var paths: [String] = []
    var pathNumbers: [String: Int32] = [:]
    /// The header lines of all commits, one after another, and where each ends.
    var headers: [UInt8] = []
    var headerEnds: [Int] = []
    /// Each commit's place in the log of the whole history (0 the newest).
    var positions: [Int32] = []

    /// Every blob the history holds, when the index places only some of them (``HistoryWalk``).
    var reachable: KeyTable?

    /// How many distinct blobs the history holds.
    public var blobCount: Int { reachable?.count ?? blobs.count }

    /// Whether the history holds the blob `id`.
    public func contains(_ id: String) -> Bool {
        guard let key = BlobKey(hex: id.utf8) else { return false }
        guard let reachable else { return blobs[key] != nil }
        return reachable[key] != nil
    }

    /// Where the blob `id` first appeared, if the history holds it.
    public func provenance(of id: String) -> Provenance? {
        guard let key = BlobKey(hex: id.utf8), let entry = blobs[key] else { return nil }
        let header = header(entry.commit)
        return Provenance(commit: header.commit, author: header.author, date: header.date,
                          path: paths[Int(entry.path)], occurrences: Int(entry.places))
    }

    /// The ids of the blobs the history holds, with the path each first appeared under.
    public func blobIDs() -> [(id: String, path: String)] {
        blobs.map { key, entry in (key.hex(digits: idDigits), paths[Int(entry.path)]) }
    }

    /// Hex digits of the repository's ids: 40 (SHA-1) or 64 (SHA-256).
    var idDigits = 40

    /// Keeps a commit's header (`<id>\u{2}<author>\u{2}<date>`) and its place in the log of
    /// the whole history, and returns its number.
    mutating func addHeader(_ line: ArraySlice<UInt8>, position: Int32) -> Int32 {
        headers += line
        headerEnds.append(headers.count)
        positions.append(position)
        return Int32(headerEnds.count - 1)
    }

    /// Adds what another part of the history holds: each blob keeps its oldest place of both,
    /// and the places of both.
    mutating func merge(_ other: HistoryIndex) {
        let firstHeader = Int32(headerEnds.count), headerBytes = headers.count
        headers += other.headers
        headerEnds += other.headerEnds.map { $0 + headerBytes }
        positions += other.positions
        let pathNumbers = other.paths.map { number(ofPath: $0) }
        for (key, entry) in other.blobs {
            let added = Entry(commit: entry.commit + firstHeader, path: pathNumbers[Int(entry.path)], places: entry.places)
            guard var known = blobs[key] else {
                blobs[key] = added
                continue
            }
            if positions[Int(added.commit)] > positions[Int(known.commit)] {
                known.commit = added.commit
                known.path = added.path
            }
            known.places += added.places
            blobs[key] = known
        }
        idDigits = max(idDigits, other.idDigits)
    }

    private mutating func number(ofPath name: String) -> Int32 {
        if let known = pathNumbers[name] { return known }
        paths.append(name)
        pathNumbers[name] = Int32(paths.count - 1)
        return Int32(paths.count - 1)
    }

    func header(_ number: Int32) -> (commit: String, author: String, date: String) {
        let start = number == 0 ? 0 : headerEnds[Int(number) - 1]
        let parts = headers[start..<headerEnds[Int(number)]].split(separator: 2, omittingEmptySubsequences: false)
        func text(_ index: Int) -> String { index < parts.count ? String(decoding: parts[index], as: UTF8.self) : "" }
        return (text(0), text(1), text(2))
    }

    /// Notes that `commit` (no newer than every commit recorded before) holds `key` at `path`.
    mutating func record(_ key: BlobKey, commit: Int32, path: ArraySlice<UInt8>) {
        let number = number(ofPath: String(decoding: path, as: UTF8.self))
        if var entry = blobs[key] {
            // Within one commit the first path listed stays, as when reading oldest first.
            if entry.commit != commit {
                entry.commit = commit
                entry.path = number
            }
            entry.places += 1
            blobs[key] = entry
        } else {
            blobs[key] = Entry(commit: commit, path: number, places: 1)
        }
    }
}
