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
        var position = 0
        guard let baseSize = readSize(delta, &position), baseSize == base.count,
              let size = readSize(delta, &position), size >= 0 else { return nil }
        output.reserve(size + 1)
        let target = output.pointer
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
                guard offset + length <= base.count, written + length <= size, let from = base.baseAddress else { return nil }
                (target + written).copyMemory(from: from + offset, byteCount: length)
                written += length
            } else if instruction != 0 {
                let length = Int(instruction)
                guard position + length <= delta.count, written + length <= size, let from = delta.baseAddress else { return nil }
                (target + written).copyMemory(from: from + position, byteCount: length)
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
