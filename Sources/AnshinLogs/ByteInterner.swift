/// Gives each distinct byte string a small integer id, without allocating for strings it has seen:
/// keys live in one arena, found through an open-addressing table of hashes.
struct ByteInterner {
    private var arena: [UInt8] = []
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var hashes: [UInt64] = []
    /// Slots hold id + 1; 0 is empty.
    private var table: [Int32]
    private var mask: Int

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        table = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { starts.count }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        // FNV-1a over 8-byte words, then a final mix: fast for short keys.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        var index = 0
        let count = bytes.count
        if let base = bytes.baseAddress {
            while index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                hash = (hash ^ word) &* 0x0000_0100_0000_01B3
                index += 8
            }
            while index < count {
                hash = (hash ^ UInt64(base[index])) &* 0x0000_0100_0000_01B3
                index += 1
            }
        }
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        return hash ^ UInt64(count)
    }

    /// The id of `bytes` if it was interned.
    @inline(__always)
    func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = table[slot]
            if entry == 0 { return nil }
            let id = Int(entry) - 1
            if hashes[id] == hash && lengths[id] == bytes.count && equal(id, bytes) { return id }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func equal(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count > 0 else { return true }
        return arena.withUnsafeBufferPointer { memcmp($0.baseAddress! + starts[id], bytes.baseAddress!, bytes.count) == 0 }
    }

    /// The id of `bytes`, interning it when new and `count < limit`; nil when new and full.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int = .max) -> Int? {
        let hash = ByteInterner.hash(bytes)
        if let id = find(bytes, hash: hash) { return id }
        guard count < limit else { return nil }
        return insert(bytes, hash: hash)
    }

    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        let id = starts.count
        starts.append(arena.count)
        lengths.append(bytes.count)
        hashes.append(hash)
        arena.append(contentsOf: bytes)
        if (id + 1) * 2 > table.count { rehash() } else { place(id) }
        return id
    }

    private mutating func place(_ id: Int) {
        var slot = Int(truncatingIfNeeded: hashes[id]) & mask
        while table[slot] != 0 { slot = (slot + 1) & mask }
        table[slot] = Int32(id + 1)
    }

    private mutating func rehash() {
        let size = table.count * 2
        table = [Int32](repeating: 0, count: size)
        mask = size - 1
        for id in 0..<starts.count { place(id) }
    }

    /// The id of `bytes` (an array, so the caller's other properties stay free to mutate).
    @inline(__always)
    mutating func intern(_ bytes: [UInt8], limit: Int = .max) -> Int? {
        bytes.withUnsafeBufferPointer { intern($0, limit: limit) }
    }

    mutating func intern(_ string: String, limit: Int = .max) -> Int? {
        var copy = string
        return copy.withUTF8 { intern($0, limit: limit) }
    }

    /// The key of `id` as text (invalid UTF-8 replaced).
    func string(_ id: Int) -> String {
        String(decoding: arena[starts[id]..<(starts[id] + lengths[id])], as: UTF8.self)
    }

    /// The key of `id` as bytes.
    func bytes(_ id: Int) -> ArraySlice<UInt8> { arena[starts[id]..<(starts[id] + lengths[id])] }

    /// Every key, in id order.
    var strings: [String] { (0..<count).map(string) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
