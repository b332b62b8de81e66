import CVectorscan
import Foundation

/// The prefilter: every rule's pattern compiled into one Vectorscan database, scanned in one pass.
///
/// Compile once (a fraction of a second for the catalog), then scan any number of buffers from
/// any number of threads, each with its own ``Scratch``. A scan reports candidate ``Hit``s only;
/// ``Detector`` confirms them.
///
/// Matches are reported by end offset only: asking Vectorscan for the start of match
/// (`HS_FLAG_SOM_LEFTMOST`) made the catalog's database eight times larger and its scan seven
/// times slower (160 against 1,100 MB/s on /usr/include), while confirmation re-matches the window
/// with the exact expression anyway and so finds the start itself.
public final class Matcher: Sendable {
    /// One expression to compile, identified by its index in the list given to the matcher.
    public struct Pattern: Sendable, Hashable {
        public var expression: String
        public var caseless: Bool

        public init(expression: String, caseless: Bool = false) {
            self.expression = expression
            self.caseless = caseless
        }
    }

    /// A candidate: pattern `pattern` matched text ending at each offset in `ends` (the first and
    /// last of nearby matches of one pattern, merged into one hit).
    public struct Hit: Sendable, Hashable {
        public var pattern: Int
        public var ends: ClosedRange<Int>

        public init(pattern: Int, ends: ClosedRange<Int>) {
            self.pattern = pattern
            self.ends = ends
        }
    }

    /// Why a database could not be built.
    public struct CompileError: Error, CustomStringConvertible, Sendable {
        /// The index of the offending pattern, when Vectorscan names one.
        public var pattern: Int?
        public var message: String
        public var description: String { "pattern \(pattern.map(String.init) ?? "?"): \(message)" }
    }

    /// Scanning could not start or was cut short by Vectorscan itself.
    public struct ScanError: Error, Sendable, CustomStringConvertible {
        public var code: Int32
        public var description: String { "Vectorscan error \(code)" }
    }

    /// A compiled Vectorscan database.
    ///
    /// `@unchecked Sendable` because a database is immutable after compilation and Vectorscan
    /// documents it as safe to share between threads; only scratch space is per thread.
    final class Database: @unchecked Sendable {
        let pointer: OpaquePointer

        init(pointer: OpaquePointer) { self.pointer = pointer }

        deinit { hs_free_database(pointer) }
    }

    /// Per-thread working memory for scans; use one per thread at a time, never concurrently.
    public final class Scratch {
        let pointer: OpaquePointer

        init(pointer: OpaquePointer) { self.pointer = pointer }

        deinit { hs_free_scratch(pointer) }
    }

    /// At most this many hits are kept per scan; past it, hits are dropped (a file with more
    /// candidates than this is generated data, and keeping them would cost memory, not recall).
    public static let maxHits = 200_000

    /// Vectorscan scans at most 4 GiB at once; larger buffers are scanned in chunks that overlap
    /// by this much, so a match across a chunk border is still found.
    static let chunkOverlap = 64 * 1024

    let database: Database
    /// The scratch allocated with the database; only ever cloned, never scanned with.
    private let prototype: ScratchPrototype
    /// How many patterns the database holds.
    public let patternCount: Int

    /// Compiles `patterns` into one database (block mode, end offsets only).
    public init(patterns: [Pattern]) throws(CompileError) {
        guard !patterns.isEmpty else { throw CompileError(pattern: nil, message: "no patterns") }
        var database: OpaquePointer?
        var error: UnsafeMutablePointer<hs_compile_error_t>?
        let flags: [UInt32] = patterns.map { pattern in
            pattern.caseless ? UInt32(HS_FLAG_CASELESS) : 0
        }
        let ids: [UInt32] = patterns.indices.map(UInt32.init)
        let cacheKey = DatabaseCache.key(patterns)
        var status = HS_SUCCESS
        if let cached = DatabaseCache.load(cacheKey) {
            database = cached
        } else {
            let cStrings = patterns.map { strdup($0.expression) }
            defer { cStrings.forEach { free($0) } }
            status = cStrings.map { UnsafePointer($0) }.withUnsafeBufferPointer { expressions in
                hs_compile_multi(expressions.baseAddress, flags, ids, UInt32(patterns.count),
                                 UInt32(HS_MODE_BLOCK), nil, &database, &error)
            }
            if status == HS_SUCCESS, let database { DatabaseCache.store(database, key: cacheKey) }
        }
        guard status == HS_SUCCESS, let database else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "error \(status)"
            let index = error.map { Int($0.pointee.expression) }.flatMap { $0 >= 0 ? $0 : nil }
            if let error { hs_free_compile_error(error) }
            throw CompileError(pattern: index, message: message)
        }
        self.database = Database(pointer: database)
        var scratch: OpaquePointer?
        guard hs_alloc_scratch(database, &scratch) == HS_SUCCESS, let scratch else {
            throw CompileError(pattern: nil, message: "cannot allocate scratch space")
        }
        self.prototype = ScratchPrototype(scratch: Scratch(pointer: scratch))
        self.patternCount = patterns.count
    }

    /// Checks that one expression compiles on its own; returns Vectorscan's message if not.
    public static func validate(_ pattern: Pattern) -> String? {
        do {
            _ = try Matcher(patterns: [pattern])
            return nil
        } catch {
            return error.message
        }
    }

    /// Fresh scratch space for one thread.
    public func makeScratch() throws(ScanError) -> Scratch {
        try prototype.clone()
    }

    /// Scans `bytes` and returns the candidate hits, ordered by pattern, then by start.
    public func scan(_ bytes: UnsafeRawBufferPointer, scratch: Scratch) throws(ScanError) -> [Hit] {
        try scan(bytes, scratch: scratch, chunkSize: 1 << 30)
    }

    /// Scans in chunks of at most `chunkSize` bytes (overlapping by ``chunkOverlap``).
    func scan(_ bytes: UnsafeRawBufferPointer, scratch: Scratch, chunkSize: Int) throws(ScanError) -> [Hit] {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return [] }
        let collector = HitCollector(patternCount: patternCount)
        let context = Unmanaged.passUnretained(collector).toOpaque()
        let step = max(chunkSize - Matcher.chunkOverlap, 1)
        var start = 0
        while start < bytes.count {
            let length = min(chunkSize, bytes.count - start)
            collector.offset = start
            let status = withExtendedLifetime(collector) {
                hs_scan(database.pointer, base.advanced(by: start).assumingMemoryBound(to: CChar.self),
                        UInt32(length), 0, scratch.pointer, matcherOnEvent, context)
            }
            guard status == HS_SUCCESS || status == HS_SCAN_TERMINATED else { throw ScanError(code: status) }
            if start + length >= bytes.count { break }
            start += step
        }
        return collector.result()
    }
}

/// The C callback Vectorscan calls for each match; `context` is the scan's ``HitCollector``.
private let matcherOnEvent: match_event_handler = { id, from, to, _, context in
    guard let context else { return 1 }
    let collector = Unmanaged<HitCollector>.fromOpaque(context).takeUnretainedValue()
    return collector.add(pattern: Int(id), end: Int(to)) ? 0 : 1
}

/// Holds the scratch allocated with a database, from which per-thread scratches are cloned.
///
/// `@unchecked Sendable` because the prototype is never scanned with: `hs_clone_scratch` only
/// reads it, and Vectorscan allows cloning one scratch from several threads at once.
private final class ScratchPrototype: @unchecked Sendable {
    let scratch: Matcher.Scratch

    init(scratch: Matcher.Scratch) { self.scratch = scratch }

    func clone() throws(Matcher.ScanError) -> Matcher.Scratch {
        var copy: OpaquePointer?
        let status = hs_clone_scratch(scratch.pointer, &copy)
        guard status == HS_SUCCESS, let copy else { throw Matcher.ScanError(code: status) }
        return Matcher.Scratch(pointer: copy)
    }
}

/// Accumulates hits during one scan, merging each pattern's nearby matches.
///
/// Vectorscan reports matches in order of their end offset, so a pattern's newest hit is the only
/// one a new match can extend. A match ending within ``gap`` bytes of the newest hit's last end
/// extends it (a variable-length pattern reports every end along a token), up to ``maxMerge``
/// bytes, so that one window never grows past what confirmation handles quickly.
final class HitCollector {
    static let gap = 256
    static let maxMerge = 4096

    var hits: [Matcher.Hit] = []
    /// Per pattern, the index in `hits` of its newest hit, or -1.
    var newest: [Int]
    /// Added to every offset (the start of the current chunk).
    var offset = 0

    init(patternCount: Int) {
        newest = Array(repeating: -1, count: patternCount)
    }

    /// Records a match; returns false to stop the scan once ``Matcher/maxHits`` is reached.
    func add(pattern: Int, end: Int) -> Bool {
        let at = end + offset
        let last = newest[pattern]
        if last >= 0 {
            let ends = hits[last].ends
            if at <= ends.upperBound { return true }
            if at - ends.upperBound <= HitCollector.gap && at - ends.lowerBound <= HitCollector.maxMerge {
                hits[last].ends = ends.lowerBound...at
                return true
            }
        }
        guard hits.count < Matcher.maxHits else { return false }
        newest[pattern] = hits.count
        hits.append(Matcher.Hit(pattern: pattern, ends: at...at))
        return true
    }

    /// The hits ordered by pattern, then by offset.
    func result() -> [Matcher.Hit] {
        hits.sorted { ($0.pattern, $0.ends.lowerBound) < ($1.pattern, $1.ends.lowerBound) }
    }
}
