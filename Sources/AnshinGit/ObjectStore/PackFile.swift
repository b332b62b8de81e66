/// A pack file read with its index, and planned so that every blob in it can be rebuilt once,
/// by several threads at a time.
///
/// A pack stores most versions of a file as deltas over another version, in chains. Rebuilding
/// each blob on its own (what `git cat-file` does) inflates the chain below it again and again,
/// within a cache's limits; here the pack's deltas form trees instead, each rooted at a whole
/// object, and a worker walks one tree depth first: each object is inflated once and each delta
/// applied once, to the version it was made from, still in memory. A scan of blobs never
/// inflates trees, commits or tags, and a walk of the trees (``TreeGraph``) never inflates blobs.
///
/// Layout: `PACK`, version 2 or 3, object count; each object a header (type in bits 4–6 of the
/// first byte, size in 7-bit groups: 4 bits first), for a delta the base (as a distance back in
/// the pack, or as an id), then the zlib stream; a 20-byte checksum.
final class PackFile: @unchecked Sendable {
    static let commit: UInt8 = 1, tree: UInt8 = 2, blob: UInt8 = 3, tag: UInt8 = 4
    static let offsetDelta: UInt8 = 6, referenceDelta: UInt8 = 7

    let path: String
    let index: PackIndex
    private let file: MappedFile
    /// Per object, in pack order: where it starts, its row in the index, its stored type,
    /// where its zlib stream starts and ends, its inflated size (for a delta, the delta's).
    private var offsets: [Int] = []
    private(set) var rows: [Int32] = []
    private var kinds: [UInt8] = []
    private var streamStarts: [Int] = []
    private var sizes: [Int] = []
    /// The type of what each object is (a delta's is its base's), and its base (or -1).
    private(set) var types: [UInt8] = []
    private var bases: [Int32] = []
    /// The deltas made over each object: `childList[childStarts[p]..<childStarts[p + 1]]`.
    private var childStarts: [Int32] = []
    private var childList: [Int32] = []
    /// Whole blobs (not deltas), each the root of the deltas over it, and how much work each
    /// tree of deltas is, roughly.
    private(set) var roots: [(position: Int32, weight: Int)] = []
    /// False for an object that an earlier pack has too: rebuilt if others need it, not reported twice.
    private var reported: [Bool] = []

    /// Reads and plans the pack at `path` with the index at `indexPath`; nil for what is
    /// left to git itself: an unknown version, a delta over an object of another pack, or
    /// anything that does not add up (git then reports the corruption in its own words).
    init?(path: String, indexPath: String) {
        guard let index = PackIndex(path: indexPath), let file = MappedFile(path: path),
              file.count >= 12 + PackIndex.idSize, file.uint32(at: 0) == 0x5041_434b,
              [2, 3].contains(file.uint32(at: 4)), Int(file.uint32(at: 8)) == index.count else { return nil }
        self.path = path
        self.index = index
        self.file = file
        guard readHeaders(), resolveTypes() else { return nil }
        linkDeltas()
    }

    var objectCount: Int { offsets.count }

    /// Marks the objects whose ids `earlier` packs already hold as not to be reported.
    func skipObjects(in earlier: [PackFile]) {
        guard !earlier.isEmpty else { return }
        for position in 0..<offsets.count where types[position] == Self.blob {
            let id = index.id(at: Int(rows[position]))
            if earlier.contains(where: { $0.index.find(id) != nil }) { reported[position] = false }
        }
    }

    /// Reads each object's header, in pack order.
    private func readHeaders() -> Bool {
        let count = index.count
        var order: [(offset: Int, row: Int32)] = []
        order.reserveCapacity(count)
        for row in 0..<count {
            guard let offset = index.offset(at: row) else { return false }
            order.append((offset, Int32(row)))
        }
        order.sort { $0.offset < $1.offset }
        offsets = order.map(\.offset)
        rows = order.map(\.row)
        kinds = [UInt8](repeating: 0, count: count)
        streamStarts = [Int](repeating: 0, count: count)
        sizes = [Int](repeating: 0, count: count)
        bases = [Int32](repeating: -1, count: count)
        let bytes = file.bytes
        let packEnd = file.count - PackIndex.idSize
        for position in 0..<count {
            var cursor = offsets[position]
            let end = position + 1 < count ? offsets[position + 1] : packEnd
            guard cursor >= 12, cursor < end, end <= packEnd else { return false }
            var byte = bytes[cursor]
            cursor += 1
            let kind = (byte >> 4) & 7
            var size = Int(byte & 0x0f), shift = 4
            while byte & 0x80 != 0 {
                guard cursor < end, shift < 57 else { return false }
                byte = bytes[cursor]
                cursor += 1
                size |= Int(byte & 0x7f) << shift
                shift += 7
            }
            switch kind {
            case Self.commit, Self.tree, Self.blob, Self.tag:
                break
            case Self.offsetDelta:
                // The distance back: 7-bit groups, most significant first, each continuation adding one.
                guard cursor < end else { return false }
                byte = bytes[cursor]
                cursor += 1
                var distance = Int(byte & 0x7f)
                while byte & 0x80 != 0 {
                    guard cursor < end, distance < (Int.max >> 8) else { return false }
                    byte = bytes[cursor]
                    cursor += 1
                    distance = ((distance + 1) << 7) | Int(byte & 0x7f)
                }
                guard distance > 0, distance <= offsets[position],
                      let base = objectPosition(at: offsets[position] - distance) else { return false }
                bases[position] = Int32(base)
            case Self.referenceDelta:
                guard cursor + PackIndex.idSize <= end,
                      let row = index.find(UnsafeRawBufferPointer(rebasing: bytes[cursor..<(cursor + PackIndex.idSize)])),
                      let offset = index.offset(at: row), let base = objectPosition(at: offset) else { return false }
                bases[position] = Int32(base)
                cursor += PackIndex.idSize
            default:
                return false
            }
            kinds[position] = kind
            streamStarts[position] = cursor
            sizes[position] = size
        }
        return true
    }

    /// The pack-order position of the object starting at `offset`.
    private func objectPosition(at offset: Int) -> Int? {
        var low = 0, high = offsets.count
        while low < high {
            let middle = (low + high) / 2
            if offsets[middle] == offset { return middle }
            if offsets[middle] < offset { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// Gives each delta the type at the bottom of its chain; false for a chain that loops.
    private func resolveTypes() -> Bool {
        let count = offsets.count
        types = [UInt8](repeating: 0, count: count)
        var chain: [Int] = []
        for start in 0..<count where types[start] == 0 {
            chain.removeAll(keepingCapacity: true)
            var position = start
            while types[position] == 0, bases[position] >= 0 {
                chain.append(position)
                guard chain.count <= count else { return false }
                position = Int(bases[position])
            }
            let type = types[position] != 0 ? types[position] : kinds[position]
            types[position] = type
            for link in chain { types[link] = type }
        }
        reported = types.map { $0 == Self.blob }
        return true
    }

    /// Lists the deltas over each object, and the trees of blob deltas, largest first.
    private func linkDeltas() {
        let count = offsets.count
        var starts = [Int32](repeating: 0, count: count + 1)
        for position in 0..<count where bases[position] >= 0 { starts[Int(bases[position]) + 1] += 1 }
        for position in 0..<count { starts[position + 1] += starts[position] }
        var fill = starts
        childList = [Int32](repeating: 0, count: Int(starts[count]))
        for position in 0..<count where bases[position] >= 0 {
            let base = Int(bases[position])
            childList[Int(fill[base])] = Int32(position)
            fill[base] += 1
        }
        childStarts = starts
        roots = deltaRoots(of: Self.blob)
    }

    /// The objects of `type` stored whole, each the root of the deltas over it, with roughly how
    /// much work rebuilding its tree of deltas is (its size times the objects in the tree).
    func deltaRoots(of type: UInt8) -> [(position: Int32, weight: Int)] {
        let count = offsets.count
        // Descendants per root, counted by walking each delta down to its root once.
        var descendants = [Int](repeating: 0, count: count)
        var rootOf = [Int32](repeating: -1, count: count)
        var path: [Int] = []
        for position in 0..<count where types[position] == type {
            var link = position
            path.removeAll(keepingCapacity: true)
            while rootOf[link] < 0, bases[link] >= 0 {
                path.append(link)
                link = Int(bases[link])
            }
            let root = bases[link] < 0 ? Int32(link) : rootOf[link]
            rootOf[link] = root
            for step in path { rootOf[step] = root }
            if position != Int(root) { descendants[Int(root)] += 1 }
        }
        return (0..<count).filter { kinds[$0] == type }.map { (Int32($0), sizes[$0] * (descendants[$0] + 1)) }
    }

    /// Rebuilds every blob of the tree of deltas rooted at `root`, depth first, calling `body`
    /// with each blob's id, size and bytes (nil above `maxSize`). Throws for a stream or a delta
    /// that does not decode.
    func rebuild(root: Int32, maxSize: Int, workspace: Workspace,
                 _ body: (BlobReference, UnsafeRawBufferPointer?) -> Void) throws(GitError) {
        try walk(root: root, leafLimit: maxSize, workspace: workspace) { object in
            report(object.position, size: object.size, bytes: object.size <= maxSize ? object.bytes : nil, body)
        }
    }

    /// An object as ``walk(root:leafLimit:workspace:_:)`` rebuilt it; the pointers are valid
    /// during the visit only.
    struct Rebuilt {
        var position: Int
        /// Its depth in the tree of deltas (0 for the root).
        var depth: Int
        var size: Int
        /// Nil for an object over the leaf limit that no delta is made over: not rebuilt.
        var bytes: UnsafeRawBufferPointer?
        /// For a delta, its instructions.
        var delta: UnsafeRawBufferPointer?
    }

    /// Rebuilds every object of the tree of deltas rooted at `root`, depth first, and visits
    /// each, parents before their deltas. Objects larger than `leafLimit` are rebuilt only when
    /// others need them. Throws for a stream or a delta that does not decode.
    func walk(root: Int32, leafLimit: Int, workspace: Workspace,
              _ visit: (Rebuilt) throws(GitError) -> Void) throws(GitError) {
        let top = Int(root)
        let size = sizes[top]
        if childStarts[top] == childStarts[top + 1], size > leafLimit {
            return try visit(Rebuilt(position: top, depth: 0, size: size))
        }
        let buffers = workspace.buffers(depth: 0)
        guard workspace.inflater.inflate(stream(top), into: buffers, count: size) else { throw corrupt(top) }
        try visit(Rebuilt(position: top, depth: 0, size: size, bytes: buffers.prefix(size)))
        // Depth-first, without recursion: each frame is an object whose deltas are being rebuilt.
        var frames: [(position: Int, next: Int32, size: Int)] = [(top, childStarts[top], size)]
        while let frame = frames.last {
            let depth = frames.count - 1
            guard frame.next < childStarts[frame.position + 1] else {
                frames.removeLast()
                continue
            }
            frames[depth].next += 1
            let child = Int(childList[Int(frame.next)])
            let delta = workspace.delta
            guard workspace.inflater.inflate(stream(child), into: delta, count: sizes[child]) else { throw corrupt(child) }
            let instructions = delta.prefix(sizes[child])
            let hasDeltas = childStarts[child] < childStarts[child + 1]
            if !hasDeltas, let resultSize = Delta.resultSize(instructions), resultSize > leafLimit {
                try visit(Rebuilt(position: child, depth: depth + 1, size: resultSize, delta: instructions))
                continue
            }
            let output = workspace.buffers(depth: depth + 1)
            guard let resultSize = Delta.apply(instructions, to: workspace.buffers(depth: depth).prefix(frame.size),
                                               into: output) else { throw corrupt(child) }
            try visit(Rebuilt(position: child, depth: depth + 1, size: resultSize, bytes: output.prefix(resultSize),
                              delta: instructions))
            if hasDeltas { frames.append((child, childStarts[child], resultSize)) }
        }
    }

    private func report(_ position: Int, size: Int, bytes: UnsafeRawBufferPointer?,
                        _ body: (BlobReference, UnsafeRawBufferPointer?) -> Void) {
        guard reported[position] else { return }
        body(BlobReference(id: index.hexID(at: Int(rows[position])), size: size, path: ""), bytes)
    }

    /// The zlib stream of the object at `position`, up to where the next object starts.
    private func stream(_ position: Int) -> UnsafeRawBufferPointer {
        let end = position + 1 < offsets.count ? offsets[position + 1] : file.count - PackIndex.idSize
        return UnsafeRawBufferPointer(rebasing: file.bytes[streamStarts[position]..<end])
    }

    func corrupt(_ position: Int) -> GitError {
        GitError("\(path): object \(index.hexID(at: Int(rows[position]))) at offset \(offsets[position]) does not decode; run `git fsck`")
    }
}

/// What one worker thread reuses from object to object: its zlib stream and its buffers.
final class Workspace {
    let inflater: Inflater
    /// A delta's instructions, inflated.
    let delta = ByteBuffer()
    /// The version of a file at each depth of the delta tree being walked.
    private var levels: [ByteBuffer] = []

    init() throws(GitError) { inflater = try Inflater() }

    func buffers(depth: Int) -> ByteBuffer {
        while levels.count <= depth { levels.append(ByteBuffer()) }
        return levels[depth]
    }
}
