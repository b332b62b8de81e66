/// SHA-1 object ids mapped to numbers, for the millions of lookups of a walk over every tree:
/// open addressing, with an id's first eight bytes as its hash. A SHA-1 id is already spread
/// evenly, so hashing it again (as `Dictionary` does) would only cost time; and each slot holds
/// the whole id with its number, so that a lookup touches one cache line.
struct KeyTable: Sendable {
    private struct Slot {
        var first: UInt64 = 0
        var second: UInt64 = 0
        var last: UInt32 = 0
        /// -1 for an empty slot.
        var value: Int32 = -1
    }

    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = [Slot](repeating: Slot(), count: size)
        mask = size - 1
    }

    /// The number stored for `key`, if any.
    subscript(key: BlobKey) -> Int32? {
        let last = UInt32(truncatingIfNeeded: key.words.2)
        var index = Int(truncatingIfNeeded: key.words.0) & mask
        while true {
            let slot = slots[index]
            if slot.value < 0 { return nil }
            if slot.first == key.words.0, slot.second == key.words.1, slot.last == last { return slot.value }
            index = (index + 1) & mask
        }
    }

    /// Stores `value` (0 or more) for `key` unless it has a number already; returns the number it has.
    @discardableResult
    mutating func insert(_ key: BlobKey, _ value: Int32) -> Int32 {
        precondition(value >= 0, "a key table stores numbers of 0 or more")
        if (count + 1) * 2 > slots.count { grow() }
        let last = UInt32(truncatingIfNeeded: key.words.2)
        var index = Int(truncatingIfNeeded: key.words.0) & mask
        while slots[index].value >= 0 {
            let slot = slots[index]
            if slot.first == key.words.0, slot.second == key.words.1, slot.last == last { return slot.value }
            index = (index + 1) & mask
        }
        slots[index] = Slot(first: key.words.0, second: key.words.1, last: last, value: value)
        count += 1
        return value
    }

    /// Calls `body` with every id and its number, in no particular order.
    func forEach(_ body: (BlobKey, Int32) -> Void) {
        for slot in slots where slot.value >= 0 {
            var key = BlobKey()
            key.words = (slot.first, slot.second, UInt64(slot.last), 0)
            body(key, slot.value)
        }
    }

    private mutating func grow() {
        var larger = KeyTable(capacity: slots.count)
        forEach { key, value in larger.insert(key, value) }
        self = larger
    }
}
