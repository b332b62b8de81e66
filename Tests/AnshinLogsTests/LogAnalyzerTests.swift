@testable import AnshinLogs
import AnshinTesting
import Foundation
import Testing

@Suite struct LogAnalyzerTests {
    static let start: Int64 = 1_795_996_800   // 2026-11-30T00:00:00Z
    static let traffic = SyntheticTraffic(start: start, days: 2, perHour: 400, seed: 42)

    func analyze(_ text: String, options: LogAnalysisOptions = LogAnalysisOptions()) throws -> LogAggregate {
        try LogAnalyzer.analyze([.bytes(name: "alb.log", Array(text.utf8))], format: try ALBFormat(capture: "domain_name"), options: options)
    }

    @Test func routeCountsErrorsAndBytesMatchTheRequests() throws {
        let aggregate = try analyze(Self.traffic.albText)
        #expect(aggregate.counts.records == UInt64(Self.traffic.requests.count))
        #expect(aggregate.counts.invalid == 0)
        let byRoute = Dictionary(grouping: Self.traffic.requests, by: \.route)
        #expect(Set(aggregate.routes.keys) == Set(byRoute.keys))
        for (route, requests) in byRoute {
            var stats = TrafficStats()
            for stats0 in aggregate.routes[route]!.values { stats.merge(stats0) }
            #expect(stats.count == UInt64(requests.count))
            #expect(stats.serverErrors == UInt64(requests.filter { $0.status >= 500 }.count))
            #expect(stats.loadBalancerErrors == stats.serverErrors)
            #expect(stats.clientErrors == UInt64(requests.filter { $0.status == 404 }.count))
            #expect(stats.bytesSent == UInt64(requests.reduce(0) { $0 + $1.sent }))
            #expect(stats.timedRequests == UInt64(requests.filter { $0.request >= 0 }.count))
            #expect(stats.targetTimeSum == UInt64(requests.reduce(Int64(0)) { $0 + max(0, $1.target) }))
        }
    }

    @Test func routePercentilesAreWithinTheSketchBoundOfExactOnes() throws {
        let aggregate = try analyze(Self.traffic.albText)
        for (route, requests) in Dictionary(grouping: Self.traffic.requests, by: \.route) {
            var stats = TrafficStats()
            for cell in aggregate.routes[route]!.values { stats.merge(cell) }
            let exact = requests.compactMap(SyntheticTraffic.latency).sorted()
            for q in [0.5, 0.9, 0.95, 0.99] {
                let want = Double(exact[max(0, Int((q * Double(exact.count)).rounded(.up)) - 1)])
                let got = Double(stats.latency.quantile(q)!)
                #expect(abs(got - want) <= want / 64 + 1, "\(route) q=\(q): \(got) vs \(want)")
            }
            #expect(stats.latency.maximum == UInt64(exact.last!))
        }
    }

    @Test func bucketsAreHoursAndSinceUntilSelect() throws {
        let aggregate = try analyze(Self.traffic.albText)
        let buckets = Set(aggregate.routes.values.flatMap(\.keys))
        #expect(buckets.count == 48)
        #expect(buckets.min() == Self.start)
        #expect(buckets.allSatisfy { ($0 - Self.start) % 3600 == 0 })

        var options = LogAnalysisOptions()
        options.since = (Self.start + 86400) * 1_000_000
        options.until = (Self.start + 86400 + 7200) * 1_000_000
        let window = try analyze(Self.traffic.albText, options: options)
        let total = window.routes.values.flatMap(\.values).reduce(UInt64(0)) { $0 + $1.count }
        #expect(total == 800)
        #expect(window.counts.outOfRange == UInt64(Self.traffic.requests.count) - 800)
    }

    @Test func customersComeFromTheChosenKey() throws {
        var options = LogAnalysisOptions()
        options.customerKey = .field("domain_name")
        let byField = try analyze(Self.traffic.albText, options: options)
        options.customerKey = .host
        let byHost = try analyze(Self.traffic.albText, options: options)
        let expected = Dictionary(grouping: Self.traffic.requests, by: \.host).mapValues { UInt64($0.count) }
        for aggregate in [byField, byHost] {
            let got = aggregate.customers.mapValues { $0.values.reduce(UInt64(0)) { $0 + $1.count } }
            #expect(got == expected)
            #expect(aggregate.customers.values.allSatisfy { $0.keys.allSatisfy { $0 % 86400 == 0 } })
        }
        options.customerKey = .pathSegment(2)
        let bySegment = try analyze(Self.traffic.albText, options: options)
        #expect(Set(bySegment.customers.keys) == ["orders", "users", "checkout", "app.js"])
    }

    @Test func aggregatesSavedAndMergedEqualOneAnalysis() throws {
        let lines = Self.traffic.albText.split(separator: "\n")
        let half = lines.count / 2
        let first = try analyze(lines[..<half].joined(separator: "\n") + "\n")
        let second = try analyze(lines[half...].joined(separator: "\n") + "\n")
        let whole = try analyze(Self.traffic.albText)
        var merged = try LogAggregateFile.decode(try LogAggregateFile.encode(first), name: "first")
        merged.merge(try LogAggregateFile.decode(try LogAggregateFile.encode(second), name: "second"))
        #expect(merged.routes == whole.routes)
        #expect(merged.counts.records == whole.counts.records)
        #expect(throws: LogConfigurationError.self) { try LogAggregateFile.decode(Data("{}".utf8), name: "bad") }
    }

    @Test func foldersAreReadRecursivelyWithGzipAndPlainFilesAlike() throws {
        let directory = try TemporaryDirectory()
        let lines = Self.traffic.albText.split(separator: "\n")
        let prefix = "AWSLogs/111111111111/elasticloadbalancing/ap-northeast-1/2026/11/30"
        let a = try directory.write("\(prefix)/a.log", lines[0..<1000].joined(separator: "\n") + "\n")
        try directory.write("\(prefix)/b.log", lines[1000...].joined(separator: "\n") + "\n")
        try directory.write(".hidden/skipped.log", "not a log line\n")
        #expect(try Command.run("gzip", [a.path]).status == 0)
        let inputs = try LogInput.expand([directory.path])
        #expect(inputs.count == 2)
        #expect(inputs.first?.name.hasSuffix("a.log.gz") == true)
        let aggregate = try LogAnalyzer.analyze(inputs, format: try ALBFormat(), options: LogAnalysisOptions())
        #expect(aggregate.counts.records == UInt64(lines.count))
        #expect(aggregate.counts.inputs == 2)
        #expect(throws: LogConfigurationError.self) { try LogInput.expand([directory.path + "/missing"]) }
        let empty = try TemporaryDirectory()
        #expect(throws: LogConfigurationError.self) { try LogInput.expand([empty.path]) }
    }

    @Test func theFormatIsDetectedFromTheFirstLines() throws {
        for sample in FormatCase.all where !sample.name.hasSuffix("custom") {
            let head = Array(sample.text.utf8)
            let format = try #require(LogFormatCatalog.detect(head), "\(sample.name)")
            let expected = sample.name == "nginx-combined" || sample.name == "apache-combined" ? "nginx" : sample.name
            #expect(format.name == expected)
        }
        #expect(LogFormatCatalog.detect(Array("hello\nworld\n".utf8)) == nil)
    }
}
