import AnshinCore
import CZlib
import Foundation

/// A sequential reader of bytes: a file range, standard input, memory, or a gzip stream over one.
protocol ByteSource {
    /// Reads up to `buffer.count` bytes; 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(LogConfigurationError) -> Int
}

/// A file read with `pread` from an offset (so several workers share one descriptor), or standard input.
struct FileSource: ByteSource {
    let descriptor: Int32
    var position: Int64
    let name: String
    /// False for pipes: read sequentially.
    let seekable: Bool

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(LogConfigurationError) -> Int {
        while true {
            let count = seekable ? pread(descriptor, buffer.baseAddress, buffer.count, off_t(position))
                                 : Foundation.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 {
                position += Int64(count)
                return count
            }
            if errno == EINTR { continue }
            throw LogConfigurationError("\(name): cannot read: \(SystemErrorText.describe(errno: errno))")
        }
    }
}

/// Bytes in memory (tests, and the peeked start of standard input).
struct MemorySource: ByteSource {
    let bytes: [UInt8]
    var position: Int

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(LogConfigurationError) -> Int {
        let count = min(buffer.count, bytes.count - position)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + position, byteCount: count)
        }
        position += count
        return count
    }
}

/// Memory first, then another source: standard input after peeking at its first bytes.
struct ChainedSource<Rest: ByteSource>: ByteSource {
    var first: MemorySource
    var rest: Rest

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(LogConfigurationError) -> Int {
        let count = try first.read(into: buffer)
        if count > 0 { return count }
        return try rest.read(into: buffer)
    }
}

/// Inflates gzip (several members one after another too, as `cat a.gz b.gz` makes) from a source.
/// A stream that ends before its last member does is an error naming the input, never a silent stop.
final class GzipSource<Inner: ByteSource>: ByteSource {
    private var inner: Inner
    private var stream = z_stream()
    private var input: UnsafeMutableRawBufferPointer
    private var finished = false
    private var inStream = false
    private var sawMember = false
    let name: String

    init(_ inner: Inner, name: String) throws(LogConfigurationError) {
        self.inner = inner
        self.name = name
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 16)
        // 15 + 16: gzip wrapper only.
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            input.deallocate()
            throw LogConfigurationError("\(name): cannot start gzip decompression")
        }
        inStream = true
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LogConfigurationError) -> Int {
        guard !finished else { return 0 }
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(buffer.count)
        while stream.avail_out > 0 {
            if stream.avail_in == 0 {
                let count = try inner.read(into: input)
                if count == 0 {
                    if inStream && (sawMember || stream.total_in > 0) {
                        throw LogConfigurationError("\(name): truncated gzip stream (it ends before its last member does)")
                    }
                    finished = true
                    break
                }
                stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(count)
            }
            if !inStream {
                // Another member follows the previous one.
                inflateReset(&stream)
                inStream = true
            }
            let status = inflate(&stream, Z_NO_FLUSH)
            switch status {
            case Z_OK, Z_BUF_ERROR:
                sawMember = true
                continue
            case Z_STREAM_END:
                inStream = false
                sawMember = false
                stream.total_in = 0
                // Padding of zeros after the last member is tolerated.
                if stream.avail_in > 0, UnsafeBufferPointer(start: stream.next_in, count: Int(stream.avail_in)).allSatisfy({ $0 == 0 }) {
                    stream.avail_in = 0
                }
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw LogConfigurationError("\(name): corrupt gzip data: \(message)")
            }
        }
        return buffer.count - Int(stream.avail_out)
    }
}
