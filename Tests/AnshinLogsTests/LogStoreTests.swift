@testable import AnshinLogs
import AnshinStore
import AnshinTesting
import Foundation
import Testing

/// Aggregates kept in the store: embedded SQLite and a real PostgreSQL server.
@Suite struct LogStoreTests {
    enum Engine: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }
    }

    static let start: Int64 = 1_795_996_800   // 2026-11-30T00:00:00Z
    static let traffic = SyntheticTraffic(start: start, days: 3, perHour: 60, seed: 11)

    /// A fresh store of `engine` and the folder that must outlive it.
    static func open(_ engine: Engine) async throws -> (LogStore, TemporaryDirectory) {
        let folder = try TemporaryDirectory()
        let location = engine == .sqlite ? "sqlite:\(folder.path)/logs.db" : try PostgresServer.shared().database("logs")
        return (try await LogStore.open(try await Store.open(location)), folder)
    }

    static func analyze(_ requests: ArraySlice<SyntheticTraffic.Request>) throws -> LogAggregate {
        var options = LogAnalysisOptions()
        options.customerKey = .host
        let text = requests.map(traffic.albLine).joined(separator: "\n") + "\n"
        return try LogAnalyzer.analyze([.bytes(name: "alb.log", Array(text.utf8))], format: try ALBFormat(), options: options)
    }

    @Test(arguments: Engine.allCases)
    func addingInPartsGivesTheWholeAndRangesSelectBuckets(engine: Engine) async throws {
        let (store, folder) = try await Self.open(engine)
        defer { withExtendedLifetime(folder) {} }
        let requests = Self.traffic.requests
        // Two parts that share the hour and the day where they meet: merged, not overwritten.
        let cut = requests.count / 2 + 7
        let whole = try Self.analyze(requests[...])
        try await store.add(try Self.analyze(requests[..<cut]), inputs: [])
        try await store.add(try Self.analyze(requests[cut...]), inputs: [])
        let stored = try await store.aggregate()
        #expect(stored.routes == whole.routes)
        #expect(stored.customers == whole.customers)
        #expect(stored.counts.records == UInt64(requests.count))
        #expect(try await store.routeBucketWidths() == [3600])

        // The second day, and the customers' days that overlap it.
        let day = try await store.aggregate(since: Self.start + 86400, until: Self.start + 2 * 86400)
        #expect(Set(day.routes.values.flatMap(\.keys)) == Set((24..<48).map { Self.start + Int64($0) * 3600 }))
        #expect(day.counts.records == UInt64(24 * 60))
        #expect(Set(day.customers.values.flatMap(\.keys)) == [Self.start + 86400])
        let midday = try await store.aggregate(since: Self.start + 86400 + 43200, until: Self.start + 2 * 86400)
        #expect(Set(midday.customers.values.flatMap(\.keys)) == [Self.start + 86400])
        // Another bucket width is another set of rows.
        #expect(try await store.aggregate(bucketSeconds: 300).routes.isEmpty)
        await store.store.close()
    }

    @Test(arguments: Engine.allCases)
    func filesAlreadyAddedAreLeftOutUntilTheyGrow(engine: Engine) async throws {
        let (store, folder) = try await Self.open(engine)
        let first = try folder.write("a.log", "one\n")
        let second = try folder.write("b.log", "two\n")
        let inputs: [LogInput] = [.file(first.path), .file(second.path), .bytes(name: "memory", [])]
        #expect(try await store.newInputs(inputs) == inputs)
        try await store.add(LogAggregate(), inputs: [.file(first.path)])
        #expect(try await store.newInputs(inputs) == [.file(second.path), .bytes(name: "memory", [])])
        // A file that grew (the current hour's log) is read again.
        _ = try folder.write("a.log", "one\nmore\n")
        #expect(try await store.newInputs(inputs) == inputs)
        await store.store.close()
    }

    @Test func aStoreThatCannotBeOpenedIsAClearError() async throws {
        let folder = try TemporaryDirectory()
        _ = try folder.write("not-a-database", String(repeating: "x", count: 4096))
        await #expect {
            let store = try await Store.open("sqlite:\(folder.path)/not-a-database")
            _ = try await LogStore.open(store)
        } throws: { error in
            !"\(error)".isEmpty
        }
    }
}
