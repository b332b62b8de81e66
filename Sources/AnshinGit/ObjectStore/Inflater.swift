import CZlib

/// One zlib stream, reset for each object: git deflates every object it stores, in packs and
/// as loose files. Not thread-safe; each worker has its own.
final class Inflater {
    private var stream = z_stream()

    init() throws(GitError) {
        let status = inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw GitError("zlib could not start (\(status))") }
    }

    deinit { inflateEnd(&stream) }

    /// Inflates the stream at the start of `input` into `output`, which must come out exactly
    /// `count` bytes long; false for a stream that is corrupt, shorter or longer.
    func inflate(_ input: UnsafeRawBufferPointer, into output: ByteBuffer, count: Int) -> Bool {
        guard count < Int(UInt32.max), let start = input.baseAddress else { return false }
        // One spare byte, so that a stream longer than announced shows as such.
        output.reserve(count + 1)
        inflateReset(&stream)
        stream.next_in = UnsafeMutablePointer(mutating: start.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = UInt32(min(input.count, Int(UInt32.max)))
        stream.next_out = output.pointer.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = UInt32(count + 1)
        let status = CZlib.inflate(&stream, Z_FINISH)
        return status == Z_STREAM_END && Int(stream.total_out) == count
    }

    /// Inflates at most `limit` bytes of the stream at the start of `input` into `output` and
    /// returns how many came out (nil for a corrupt stream): enough to read a loose object's
    /// header without inflating its contents.
    func inflatePrefix(_ input: UnsafeRawBufferPointer, into output: ByteBuffer, limit: Int) -> Int? {
        guard let start = input.baseAddress else { return nil }
        output.reserve(limit)
        inflateReset(&stream)
        stream.next_in = UnsafeMutablePointer(mutating: start.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = UInt32(min(input.count, Int(UInt32.max)))
        stream.next_out = output.pointer.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = UInt32(limit)
        let status = CZlib.inflate(&stream, Z_SYNC_FLUSH)
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else { return nil }
        return Int(stream.total_out)
    }
}
