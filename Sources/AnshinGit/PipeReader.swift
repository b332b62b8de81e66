import AnshinCore
import Foundation
#if canImport(Glibc)
import Glibc
/// `read(2)`, named apart from ``PipeReader/read(count:)``.
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

/// Reads lines and exact byte counts from a pipe with `read(2)` into one reusable buffer.
///
/// Why not `FileHandle.readData`: a history scan pulls gigabytes of blob contents through a pipe,
/// and a `Data` per read plus shifting an array's tail cost several copies of every byte. Here a
/// line is copied once, and the part of a blob that is not yet buffered is read straight into
/// the blob's own array.
final class PipeReader {
    private let descriptor: Int32
    private let buffer: UnsafeMutableRawBufferPointer
    /// The unread bytes are `buffer[start..<end]`.
    private var start = 0
    private var end = 0
    private var finished = false
    /// See ``init(_:capacity:gathering:)``.
    private let gathering: Bool

    /// Reads from `handle`, which must stay open while the reader is used.
    ///
    /// `gathering` is for a writer that writes often and little, such as `git log`, which
    /// flushes after every commit: after a read that found little, the reader waits a few
    /// milliseconds, so that the writes gather in the pipe instead of waking the reader (and
    /// switching the core between the two) thousands of times a second.
    init(_ handle: FileHandle, capacity: Int = 1 << 20, gathering: Bool = false) {
        descriptor = handle.fileDescriptor
        self.gathering = gathering
        buffer = .allocate(byteCount: capacity, alignment: 16)
        PipeReader.enlarge(descriptor, to: capacity)
    }

    deinit { buffer.deallocate() }

    /// Asks the kernel for a pipe buffer of `size` bytes (64 KiB by default on Linux), so that a
    /// writer producing fast is switched away from less often. Best effort: a refusal (a file
    /// rather than a pipe, a system limit) leaves the pipe as it was.
    static func enlarge(_ descriptor: Int32, to size: Int) {
        #if os(Linux)
        let setPipeSize: Int32 = 1031  // F_SETPIPE_SZ, not exported to Swift
        _ = fcntl(descriptor, setPipeSize, Int32(size))
        #endif
    }

    /// Moves the unread bytes to the front and reads more after them; false at the end of the stream.
    private func fill() throws(GitError) -> Bool {
        guard !finished, let base = buffer.baseAddress else { return false }
        if start > 0 {
            if end > start { memmove(base, base + start, end - start) }
            end -= start
            start = 0
        }
        guard end < buffer.count else { throw GitError("git printed a line longer than \(buffer.count) bytes") }
        while true {
            let count = systemRead(descriptor, base + end, buffer.count - end)
            if count < 0 {
                if errno == EINTR { continue }
                throw GitError("cannot read from git: \(SystemErrorText.describe(errno: errno))")
            }
            if count == 0 {
                finished = true
                return false
            }
            end += count
            if gathering, count < Self.littleRead { usleep(Self.gatheringPause) }
            return true
        }
    }

    static let littleRead = 64 << 10
    static let gatheringPause: useconds_t = 5_000

    /// The next line without its newline, or nil at the end of the stream (a last line without a
    /// newline is returned as a line).
    func readLine() throws(GitError) -> [UInt8]? {
        var searched = start
        while true {
            if end > searched, let base = buffer.baseAddress,
               let newline = memchr(base + searched, Int32(UInt8(ascii: "\n")), end - searched) {
                let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(newline))
                let line = Array(UnsafeRawBufferPointer(rebasing: buffer[start..<at]))
                start = at + 1
                return line
            }
            let pending = end - start
            guard try fill() else {
                guard end > start else { return nil }
                let line = Array(UnsafeRawBufferPointer(rebasing: buffer[start..<end]))
                start = end
                return line
            }
            searched = start + pending
        }
    }

    /// Exactly `count` bytes, or nil if the stream ends first.
    func read(count: Int) throws(GitError) -> [UInt8]? {
        var complete = true
        var failure: GitError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { destination, initialized in
            let buffered = min(count, end - start)
            if buffered > 0, let target = destination.baseAddress, let source = buffer.baseAddress {
                memcpy(target, source + start, buffered)
                start += buffered
            }
            initialized = buffered
            while initialized < count, let target = destination.baseAddress {
                let got = systemRead(descriptor, target + initialized, count - initialized)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = GitError("cannot read from git: \(SystemErrorText.describe(errno: errno))")
                    break
                }
                if got == 0 {
                    finished = true
                    break
                }
                initialized += got
            }
            complete = initialized == count
        }
        if let failure { throw failure }
        return complete ? bytes : nil
    }

    /// Consumes `count` bytes without keeping them; false if the stream ends first.
    func skip(count: Int) throws(GitError) -> Bool {
        var remaining = count
        while true {
            let buffered = min(remaining, end - start)
            start += buffered
            remaining -= buffered
            if remaining == 0 { return true }
            guard try fill() else { return false }
        }
    }
}
