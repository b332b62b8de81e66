/// Object ids mapped to numbers, for the millions of lookups of a walk over every tree: open
/// addressing, with an id's first eight bytes as its hash. A SHA-1 id is already spread evenly,
/// so hashing it again (as `Dictionary` does) would only cost time.
struct KeyTable: Sendable {
    private var keys: [BlobKey]
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        keys = [BlobKey](repeating: BlobKey(), count: size)
        values = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// The number stored for `key`, if any.
    subscript(key: BlobKey) -> Int32? {
        var slot = Int(truncatingIfNeeded: key.words.0) & mask
        while true {
            let value = values[slot]
            if value < 0 { return nil }
            if keys[slot] == key { return value }
            slot = (slot + 1) & mask
        }
    }

    /// Stores `value` (0 or more) for `key` unless it has a number already; returns the number it has.
    @discardableResult
    mutating func insert(_ key: BlobKey, _ value: Int32) -> Int32 {
        precondition(value >= 0, "a key table stores numbers of 0 or more")
        if (count + 1) * 2 > values.count { grow() }
        var slot = Int(truncatingIfNeeded: key.words.0) & mask
        while values[slot] >= 0 {
            if keys[slot] == key { return values[slot] }
            slot = (slot + 1) & mask
        }
        keys[slot] = key
        values[slot] = value
        count += 1
        return value
    }

    func forEachKey(_ body: (BlobKey) -> Void) {
        for slot in 0..<values.count where values[slot] >= 0 { body(keys[slot]) }
    }

    private mutating func grow() {
        var larger = KeyTable(capacity: values.count)
        for slot in 0..<values.count where values[slot] >= 0 { larger.insert(keys[slot], values[slot]) }
        self = larger
    }
}
