@testable import AnshinLogs
import AnshinTesting
import Foundation
import Testing

/// The shared verifier: every format, the same checks.
@Suite struct FormatVerifierTests {
    func analyze(_ input: LogInput, _ format: any LogFormat, chunkSize: Int = 16 << 20, workers: Int = 2) throws -> LogAggregate {
        var options = LogAnalysisOptions()
        options.chunkSize = chunkSize
        options.workers = workers
        return try LogAnalyzer.analyze([input], format: format, options: options)
    }

    @Test(arguments: FormatCase.all)
    func samplesParseIntoTheirFields(_ sample: FormatCase) throws {
        let format = try sample.format()
        for (line, expected) in sample.samples {
            let parsed = Parsed(format, line)
            #expect(parsed.outcome == .record, "\(line)")
            #expect(parsed.record.timestamp.map(Timestamps.iso8601) == expected.time)
            #expect(parsed.text(parsed.record.method) == expected.method)
            #expect(parsed.text(parsed.record.path) == expected.path)
            #expect(parsed.record.status == expected.status)
            #expect(parsed.record.duration == expected.durationMicros)
            #expect(parsed.record.bytesSent == expected.bytesSent)
        }
    }

    @Test(arguments: FormatCase.all)
    func crlfLineEndingsReadTheSame(_ sample: FormatCase) throws {
        let format = try sample.format()
        for (line, expected) in sample.samples {
            let parsed = Parsed(format, line + "\r")
            #expect(parsed.outcome == .record)
            #expect(parsed.text(parsed.record.path) == expected.path)
            #expect(parsed.record.bytesSent == expected.bytesSent)
        }
        let lf = try analyze(.bytes(name: "lf", Array(sample.text.utf8)), try sample.make())
        let crlf = try analyze(.bytes(name: "crlf", Array(sample.text.replacingOccurrences(of: "\n", with: "\r\n").utf8)), try sample.make())
        #expect(lf.routes == crlf.routes)
        #expect(crlf.counts.records == UInt64(sample.samples.count))
    }

    @Test(arguments: FormatCase.all)
    func aLastLineWithoutLineEndingCounts(_ sample: FormatCase) throws {
        var text = sample.text
        text.removeLast()
        let aggregate = try analyze(.bytes(name: "no-final-newline", Array(text.utf8)), try sample.make())
        #expect(aggregate.counts.records == UInt64(sample.samples.count))
        #expect(aggregate.counts.invalid == 0)
    }

    @Test(arguments: FormatCase.all)
    func aCutLastLineIsInvalidAndTheRestIsKept(_ sample: FormatCase) throws {
        let cut = String(sample.samples[0].line.prefix(25))
        let text = sample.text + cut
        let aggregate = try analyze(.bytes(name: "cut", Array(text.utf8)), try sample.make())
        #expect(aggregate.counts.records == UInt64(sample.samples.count))
        #expect(aggregate.counts.invalid == 1)
        let example = try #require(aggregate.invalidSamples.first)
        #expect(example.input == "cut")
        #expect(example.offset == Int64(sample.text.utf8.count))
        #expect(example.excerpt == cut.replacingOccurrences(of: "\t", with: "\\x09"))
    }

    @Test(arguments: FormatCase.all)
    func invalidUTF8InThePathIsKeptAsBytes(_ sample: FormatCase) throws {
        let format = try sample.format()
        for (line, expected) in sample.samples where !expected.path.isEmpty {
            var bytes = Array(line.utf8)
            let path = Array(expected.path.utf8)
            // The path where it ends: before the query, the protocol, a tab or a closing quote.
            let ends = [UInt8(ascii: "?"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\"")].map { path + [$0] }
            let at = try #require(ends.compactMap { bytes.firstRange(of: $0) }.min { $0.lowerBound < $1.lowerBound }).lowerBound + path.count
            bytes.insert(contentsOf: [0xFF, 0xC3, 0x28], at: at)
            let parsed = Parsed(format, bytes)
            #expect(parsed.outcome == .record)
            let got = parsed.bytes.withUnsafeBufferPointer { Array(parsed.record.path.bytes(in: $0)) }
            #expect(got == path + [0xFF, 0xC3, 0x28])
        }
    }

    @Test(arguments: FormatCase.all)
    func emptyInputHasNothing(_ sample: FormatCase) throws {
        let aggregate = try analyze(.bytes(name: "empty", []), try sample.make())
        #expect(aggregate.counts.lines == 0)
        #expect(aggregate.routes.isEmpty)
        let blank = try analyze(.bytes(name: "blank", Array("\n\r\n\n".utf8)), try sample.make())
        #expect(blank.counts.records == 0)
        #expect(blank.counts.invalid == 0)
        #expect(blank.counts.skipped == 3)
    }

    @Test(arguments: FormatCase.all)
    func gzipReadsTheSameAndTruncatedGzipIsAnError(_ sample: FormatCase) throws {
        let directory = try TemporaryDirectory()
        let plain = try directory.write("access.log", sample.text)
        let result = try Command.run("gzip", ["-k", plain.path])
        #expect(result.status == 0)
        let gzipped = try Data(contentsOf: URL(fileURLWithPath: plain.path + ".gz"))
        let fromPlain = try analyze(.file(plain.path), try sample.make())
        let fromGzip = try analyze(.file(plain.path + ".gz"), try sample.make())
        #expect(fromGzip.routes == fromPlain.routes)
        #expect(fromGzip.counts.records == UInt64(sample.samples.count))
        // Two members one after another (`cat a.gz b.gz`) read as both.
        let twice = try analyze(.bytes(name: "twice.gz", Array(gzipped + gzipped)), try sample.make())
        #expect(twice.counts.records == UInt64(2 * sample.samples.count))

        let truncated = Array(gzipped.dropLast(12))
        #expect {
            _ = try analyze(.bytes(name: "cut.gz", truncated), try sample.make())
        } throws: { error in
            "\(error)".contains("cut.gz") && "\(error)".contains("truncated gzip")
        }
        var corrupt = Array(gzipped)
        corrupt[corrupt.count / 2] ^= 0xFF
        corrupt[corrupt.count / 2 + 1] ^= 0x55
        #expect(throws: LogConfigurationError.self) {
            _ = try analyze(.bytes(name: "corrupt.gz", corrupt), try sample.make())
        }
    }

    @Test(arguments: FormatCase.all)
    func chunksAndWorkersDoNotChangeTheResult(_ sample: FormatCase) throws {
        // Enough lines that 4 KiB chunks cut many of them; every line must be read exactly once.
        var text = sample.header.map { $0 + "\n" }.joined()
        for round in 0..<300 {
            for (line, _) in sample.samples { text += (round % 7 == 0 ? line + "\r" : line) + "\n" }
        }
        let bytes = Array(text.utf8)
        let whole = try analyze(.bytes(name: "whole", bytes), try sample.make(), chunkSize: 1 << 30, workers: 1)
        let chunked = try analyze(.bytes(name: "chunked", bytes), try sample.make(), chunkSize: 4096, workers: 2)
        #expect(whole.counts.records == UInt64(300 * sample.samples.count))
        #expect(chunked.counts == whole.counts)
        #expect(chunked.routes == whole.routes)
    }

    @Test(arguments: FormatCase.all)
    func malformedLinesNeverCrashAndAreAllAccountedFor(_ sample: FormatCase) throws {
        var random = SplitMix64(seed: 0x5EED_0000 &+ UInt64(sample.name.utf8.count))
        let noise: [UInt8] = [0x22, 0x09, 0x20, 0x5B, 0x5D, 0x7B, 0x7D, 0x2D, 0x3A, 0x2F, 0x3F, 0xFF, 0x00, 0x5C, 0x0D]
        var lines: [[UInt8]] = []
        for _ in 0..<400 {
            var line = Array(sample.samples[Int(random.next() % UInt64(sample.samples.count))].line.utf8)
            for _ in 0..<(1 + random.next() % 4) {
                guard !line.isEmpty else { break }
                let at = Int(random.next() % UInt64(line.count))
                switch random.next() % 4 {
                case 0: line[at] = noise[Int(random.next() % UInt64(noise.count))]
                case 1: line.removeSubrange(at...)
                case 2: line.insert(noise[Int(random.next() % UInt64(noise.count))], at: at)
                default: line.remove(at: at)
                }
            }
            lines.append(line.filter { $0 != 0x0A })
        }
        lines.append(Array(sample.samples[0].line.utf8))
        let format = try sample.format()
        for line in lines { _ = Parsed(format, line) }
        let bytes = Array((sample.header.map { Array($0.utf8) } + lines).joined(separator: [0x0A]))
        let aggregate = try analyze(.bytes(name: "fuzz", bytes), try sample.make(), chunkSize: 4096)
        let counts = aggregate.counts
        #expect(counts.lines == UInt64(lines.count + sample.header.count))
        #expect(counts.records + counts.invalid + counts.skipped == counts.lines)
        let routed = aggregate.routes.values.flatMap(\.values).reduce(UInt64(0)) { $0 + $1.count }
        #expect(routed <= counts.records)
    }
}
