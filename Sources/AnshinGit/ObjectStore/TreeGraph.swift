#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every tree of a repository's object database as a graph: each tree's subdirectories, and
/// which of a few wanted blobs it names. With the commits' root trees this says which blobs the
/// history reaches and where the wanted ones first appeared (``HistoryWalk``), without showing
/// the changes of every commit the way `git log --raw` does.
///
/// The trees are rebuilt the way blobs are (``PackFile/walk(root:leafLimit:workspace:_:)``),
/// each once, parents before the deltas over them. Most trees are deltas over another version of
/// the same directory that differ in an entry or two, and a delta's copy instructions take whole
/// runs of entries from the base unchanged: those entries are known from the base's parse, and
/// only the bytes the delta inserts (and an entry a copy cuts) are parsed again. git/git's
/// 167,000 trees hold 2.6 GB of entries; only the changed ones are read.
final class TreeGraph: @unchecked Sendable {
    /// One tree.
    struct Node: Sendable {
        /// Its subdirectories (`link` -1 for a tree the database lacks) and wanted blobs, in the
        /// tree's order.
        var entries: [Entry] = []
        /// The blobs it names that its delta base does not name at the same place (all of them
        /// for a tree stored whole), by their number among the stored blobs (-1 for one the
        /// database lacks): a tree's blobs are among those of it and its bases.
        var newBlobs: [Int32] = []
        /// The tree it is stored as a delta over, or -1.
        var base: Int32 = -1
    }

    struct Entry: Sendable {
        var name: String
        /// The subtree's node, or the wanted blob's number.
        var link: Int32
        var isTree: Bool
    }

    let nodes: [Node]
    /// Each tree's node, by id.
    let numbers: KeyTable

    private init(nodes: [Node], numbers: KeyTable) {
        self.nodes = nodes
        self.numbers = numbers
    }

    /// Every tree `database` stores, numbered, so that a tree's entries can name their
    /// subtrees' nodes as they are parsed: the numbers by id, each pack's tree at each position,
    /// whether that pack is the first to hold it, and the loose trees.
    struct Numbering: Sendable {
        var numbers: KeyTable
        var packNodes: [[Int32]] = []
        var owned: [[Bool]] = []
        var looseTrees: [(id: String, path: String, node: Int32)] = []

        init(_ database: ObjectDatabase) {
            numbers = KeyTable(capacity: database.packs.reduce(0) { $0 + $1.objectCount } / 2)
            for pack in database.packs {
                var nodes = [Int32](repeating: -1, count: pack.objectCount)
                var mine = [Bool](repeating: false, count: pack.objectCount)
                for position in 0..<pack.objectCount where pack.types[position] == PackFile.tree {
                    let key = BlobKey(raw: pack.index.id(at: Int(pack.rows[position])))
                    let known = numbers.count
                    nodes[position] = numbers.insert(key, Int32(known))
                    mine[position] = numbers.count > known
                }
                packNodes.append(nodes)
                owned.append(mine)
            }
            for (id, path, type) in database.looseObjects where type == "tree" {
                guard let key = BlobKey(hex: id.utf8), numbers[key] == nil else { continue }
                numbers.insert(key, Int32(numbers.count))
                looseTrees.append((id, path, Int32(numbers.count - 1)))
            }
        }
    }

    /// Reads every tree `database` stores (numbered by `numbering`), on `threads` threads.
    /// `blobs` numbers the stored blobs, and `wanted` gives each of those numbers the blob's
    /// number among the wanted ones, or -1.
    static func build(_ database: ObjectDatabase, numbering: Numbering, blobs: KeyTable, wanted: [Int32],
                      threads: Int) throws(GitError) -> TreeGraph {
        let numbers = numbering.numbers
        let store = NodeStore(count: numbers.count)
        let work = database.packs.enumerated()
            .flatMap { number, pack in pack.deltaRoots(of: PackFile.tree).map { (pack: number, root: $0.position, weight: $0.weight) } }
            .sorted { $0.weight > $1.weight }
        let packs = database.packs, packNodes = numbering.packNodes, owned = numbering.owned, loose = numbering.looseTrees
        try SharedWork.run(count: work.count + loose.count, threads: threads,
                           local: { () throws(GitError) in try TreeParser(numbers: numbers, blobs: blobs, wanted: wanted) }) {
            item, parser throws(GitError) in
            guard item < work.count else {
                let tree = loose[item - work.count]
                guard let object = try ObjectDatabase.loadLoose(id: tree.id, path: tree.path, type: "tree", maxSize: .max,
                                                                workspace: parser.workspace), let bytes = object.bytes else { return }
                guard let node = parser.parse(bytes, depth: 0, delta: nil, node: tree.node) else {
                    throw GitError("\(tree.path): the loose tree \(tree.id) does not parse; run `git fsck`")
                }
                return store.set(tree.node, node)
            }
            let pack = packs[work[item].pack], nodes = packNodes[work[item].pack], mine = owned[work[item].pack]
            try pack.walk(root: work[item].root, leafLimit: .max, workspace: parser.workspace) { object throws(GitError) in
                guard let bytes = object.bytes,
                      var node = parser.parse(bytes, depth: object.depth, delta: object.delta, node: nodes[object.position]) else {
                    throw pack.corrupt(object.position)
                }
                guard mine[object.position] else { return }
                if object.depth > 0 { node.base = parser.node(atDepth: object.depth - 1) }
                store.set(nodes[object.position], node)
            }
        }
        return TreeGraph(nodes: store.take(), numbers: numbers)
    }
}

/// The nodes the threads fill in, each slot by one thread.
private final class NodeStore: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<TreeGraph.Node>
    private var taken = false

    init(count: Int) {
        slots = .allocate(capacity: count)
        _ = slots.initialize(from: repeatElement(TreeGraph.Node(), count: count))
    }

    deinit {
        if !taken { slots.deinitialize() }
        slots.deallocate()
    }

    func set(_ number: Int32, _ node: TreeGraph.Node) { slots[Int(number)] = node }

    /// Every node, moved out rather than copied; call once, after the threads are done.
    func take() -> [TreeGraph.Node] {
        taken = true
        return Array(unsafeUninitializedCapacity: slots.count) { buffer, count in
            count = buffer.moveInitialize(fromContentsOf: slots)
        }
    }
}

/// What one thread keeps while it parses trees: the entries of the tree at each depth of the
/// tree of deltas it is walking, so that a delta's copied entries are taken from its base's.
///
/// The tables being filled are moved into local variables first: appending to an array that a
/// class holds is checked for overlapping access every time, which cost more than the parse.
private final class TreeParser {
    /// A parsed tree: where each entry starts and what it is.
    struct Table {
        /// `link`: a subtree's node (0 or more), or one of the kinds below; a wanted blob's
        /// number `n` is stored as `wantedBase - n`.
        struct Entry {
            var start: Int32
            var link: Int32
        }

        static let blob: Int32 = -1, submodule: Int32 = -2, missingTree: Int32 = -3, wantedBase: Int32 = -4

        var entries: [Entry] = []
        var size = 0
        var node: Int32 = -1

        mutating func reset(size: Int, node: Int32) {
            entries.removeAll(keepingCapacity: true)
            self.size = size
            self.node = node
        }

        /// The entry starting exactly at `offset`, if one does.
        func entry(startingAt offset: Int) -> Int? {
            var low = 0, high = entries.count
            while low < high {
                let middle = (low + high) / 2
                let start = Int(entries[middle].start)
                if start == offset { return middle }
                if start < offset { low = middle + 1 } else { high = middle }
            }
            return nil
        }

        /// The first entry from `low` on that starts at `offset` or later (the count if none does).
        func firstEntry(startingAtOrAfter offset: Int, from low: Int) -> Int {
            var low = low, high = entries.count
            while low < high {
                let middle = (low + high) / 2
                if Int(entries[middle].start) < offset { low = middle + 1 } else { high = middle }
            }
            return low
        }

        /// Where entry `index` ends.
        func end(of index: Int) -> Int { index + 1 < entries.count ? Int(entries[index + 1].start) : size }
    }

    let workspace: Workspace
    private let numbers: KeyTable
    private let blobs: KeyTable
    private let wanted: [Int32]
    private var tables: [Table] = []
    private var copies: [Delta.Copy] = []

    init(numbers: KeyTable, blobs: KeyTable, wanted: [Int32]) throws(GitError) {
        workspace = try Workspace()
        self.numbers = numbers
        self.blobs = blobs
        self.wanted = wanted
    }

    func node(atDepth depth: Int) -> Int32 { tables[depth].node }

    /// Parses the tree `bytes`, at `depth` of the tree of deltas being walked (its base is the
    /// tree parsed last at the depth above), and returns its node; nil for a malformed tree.
    func parse(_ bytes: UnsafeRawBufferPointer, depth: Int, delta: UnsafeRawBufferPointer?, node number: Int32) -> TreeGraph.Node? {
        while tables.count <= depth { tables.append(Table()) }
        var table = Table(), copies: [Delta.Copy] = []
        swap(&table, &tables[depth])
        swap(&copies, &self.copies)
        defer {
            swap(&table, &tables[depth])
            swap(&copies, &self.copies)
        }
        table.reset(size: bytes.count, node: number)
        let base = depth > 0 ? tables[depth - 1] : nil
        copies.removeAll(keepingCapacity: true)
        if let base, let delta {
            guard Delta.copies(delta, baseSize: base.size, into: &copies) else { return nil }
        }
        var node = TreeGraph.Node()
        var position = 0, copy = 0
        while position < bytes.count {
            if let base, Self.inherit(from: base, into: &table, at: &position, copies: copies, copy: &copy) { continue }
            guard let next = parseEntry(bytes, at: position, into: &table, node: &node) else { return nil }
            position = next
        }
        for entry in table.entries where entry.link != Table.blob && entry.link != Table.submodule {
            guard let name = Self.name(bytes, at: Int(entry.start)) else { return nil }
            let isTree = entry.link >= 0 || entry.link == Table.missingTree
            node.entries.append(TreeGraph.Entry(name: name, link: isTree ? max(entry.link, -1) : Table.wantedBase - entry.link,
                                                isTree: isTree))
        }
        return node
    }

    /// Takes from `base` the entries that the copy instruction covering `position` copies whole,
    /// starting there; false when none starts there or the first runs past the copy.
    private static func inherit(from base: Table, into table: inout Table, at position: inout Int,
                                copies: [Delta.Copy], copy: inout Int) -> Bool {
        while copy < copies.count, copies[copy].offset + copies[copy].length <= position { copy += 1 }
        guard copy < copies.count, copies[copy].offset <= position else { return false }
        let instruction = copies[copy]
        let baseEnd = instruction.baseOffset + instruction.length
        guard let entry = base.entry(startingAt: instruction.baseOffset + position - instruction.offset) else { return false }
        // The entries wholly inside the copy, moved to where the copy puts them.
        var last = base.firstEntry(startingAtOrAfter: baseEnd, from: entry)
        if base.end(of: last - 1) > baseEnd { last -= 1 }
        guard last > entry else { return false }
        let shift = Int32(position) - base.entries[entry].start
        let count = last - entry, filled = table.entries.count
        table.entries.reserveCapacity(filled + count)
        base.entries.withUnsafeBufferPointer { from in
            table.entries.append(contentsOf: UnsafeBufferPointer(rebasing: from[entry..<last]))
        }
        table.entries.withUnsafeMutableBufferPointer { moved in
            for index in filled..<(filled + count) { moved[index].start += shift }
        }
        position = base.end(of: last - 1) + Int(shift)
        return true
    }

    /// Parses the entry at `position` (`<mode> <name>\0<20-byte id>`) and returns where the
    /// next starts; nil for a malformed entry.
    private func parseEntry(_ bytes: UnsafeRawBufferPointer, at position: Int, into table: inout Table,
                            node: inout TreeGraph.Node) -> Int? {
        let count = bytes.count
        var space = position
        while space < count, bytes[space] != UInt8(ascii: " ") { space += 1 }
        let modeLength = space - position
        guard space < count, modeLength == 5 || modeLength == 6 else { return nil }
        var end = space + 1
        while end < count, bytes[end] != 0 { end += 1 }
        guard end < count, end > space + 1, end + 1 + PackIndex.idSize <= count else { return nil }
        let key = BlobKey(raw: UnsafeRawBufferPointer(rebasing: bytes[(end + 1)..<(end + 1 + PackIndex.idSize)]))
        let first = bytes[position], second = bytes[position + 1]
        let link: Int32
        if first == UInt8(ascii: "4") || (first == UInt8(ascii: "0") && second == UInt8(ascii: "4")) {
            // 40000, or the zero-padded 040000 some old tools wrote.
            link = numbers[key] ?? Table.missingTree
        } else if first == UInt8(ascii: "1"), second == UInt8(ascii: "6") {
            // 160000: a submodule's commit, in another repository.
            link = Table.submodule
        } else {
            let number = blobs[key] ?? -1
            let wantedNumber = number >= 0 ? wanted[Int(number)] : -1
            link = wantedNumber >= 0 ? Table.wantedBase - wantedNumber : Table.blob
            node.newBlobs.append(number)
        }
        table.entries.append(Table.Entry(start: Int32(position), link: link))
        return end + 1 + PackIndex.idSize
    }

    /// The name of the entry at `start` (the caller parsed it once already).
    private static func name(_ bytes: UnsafeRawBufferPointer, at start: Int) -> String? {
        guard let base = bytes.baseAddress,
              let found = memchr(base + start, Int32(UInt8(ascii: " ")), bytes.count - start) else { return nil }
        let space = UnsafeRawPointer(found) - base
        guard let ending = memchr(base + space, 0, bytes.count - space) else { return nil }
        let end = UnsafeRawPointer(ending) - base
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(space + 1)..<end]), as: UTF8.self)
    }
}
