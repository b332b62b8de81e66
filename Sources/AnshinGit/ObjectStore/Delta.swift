/// git's delta encoding: an object stored as instructions that rebuild it from another object
/// (its base). The instructions start with the base's size and the result's size (7-bit
/// little-endian groups), then either copy a range of the base (high bit set: which offset and
/// size bytes follow is in the low seven bits; a size of 0 means 65,536) or insert the next
/// 1–127 bytes of the delta itself.
enum Delta {
    /// The size of the object `delta` builds, from its header; nil for a malformed header.
    static func resultSize(_ delta: UnsafeRawBufferPointer) -> Int? {
        var position = 0
        guard readSize(delta, &position) != nil else { return nil }
        return readSize(delta, &position)
    }

    /// Rebuilds into `output` the object `delta` describes over `base`, and returns its size;
    /// nil when the delta does not fit the base or is malformed (a copy outside the base, a
    /// result longer or shorter than announced, the reserved instruction 0).
    static func apply(_ delta: UnsafeRawBufferPointer, to base: UnsafeRawBufferPointer, into output: ByteBuffer) -> Int? {
        // A copy needs a base of at least one byte and an insert a delta of more than its header,
        // so neither address is nil where it is used.
        var target: UnsafeMutableRawPointer?
        return decode(delta, baseSize: base.count, start: { size in
            output.reserve(size + 1)
            target = output.pointer
        }, copy: { written, offset, length in
            (target! + written).copyMemory(from: base.baseAddress! + offset, byteCount: length)
        }, insert: { written, position, length in
            (target! + written).copyMemory(from: delta.baseAddress! + position, byteCount: length)
        })
    }

    /// One copy instruction: `length` bytes of the base from `baseOffset` land at `offset` of the result.
    struct Copy {
        var offset: Int
        var baseOffset: Int
        var length: Int
    }

    /// The copy instructions of `delta` over a base of `baseSize` bytes, in order; nil for a
    /// malformed delta (as ``apply(_:to:into:)`` judges it).
    static func copies(_ delta: UnsafeRawBufferPointer, baseSize: Int, into copies: inout [Copy]) -> Bool {
        copies.removeAll(keepingCapacity: true)
        return decode(delta, baseSize: baseSize, start: { _ in }, copy: { written, offset, length in
            copies.append(Copy(offset: written, baseOffset: offset, length: length))
        }, insert: { _, _, _ in }) != nil
    }

    /// Walks the instructions of `delta`, checking each, and returns the result's size: `start`
    /// gets that size first, then `copy` (result offset, base offset, length) and `insert`
    /// (result offset, offset in the delta, length) each instruction in turn.
    @inline(__always)
    private static func decode(_ delta: UnsafeRawBufferPointer, baseSize expected: Int, start: (Int) -> Void,
                               copy: (Int, Int, Int) -> Void, insert: (Int, Int, Int) -> Void) -> Int? {
        var position = 0
        guard let baseSize = readSize(delta, &position), baseSize == expected,
              let size = readSize(delta, &position), size >= 0 else { return nil }
        start(size)
        var written = 0
        while position < delta.count {
            let instruction = delta[position]
            position += 1
            if instruction & 0x80 != 0 {
                var offset = 0, length = 0
                for bit in 0..<4 where instruction & (1 << bit) != 0 {
                    guard position < delta.count else { return nil }
                    offset |= Int(delta[position]) << (8 * bit)
                    position += 1
                }
                for bit in 0..<3 where instruction & (0x10 << bit) != 0 {
                    guard position < delta.count else { return nil }
                    length |= Int(delta[position]) << (8 * bit)
                    position += 1
                }
                if length == 0 { length = 0x10000 }
                guard offset + length <= baseSize, written + length <= size else { return nil }
                copy(written, offset, length)
                written += length
            } else if instruction != 0 {
                let length = Int(instruction)
                guard position + length <= delta.count, written + length <= size else { return nil }
                insert(written, position, length)
                position += length
                written += length
            } else {
                return nil
            }
        }
        return written == size ? size : nil
    }

    /// A size of the header: 7 bits per byte, least significant first, high bit for "more".
    private static func readSize(_ bytes: UnsafeRawBufferPointer, _ position: inout Int) -> Int? {
        var value = 0, shift = 0
        while position < bytes.count, shift < 63 {
            let byte = bytes[position]
            position += 1
            value |= Int(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}
