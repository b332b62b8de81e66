import CLibdeflate
import CZlib

/// Inflates the zlib streams git stores every object as, in packs and as loose files: a whole
/// object at once with libdeflate (the pack says how large it comes out), a first part with
/// zlib. Not thread-safe; each worker has its own.
final class Inflater {
    private var stream = z_stream()
    private let decompressor: OpaquePointer

    init() throws(GitError) {
        let status = inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw GitError("zlib could not start (\(status))") }
        guard let decompressor = libdeflate_alloc_decompressor() else {
            inflateEnd(&stream)
            throw GitError("libdeflate could not start: out of memory")
        }
        self.decompressor = decompressor
    }

    deinit {
        inflateEnd(&stream)
        libdeflate_free_decompressor(decompressor)
    }

    /// Inflates the stream at the start of `input` (more bytes may follow it) into `output`,
    /// which must come out exactly `count` bytes long; false for a stream that is corrupt (its
    /// checksum included), shorter or longer.
    func inflate(_ input: UnsafeRawBufferPointer, into output: ByteBuffer, count: Int) -> Bool {
        guard let start = input.baseAddress else { return false }
        output.reserve(count + 1)
        var consumed = 0
        // No count of bytes out: the stream must fill exactly `count`.
        return libdeflate_zlib_decompress_ex(decompressor, start, input.count, output.pointer, count, &consumed, nil) == LIBDEFLATE_SUCCESS
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
