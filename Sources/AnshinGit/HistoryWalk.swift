import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Every commit the refs reach, in the order `git log --all` shows them: its root tree, its
/// parents and who wrote it when, read from the object database.
///
/// The order is git's own walk: the tips by commit date, then repeatedly the newest commit not
/// yet shown (the first one queued among equals), whose parents join the queue. A commit's
/// place in it decides which of the commits that brought a blob is the oldest.
struct CommitLog: Sendable {
    /// One commit object, parsed.
    struct Commit: Sendable {
        var id: BlobKey
        var tree: BlobKey
        var parents: [BlobKey]
        /// `Name <email>` as the author line gives it.
        var author: [UInt8]
        var authorTime: Int
        /// The author's offset from UTC, in minutes.
        var authorZone: Int
        var commitTime: Int
    }

    private var commits: [Commit] = []
    var trees: [BlobKey] = []
    /// Each parent's number in the log; -1 for one a shallow clone does not hold.
    var parents: [[Int32]] = []

    /// The commits `tips` (hex ids) reach, from `database` on `threads` threads; nil when a tip,
    /// or a parent outside a shallow clone's edge, is not in it.
    static func read(_ database: ObjectDatabase, tips: [String], threads: Int) throws(GitError) -> CommitLog? {
        let stored = try database.commits(threads: threads)
        var numbers = KeyTable(capacity: stored.count)
        for (number, commit) in stored.enumerated() { numbers.insert(commit.id, Int32(number)) }
        var queue = CommitQueue(), seen = [Bool](repeating: false, count: stored.count)
        for tip in tips {
            guard let key = BlobKey(hex: tip.utf8), let number = numbers[key] else { return nil }
            guard !seen[Int(number)] else { continue }
            seen[Int(number)] = true
            queue.push(number, time: stored[Int(number)].commitTime)
        }
        var order: [Int32] = []
        while let number = queue.pop() {
            order.append(number)
            for parent in stored[Int(number)].parents {
                guard let next = numbers[parent] else {
                    if database.isShallow { continue }
                    return nil
                }
                guard !seen[Int(next)] else { continue }
                seen[Int(next)] = true
                queue.push(next, time: stored[Int(next)].commitTime)
            }
        }
        var position = [Int32](repeating: -1, count: stored.count)
        for (place, number) in order.enumerated() { position[Int(number)] = Int32(place) }
        var log = CommitLog()
        log.commits = order.map { stored[Int($0)] }
        log.trees = log.commits.map(\.tree)
        log.parents = log.commits.map { commit in commit.parents.map { numbers[$0].map { position[Int($0)] } ?? -1 } }
        return log
    }

    /// `<id>\u{2}<author>\u{2}<date>` of the `number`th commit, as ``HistoryIndex`` keeps it.
    func header(_ number: Int) -> ArraySlice<UInt8> {
        let commit = commits[number]
        return (Array(commit.id.hex(digits: 40).utf8) + [2] + commit.author + [2]
            + Array(Self.isoDate(commit.authorTime, zone: commit.authorZone).utf8))[...]
    }

    /// `time` (seconds since 1970) at the offset `zone` (minutes), as git's `%aI` prints it:
    /// `2025-03-12T18:00:00+01:00`.
    static func isoDate(_ time: Int, zone: Int) -> String {
        // The wall clock at the offset is UTC's at the shifted time.
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                       from: Date(timeIntervalSince1970: TimeInterval(time + zone * 60)))
        func digits(_ value: Int?, _ count: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, count - text.count)) + text
        }
        return "\(digits(parts.year, 4))-\(digits(parts.month, 2))-\(digits(parts.day, 2))T\(digits(parts.hour, 2)):"
            + "\(digits(parts.minute, 2)):\(digits(parts.second, 2))\(zone < 0 ? "-" : "+")\(digits(abs(zone) / 60, 2)):\(digits(abs(zone) % 60, 2))"
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Parses a commit object's headers up to the committer line, which git writes after the
    /// tree, the parents and the author; nil without a tree line.
    static func parse(_ bytes: UnsafeRawBufferPointer, id: BlobKey) -> Commit? {
        var commit = Commit(id: id, tree: BlobKey(), parents: [], author: [], authorTime: 0, authorZone: 0, commitTime: 0)
        var sawTree = false, sawCommitter = false
        var start = 0
        while start < bytes.count, !sawCommitter, let base = bytes.baseAddress {
            let end = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start).map { UnsafeRawPointer($0) - base } ?? bytes.count
            let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            start = end + 1
            // The headers end at the first empty line; the message follows.
            guard let first = line.first else { break }
            switch first {
            case UInt8(ascii: "t") where line.starts(with: "tree ".utf8):
                guard let tree = BlobKey(hex: line.dropFirst(5)) else { return nil }
                commit.tree = tree
                sawTree = true
            case UInt8(ascii: "p") where line.starts(with: "parent ".utf8):
                if let parent = BlobKey(hex: line.dropFirst(7)) { commit.parents.append(parent) }
            case UInt8(ascii: "a") where line.starts(with: "author ".utf8):
                let signature = Signature(UnsafeRawBufferPointer(rebasing: line.dropFirst(7)))
                commit.author = Array(signature.identity)
                commit.authorTime = signature.time
                commit.authorZone = signature.zone
            case UInt8(ascii: "c") where line.starts(with: "committer ".utf8):
                commit.commitTime = Signature(UnsafeRawBufferPointer(rebasing: line.dropFirst(10))).time
                sawCommitter = true
            default:
                break
            }
        }
        return sawTree ? commit : nil
    }

    /// `Name <email> <seconds> <+hhmm>`; what does not parse is left empty or zero.
    private struct Signature {
        var identity: UnsafeRawBufferPointer
        var time = 0
        var zone = 0

        init(_ line: UnsafeRawBufferPointer) {
            guard let close = line.lastIndex(of: UInt8(ascii: ">")) else {
                identity = line
                return
            }
            identity = UnsafeRawBufferPointer(rebasing: line[...close])
            var position = close + 1
            while position < line.count, line[position] == UInt8(ascii: " ") { position += 1 }
            let negativeTime = position < line.count && line[position] == UInt8(ascii: "-")
            if negativeTime { position += 1 }
            while position < line.count, let digit = Self.digit(line[position]) {
                time = time &* 10 &+ digit
                position += 1
            }
            if negativeTime { time = -time }
            while position < line.count, line[position] == UInt8(ascii: " ") { position += 1 }
            guard position + 5 <= line.count, line[position] == UInt8(ascii: "+") || line[position] == UInt8(ascii: "-"),
                  let hours = Self.number(line[(position + 1)..<(position + 3)]),
                  let minutes = Self.number(line[(position + 3)..<(position + 5)]) else { return }
            zone = (hours * 60 + minutes) * (line[position] == UInt8(ascii: "-") ? -1 : 1)
        }

        private static func digit(_ byte: UInt8) -> Int? {
            byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
        }

        private static func number(_ digits: Slice<UnsafeRawBufferPointer>) -> Int? {
            digits.reduce(Optional(0)) { total, byte in total.flatMap { value in digit(byte).map { value * 10 + $0 } } }
        }
    }
}

/// Commits waiting to be shown: the newest commit date first, and among equal dates the first queued.
private struct CommitQueue {
    private var heap: [(time: Int, order: Int, number: Int32)] = []
    private var queued = 0

    mutating func push(_ number: Int32, time: Int) {
        heap.append((time, queued, number))
        queued += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Int32? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                var first = parent
                for child in [2 * parent + 1, 2 * parent + 2] where child < heap.count && Self.before(heap[child], heap[first]) {
                    first = child
                }
                guard first != parent else { break }
                heap.swapAt(parent, first)
                parent = first
            }
        }
        return top.number
    }

    private static func before(_ left: (time: Int, order: Int, number: Int32), _ right: (time: Int, order: Int, number: Int32)) -> Bool {
        left.time != right.time ? left.time > right.time : left.order < right.order
    }
}

/// Where a few blobs lie in the history, from the trees of the object database
/// (``TreeGraph``) and the commit log: the blobs the refs reach, and for each wanted blob every
/// commit that brought it to a path that none of its parents held it at, the oldest first. That
/// is what ``ProvenanceSearch`` reads from `git log --raw -c`, whose tree diffs cost more than
/// rebuilding every tree once.
///
/// Replacement objects (`refs/replace`) are not applied, as git applies them.
enum HistoryWalk {
    /// The history's index over the `wanted` blobs, in the history the commits `tips` (hex ids)
    /// reach, read on `threads` threads; nil when the commits, trees or blobs the history needs
    /// are not all in the object database, as in a partial clone, which only git can then
    /// answer for.
    ///
    /// Reading the commits and numbering the stored objects does not depend on which blobs are
    /// wanted, but running it beside the blob scan made the scan slower by more than it took.
    static func index(_ database: ObjectDatabase, tips: [String], wanted: [String], threads: Int) throws(GitError) -> HistoryIndex? {
        guard let commits = try CommitLog.read(database, tips: tips, threads: threads) else { return nil }
        let blobs = database.blobNumbers(), trees = TreeGraph.Numbering(database)
        var keys: [BlobKey] = [], wantedNumbers = [Int32](repeating: -1, count: blobs.count)
        for id in wanted {
            guard let key = BlobKey(hex: id.utf8), let number = blobs[key], wantedNumbers[Int(number)] < 0 else { continue }
            wantedNumbers[Int(number)] = Int32(keys.count)
            keys.append(key)
        }
        let graph = try TreeGraph.build(database, numbering: trees, blobs: blobs, wanted: wantedNumbers, threads: threads)
        // A node's arrays for each of the history's trees: let them go on another thread, while the report is written.
        defer { DispatchQueue.global(qos: .utility).async { withExtendedLifetime(graph) {} } }
        let nodes = graph.nodes
        var roots: [Int32] = []
        roots.reserveCapacity(commits.trees.count)
        for tree in commits.trees {
            guard let root = graph.numbers[tree] else { return nil }
            roots.append(root)
        }

        // The trees the commits reach, and the blobs those trees (and their delta bases) name.
        var reached = [Bool](repeating: false, count: nodes.count)
        var stack = roots
        while let tree = stack.popLast() {
            guard !reached[Int(tree)] else { continue }
            reached[Int(tree)] = true
            for entry in nodes[Int(tree)].entries where entry.isTree {
                guard entry.link >= 0 else { return nil }
                stack.append(entry.link)
            }
        }
        var named = [Bool](repeating: false, count: blobs.count)
        var gathered = [Bool](repeating: false, count: nodes.count)
        for start in 0..<nodes.count where reached[start] {
            var tree = Int32(start)
            while tree >= 0, !gathered[Int(tree)] {
                gathered[Int(tree)] = true
                for number in nodes[Int(tree)].newBlobs {
                    guard number >= 0 else { return nil }
                    named[Int(number)] = true
                }
                tree = nodes[Int(tree)].base
            }
        }
        var reachable = KeyTable(capacity: blobs.count)
        blobs.forEach { key, number in
            if named[Int(number)] { reachable.insert(key, 0) }
        }

        // Which trees hold a wanted blob somewhere below them.
        var holds = [UInt8](repeating: 0, count: nodes.count)  // 0 unknown, 1 no, 2 yes
        func holdsWanted(_ tree: Int32) -> Bool {
            if holds[Int(tree)] == 0 {
                let yes = nodes[Int(tree)].entries.contains { !$0.isTree || holdsWanted($0.link) }
                holds[Int(tree)] = yes ? 2 : 1
            }
            return holds[Int(tree)] == 2
        }

        // What `tree` holds that none of `others` (the parents' trees at the same path, -1 where
        // they have none) holds at the same path.
        var found: [(path: String, blob: Int32)] = []
        // The entry of `tree` named `name`, looked for first where `tree`'s version of the same
        // folder usually has it: at the same place.
        func child(of tree: Int32, named name: String, near place: Int) -> TreeGraph.Entry? {
            let entries = nodes[Int(tree)].entries
            if place < entries.count, entries[place].name == name { return entries[place] }
            return entries.first { $0.name == name }
        }
        func introduced(_ tree: Int32, against others: [Int32], prefix: String) {
            for (place, entry) in nodes[Int(tree)].entries.enumerated() {
                if entry.isTree {
                    guard holdsWanted(entry.link) else { continue }
                    let below = others.map { other -> Int32 in
                        guard other >= 0, let match = child(of: other, named: entry.name, near: place), match.isTree else { return -1 }
                        return match.link
                    }
                    guard !below.contains(entry.link) else { continue }
                    introduced(entry.link, against: below, prefix: prefix + entry.name + "/")
                } else {
                    let held = others.contains { other in
                        guard other >= 0, let match = child(of: other, named: entry.name, near: place) else { return false }
                        return !match.isTree && match.link == entry.link
                    }
                    if !held { found.append((prefix + entry.name, entry.link)) }
                }
            }
        }

        var index = HistoryIndex()
        index.reachable = reachable
        for (commit, root) in roots.enumerated() where holdsWanted(root) {
            let parents = commits.parents[commit].map { $0 < 0 ? -1 : roots[Int($0)] }
            guard !parents.contains(root) else { continue }
            found.removeAll(keepingCapacity: true)
            introduced(root, against: parents, prefix: "")
            guard !found.isEmpty else { continue }
            let number = index.addHeader(commits.header(commit), position: Int32(commit))
            for place in found {
                index.record(keys[Int(place.blob)], commit: number, path: Array(place.path.utf8)[...])
            }
        }
        return index
    }
}
