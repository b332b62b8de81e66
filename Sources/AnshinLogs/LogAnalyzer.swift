import AnshinCore
import Foundation
import Synchronization

/// Runs a format and an aggregator over inputs on every core.
///
/// Plain inputs are cut into chunks of ``LogAnalysisOptions/chunkSize`` bytes; a chunk owns every
/// line that starts inside it, so a line across a cut is read once, by the chunk where it starts.
/// A gzip file or standard input is one sequential unit. Workers take units from a shared counter,
/// parse into their own ``Aggregator`` and the aggregates are merged at the end: no locks on the
/// hot path, memory per worker bounded by routes × buckets and one read buffer.
public enum LogAnalyzer {
    static let blockSize = 1 << 20

    struct Unit: Sendable {
        var input: LogInput
        var start: Int64
        var end: Int64
        var gzip: Bool
    }

    /// Analyses `inputs` read with `format`.
    public static func analyze(_ inputs: [LogInput], format: any LogFormat,
                               options: LogAnalysisOptions) throws(LogConfigurationError) -> LogAggregate {
        // Concrete types get a specialised worker loop; others run through the protocol.
        switch format {
        case let format as ALBFormat: return try analyze(inputs, opening: format, options: options)
        case let format as AccessLogFormat: return try analyze(inputs, opening: format, options: options)
        case let format as CloudFrontFormat: return try analyze(inputs, opening: format, options: options)
        case let format as ClassicELBFormat: return try analyze(inputs, opening: format, options: options)
        case let format as JSONLinesFormat: return try analyze(inputs, opening: format, options: options)
        case let format as TextLogFormat: return try analyze(inputs, opening: format, options: options)
        default: return try analyze(inputs, opening: format, options: options)
        }
    }

    static func analyze<F: LogFormat>(_ inputs: [LogInput], opening format: F,
                                      options: LogAnalysisOptions) throws(LogConfigurationError) -> LogAggregate {
        let units = try plan(inputs, chunkSize: Int64(max(4096, options.chunkSize)))
        let workerCount = max(1, min(options.workers, units.count))
        let next = Atomic<Int>(0)
        let results = Mutex<[Result<LogAggregate, LogConfigurationError>]>([])
        DispatchQueue.concurrentPerform(iterations: workerCount) { _ in
            var worker = Worker(format: format, aggregator: Aggregator(options: options))
            var failure: LogConfigurationError?
            while failure == nil {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < units.count else { break }
                do throws(LogConfigurationError) {
                    try worker.run(units[index])
                } catch {
                    failure = error
                }
            }
            worker.buffer.deallocate()
            let outcome: Result<LogAggregate, LogConfigurationError> = failure.map { .failure($0) } ?? .success(worker.aggregator.finish())
            results.withLock { $0.append(outcome) }
        }
        var total = LogAggregate(bucketSeconds: options.bucketSeconds, customerBucketSeconds: options.customerBucketSeconds)
        let outcomes = results.withLock { $0 }
        for outcome in outcomes {
            if case .failure(let error) = outcome { throw error }
        }
        // Deterministic examples: order by input and offset whatever worker found them.
        var samples: [InvalidLine] = []
        for case .success(let aggregate) in outcomes {
            samples += aggregate.invalidSamples
            total.merge(aggregate, invalidSampleLimit: .max)
        }
        total.invalidSamples = Array(samples.sorted { ($0.input, $0.offset) < ($1.input, $1.offset) }.prefix(options.invalidSamples))
        total.counts.inputs = UInt64(inputs.count)
        total.cap(routes: options.routeLimit, customers: options.customerLimit)
        return total
    }

    /// Cuts inputs into units of work.
    static func plan(_ inputs: [LogInput], chunkSize: Int64) throws(LogConfigurationError) -> [Unit] {
        var units: [Unit] = []
        for input in inputs {
            switch input {
            case .standardInput:
                units.append(Unit(input: input, start: 0, end: .max, gzip: false))
            case .bytes(_, let bytes):
                if bytes.starts(with: [0x1F, 0x8B]) {
                    units.append(Unit(input: input, start: 0, end: .max, gzip: true))
                } else {
                    units += chunks(input, size: Int64(bytes.count), chunkSize: chunkSize)
                }
            case .file(let path):
                let descriptor = open(path, O_RDONLY)
                guard descriptor >= 0 else { throw LogConfigurationError("\(path): cannot open: \(SystemErrorText.describe(errno: errno))") }
                defer { close(descriptor) }
                var info = stat()
                guard fstat(descriptor, &info) == 0 else { throw LogConfigurationError("\(path): cannot read its size") }
                var magic: [UInt8] = [0, 0]
                let read = pread(descriptor, &magic, 2, 0)
                let isRegular = (info.st_mode & S_IFMT) == S_IFREG
                if read == 2 && magic == [0x1F, 0x8B] || !isRegular {
                    units.append(Unit(input: input, start: 0, end: .max, gzip: read == 2 && magic == [0x1F, 0x8B]))
                } else {
                    units += chunks(input, size: Int64(info.st_size), chunkSize: chunkSize)
                }
            }
        }
        return units
    }

    static func chunks(_ input: LogInput, size: Int64, chunkSize: Int64) -> [Unit] {
        guard size > 0 else { return [Unit(input: input, start: 0, end: 0, gzip: false)] }
        var result: [Unit] = []
        var start: Int64 = 0
        while start < size {
            let end = min(size, start + chunkSize)
            result.append(Unit(input: input, start: start, end: end, gzip: false))
            start = end
        }
        return result
    }

    /// One worker: its format copy, its aggregate, its read buffer.
    struct Worker<Format: LogFormat> {
        var format: Format
        var aggregator: Aggregator
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: LogAnalyzer.blockSize, alignment: 64)
        var record = LogRecord()

        init(format: Format, aggregator: Aggregator) {
            self.format = format
            self.aggregator = aggregator
        }

        mutating func run(_ unit: Unit) throws(LogConfigurationError) {
            aggregator.currentInput = Array(unit.input.name.utf8)
            switch unit.input {
            case .bytes(let name, let bytes):
                if unit.gzip {
                    let source = try GzipSource(MemorySource(bytes: bytes, position: 0), name: name)
                    var wrapped = ClassBox(source)
                    try feed(&wrapped, name: name, start: 0, end: .max, skipFirst: false)
                } else {
                    if unit.start > 0 { bytes.withUnsafeBufferPointer { format.begin(head: LineBytes(rebasing: $0.prefix(65536))) } }
                    var source = MemorySource(bytes: bytes, position: Int(unit.start))
                    let skip = unit.start > 0 && bytes[Int(unit.start) - 1] != ASCII.newline
                    try feed(&source, name: name, start: unit.start, end: unit.end, skipFirst: skip)
                }
            case .file(let path):
                let descriptor = open(path, O_RDONLY)
                guard descriptor >= 0 else { throw LogConfigurationError("\(path): cannot open: \(SystemErrorText.describe(errno: errno))") }
                defer { close(descriptor) }
                if unit.gzip {
                    var wrapped = ClassBox(try GzipSource(FileSource(descriptor: descriptor, position: 0, name: path, seekable: true), name: path))
                    try feed(&wrapped, name: path, start: 0, end: .max, skipFirst: false)
                } else if unit.end == .max {
                    var source = FileSource(descriptor: descriptor, position: 0, name: path, seekable: false)
                    try feedMaybeGzip(&source, name: path)
                } else {
                    var skip = false
                    if unit.start > 0 {
                        let head = try Worker.fileHead(descriptor, path: path)
                        head.withUnsafeBufferPointer { format.begin(head: $0) }
                        var previous: UInt8 = 0
                        _ = pread(descriptor, &previous, 1, off_t(unit.start - 1))
                        skip = previous != ASCII.newline
                    }
                    var source = FileSource(descriptor: descriptor, position: unit.start, name: path, seekable: true)
                    try feed(&source, name: path, start: unit.start, end: unit.end, skipFirst: skip)
                }
            case .standardInput:
                var source = FileSource(descriptor: STDIN_FILENO, position: 0, name: "standard input", seekable: false)
                try feedMaybeGzip(&source, name: "standard input")
            }
        }

        static func fileHead(_ descriptor: Int32, path: String) throws(LogConfigurationError) -> [UInt8] {
            var head = [UInt8](repeating: 0, count: 65536)
            let count = pread(descriptor, &head, head.count, 0)
            guard count >= 0 else { throw LogConfigurationError("\(path): cannot read") }
            return Array(head.prefix(count))
        }

        /// A stream (pipe, standard input) that may be gzip: peek at the magic bytes.
        mutating func feedMaybeGzip(_ source: inout FileSource, name: String) throws(LogConfigurationError) {
            let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: 2, alignment: 1)
            defer { raw.deallocate() }
            var have = 0
            while have < 2 {
                let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[have...]))
                if count == 0 { break }
                have += count
            }
            let peek = Array(raw.prefix(have))
            let first = MemorySource(bytes: Array(peek.prefix(have)), position: 0)
            if have == 2 && peek == [0x1F, 0x8B] {
                var wrapped = ClassBox(try GzipSource(ChainedSource(first: first, rest: source), name: name))
                try feed(&wrapped, name: name, start: 0, end: .max, skipFirst: false)
            } else {
                var chained = ChainedSource(first: first, rest: source)
                try feed(&chained, name: name, start: 0, end: .max, skipFirst: false)
            }
        }

        /// Reads lines from `source` (positioned at `start`) and handles every line that starts before `end`.
        mutating func feed<Source: ByteSource>(_ source: inout Source, name: String, start: Int64, end: Int64,
                                               skipFirst: Bool) throws(LogConfigurationError) {
            var skip = skipFirst
            var carry = 0
            var carryOffset = start   // input offset of buffer[0]
            while true {
                if carry == buffer.count {
                    // A line longer than the buffer: grow it.
                    let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 64)
                    bigger.copyMemory(from: UnsafeRawBufferPointer(buffer))
                    buffer.deallocate()
                    buffer = bigger
                }
                let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[carry...]))
                let available = carry + count
                let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
                if count == 0 {
                    // The last line has no line ending.
                    if carry > 0 && carryOffset < end && !skip {
                        handle(LineBytes(start: base, count: carry), name: name, offset: carryOffset)
                    }
                    return
                }
                var lineStart = 0
                while lineStart < available {
                    guard let found = memchr(base + lineStart, Int32(ASCII.newline), available - lineStart) else { break }
                    let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    let offset = carryOffset + Int64(lineStart)
                    if offset >= end { return }
                    if skip {
                        skip = false
                    } else {
                        handle(LineBytes(start: base + lineStart, count: newline - lineStart), name: name, offset: offset)
                    }
                    lineStart = newline + 1
                }
                if carryOffset + Int64(lineStart) >= end { return }
                carry = available - lineStart
                if carry > 0 && lineStart > 0 { memmove(base, base + lineStart, carry) }
                carryOffset += Int64(lineStart)
            }
        }

        @inline(__always)
        mutating func handle(_ line: LineBytes, name: String, offset: Int64) {
            aggregator.counts.lines += 1
            aggregator.counts.bytes += UInt64(line.count + 1)
            record.reset()
            switch format.parse(line, into: &record) {
            case .record: aggregator.add(record, line: line)
            case .skip: aggregator.counts.skipped += 1
            case .invalid: aggregator.invalid(line, input: name, offset: offset)
            }
        }
    }
}

/// A reference-typed source as a value, so `feed` takes every source the same way.
struct ClassBox<Inner: ByteSource & AnyObject>: ByteSource {
    let inner: Inner
    init(_ inner: Inner) { self.inner = inner }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(LogConfigurationError) -> Int {
        var copy = inner
        return try copy.read(into: buffer)
    }
}
