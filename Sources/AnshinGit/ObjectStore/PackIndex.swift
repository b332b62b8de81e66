import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pack's index file (`.idx`, version 2): the ids of the pack's objects in sorted order,
/// and where each starts in the pack.
///
/// Layout: the magic `\377tOc` and version 2; a fan-out table of 256 big-endian counts (how
/// many ids start with a byte up to each value; the last is the object count); the 20-byte
/// ids; a CRC-32 per object; a 4-byte offset per object, whose high bit, when set, makes the
/// rest an index into a table of 8-byte offsets that follows; two 20-byte checksums.
struct PackIndex {
    static let idSize = 20

    let file: MappedFile
    let count: Int
    private let idsStart: Int
    private let offsetsStart: Int
    private let largeOffsetsStart: Int
    private let largeOffsetCount: Int

    /// Reads the index at `path`; nil for a file that is not an index of version 2 over SHA-1
    /// ids, whose tables do not fit it, or whose checksum (the SHA-1 of all that precedes it)
    /// does not match: a damaged id would otherwise name an object wrongly. A version-1 index, a
    /// SHA-256 repository or a damaged index is read through git instead.
    init?(path: String) {
        guard let file = MappedFile(path: path), file.count >= 8 + 256 * 4 + 2 * Self.idSize,
              file.uint32(at: 0) == 0xff74_4f63, file.uint32(at: 4) == 2 else { return nil }
        let checked = file.count - Self.idSize
        guard Insecure.SHA1.hash(data: UnsafeRawBufferPointer(rebasing: file.bytes[..<checked])).elementsEqual(file.bytes[checked...]) else {
            return nil
        }
        var previous: UInt32 = 0
        for slot in 0..<256 {
            let value = file.uint32(at: 8 + slot * 4)
            guard value >= previous else { return nil }
            previous = value
        }
        let count = Int(previous)
        idsStart = 8 + 256 * 4
        offsetsStart = idsStart + count * (Self.idSize + 4)
        largeOffsetsStart = offsetsStart + count * 4
        let rest = file.count - 2 * Self.idSize - largeOffsetsStart
        guard rest >= 0, rest % 8 == 0 else { return nil }
        largeOffsetCount = rest / 8
        self.file = file
        self.count = count
    }

    /// The id of the `index`th object (sorted by id).
    func id(at index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file.bytes[(idsStart + index * Self.idSize)..<(idsStart + (index + 1) * Self.idSize)])
    }

    /// The id of the `index`th object, in hex.
    func hexID(at index: Int) -> String {
        let id = id(at: index)
        return String(unsafeUninitializedCapacity: Self.idSize * 2) { characters in
            let digits: StaticString = "0123456789abcdef"
            let table = digits.utf8Start
            for (position, byte) in id.enumerated() {
                characters[position * 2] = table[Int(byte >> 4)]
                characters[position * 2 + 1] = table[Int(byte & 0x0f)]
            }
            return Self.idSize * 2
        }
    }

    /// Where the `index`th object starts in the pack; nil for a reference past the table of
    /// large offsets.
    func offset(at index: Int) -> Int? {
        let small = file.uint32(at: offsetsStart + index * 4)
        guard small & 0x8000_0000 != 0 else { return Int(small) }
        let large = Int(small & 0x7fff_ffff)
        guard large < largeOffsetCount else { return nil }
        let value = file.uint64(at: largeOffsetsStart + large * 8)
        return value < UInt64(Int.max) ? Int(value) : nil
    }

    /// The position of `id` (20 raw bytes) in the sorted table, or nil.
    func find(_ id: UnsafeRawBufferPointer) -> Int? {
        guard id.count == Self.idSize else { return nil }
        let first = Int(id[0])
        var low = first == 0 ? 0 : Int(file.uint32(at: 8 + (first - 1) * 4))
        var high = Int(file.uint32(at: 8 + first * 4))
        while low < high {
            let middle = (low + high) / 2
            let order = compare(self.id(at: middle), id)
            if order == 0 { return middle }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    private func compare(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Int32 {
        memcmp(left.baseAddress!, right.baseAddress!, Self.idSize)
    }
}
