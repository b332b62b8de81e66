import Foundation

/// Every commit the refs reach, newest first (the order `git log --all` walks): its root tree,
/// its parents and its header, from one `git log --all` that shows no changes.
public struct CommitLog: Sendable {
    var trees: [BlobKey] = []
    /// Each parent's number in the log; -1 for one the log does not hold (a shallow clone's edge).
    var parents: [[Int32]] = []
    /// `<id>\u{2}<author>\u{2}<date>`, as ``HistoryIndex`` keeps it.
    var headers: [ArraySlice<UInt8>] = []

    public static func read(_ repository: GitRepository) throws(GitError) -> CommitLog {
        let output = [UInt8](try repository.run(["log", "--all", "--format=%T %P%x02%H%x02%an <%ae>%x02%aI"]))
        var log = CommitLog()
        var ids: [ArraySlice<UInt8>] = [], parentIDs: [[ArraySlice<UInt8>]] = []
        for line in output.split(separator: UInt8(ascii: "\n")) {
            guard let separator = line.firstIndex(of: 2) else {
                throw GitError("git log printed a line it was not asked for: \(String(decoding: line.prefix(200), as: UTF8.self))")
            }
            let commits = line[..<separator].split(separator: UInt8(ascii: " "))
            let header = line[(separator + 1)...]
            guard let tree = commits.first.flatMap({ BlobKey(hex: $0) }) else {
                throw GitError("git log printed no tree for \(String(decoding: header.prefix { $0 != 2 }, as: UTF8.self))")
            }
            log.trees.append(tree)
            log.headers.append(header)
            ids.append(header.prefix { $0 != 2 })
            parentIDs.append(Array(commits.dropFirst()))
        }
        let numbers = Dictionary(ids.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { first, _ in first })
        log.parents = parentIDs.map { $0.map { numbers[$0] ?? -1 } }
        return log
    }
}

/// Where a few blobs lie in the history, from the trees of the object database
/// (``TreeGraph``) and the commit log: the blobs the refs reach, and for each wanted blob every
/// commit that brought it to a path that none of its parents held it at, the oldest first. That
/// is what ``ProvenanceSearch`` reads from `git log --raw -c`, whose tree diffs cost more than
/// rebuilding every tree once.
enum HistoryWalk {
    /// The history's index over the `wanted` blobs; nil when the trees or blobs the commits
    /// reach are not all in the object database (`stored` lists its blobs), as in a partial
    /// clone, which only git can then answer for.
    static func index(_ database: ObjectDatabase, commits: CommitLog, wanted: [String], stored: [String],
                      threads: Int) throws(GitError) -> HistoryIndex? {
        var keys: [BlobKey] = [], numbers = KeyTable(capacity: wanted.count)
        for id in wanted {
            if let key = BlobKey(hex: Array(id.utf8)[...]), numbers.insert(key, Int32(keys.count)) == keys.count { keys.append(key) }
        }
        var storedNumbers = KeyTable(capacity: stored.count)
        for id in stored {
            if let key = BlobKey(hex: Array(id.utf8)[...]) { storedNumbers.insert(key, Int32(storedNumbers.count)) }
        }
        let graph = try TreeGraph.build(database, wanted: numbers, threads: threads)
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
        var named = [Bool](repeating: false, count: storedNumbers.count)
        var gathered = [Bool](repeating: false, count: nodes.count)
        for start in 0..<nodes.count where reached[start] {
            var tree = Int32(start)
            while tree >= 0, !gathered[Int(tree)] {
                gathered[Int(tree)] = true
                for blob in nodes[Int(tree)].newBlobs {
                    guard let number = storedNumbers[blob] else { return nil }
                    named[Int(number)] = true
                }
                tree = nodes[Int(tree)].base
            }
        }
        var reachable = KeyTable(capacity: storedNumbers.count)
        storedNumbers.forEachKey { key in
            if named[Int(storedNumbers[key]!)] { reachable.insert(key, 0) }
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
        func introduced(_ tree: Int32, against others: [Int32], prefix: String) {
            for entry in nodes[Int(tree)].entries {
                if entry.isTree {
                    guard holdsWanted(entry.link) else { continue }
                    let below = others.map { other in
                        other < 0 ? -1 : nodes[Int(other)].entries.first { $0.isTree && $0.name == entry.name }?.link ?? -1
                    }
                    guard !below.contains(entry.link) else { continue }
                    introduced(entry.link, against: below, prefix: prefix + entry.name + "/")
                } else {
                    let held = others.contains { other in
                        other >= 0 && nodes[Int(other)].entries.contains { !$0.isTree && $0.name == entry.name && $0.link == entry.link }
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
            let number = index.addHeader(commits.headers[commit], position: Int32(commit))
            for place in found {
                index.record(keys[Int(place.blob)], commit: number, path: Array(place.path.utf8)[...])
            }
        }
        return index
    }
}
