import AnshinStore
import Foundation

/// Log aggregates kept in anshin's store (embedded SQLite, or PostgreSQL shared by a team), so a
/// weekly report reads a week of buckets instead of re-parsing a week of logs.
///
/// Each route × bucket and customer × bucket is one row holding its ``TrafficStats`` as JSON
/// (counts, sums and the latency sketch, which merge exactly). Adding an aggregate merges it into
/// the rows already there, in one transaction. Every input added is recorded by name with its size,
/// and ``newInputs(_:)`` leaves out those already stored, so a daily job over a growing folder
/// counts each file once.
public struct LogStore: Sendable {
    public static let owner = "logs"
    public static let migrations: [Migration] = [
        Migration(1, "log aggregates", [
            """
            CREATE TABLE logs_buckets (kind TEXT NOT NULL, name TEXT NOT NULL, width BIGINT NOT NULL, start BIGINT NOT NULL, \
            requests BIGINT NOT NULL, stats TEXT NOT NULL, PRIMARY KEY (kind, width, start, name))
            """,
            """
            CREATE TABLE logs_inputs (name TEXT NOT NULL, bytes BIGINT NOT NULL, stored_at BIGINT NOT NULL, PRIMARY KEY (name, bytes))
            """,
        ]),
    ]

    enum Kind: String, Sendable { case route, customer }

    public let store: Store

    /// Opens the log tables of `store`, creating them on first use.
    public static func open(_ store: Store) async throws(LogConfigurationError) -> LogStore {
        do {
            try await store.migrate(owner: owner, migrations)
        } catch {
            throw LogConfigurationError("store \(store.location): \(error)")
        }
        return LogStore(store: store)
    }

    /// The inputs of `inputs` not yet added (by name and size); standard input and in-memory
    /// inputs are always new.
    public func newInputs(_ inputs: [LogInput]) async throws(LogConfigurationError) -> [LogInput] {
        let stored: Set<String>
        do {
            stored = Set(try await store.query("SELECT name, bytes FROM logs_inputs").compactMap { row in
                row[0].string.flatMap { name in row[1].int.map { "\(name)\u{0}\($0)" } }
            })
        } catch {
            throw LogConfigurationError("store \(store.location): \(error)")
        }
        return inputs.filter { input in
            guard case .file(let path) = input, let size = Self.size(path) else { return true }
            return !stored.contains("\(path)\u{0}\(size)")
        }
    }

    static func size(_ path: String) -> Int64? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
    }

    /// Merges `aggregate`'s buckets into the store and records `inputs` as added.
    public func add(_ aggregate: LogAggregate, inputs: [LogInput], now: Date = Date()) async throws(LogConfigurationError) {
        let recorded = inputs.compactMap { input -> (name: String, bytes: Int64)? in
            guard case .file(let path) = input, let size = Self.size(path) else { return nil }
            return (path, size)
        }
        do {
            try await store.transaction { transaction in
                try await merge(aggregate, recording: recorded, now: now, on: transaction)
            }
        } catch {
            throw LogConfigurationError("store \(store.location): cannot add the aggregates: \(error)")
        }
    }

    /// Merges `aggregate`'s buckets on `transaction` and records the inputs named. Rows are
    /// created if missing, then locked and merged in one order, so workers adding to the same
    /// buckets at once neither lose an update nor deadlock.
    func merge(_ aggregate: LogAggregate, recording inputs: [(name: String, bytes: Int64)], now: Date,
               on transaction: Transaction) async throws {
        let rows = Self.rows(.route, aggregate.routes, width: aggregate.bucketSeconds)
            + Self.rows(.customer, aggregate.customers, width: aggregate.customerBucketSeconds)
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let lock = transaction.dialect == .postgres ? " FOR UPDATE" : ""
        for row in rows {
            let key: [SQLValue] = [.text(row.kind.rawValue), .integer(row.width), .integer(row.start), .text(row.name)]
            let created = try await transaction.query("""
                INSERT INTO logs_buckets (kind, width, start, name, requests, stats) VALUES (?, ?, ?, ?, ?, ?) \
                ON CONFLICT (kind, width, start, name) DO NOTHING RETURNING start
                """, key + [.integer(Int64(row.stats.count)), .text(String(decoding: try encoder.encode(row.stats), as: UTF8.self))])
            guard created.isEmpty else { continue }
            let existing = try await transaction.query(
                "SELECT stats FROM logs_buckets WHERE kind = ? AND width = ? AND start = ? AND name = ?\(lock)", key)
            var stats = row.stats
            if let text = existing.first?[0].string { stats.merge(try decoder.decode(TrafficStats.self, from: Data(text.utf8))) }
            try await transaction.execute(
                "UPDATE logs_buckets SET requests = ?, stats = ? WHERE kind = ? AND width = ? AND start = ? AND name = ?",
                [.integer(Int64(stats.count)), .text(String(decoding: try encoder.encode(stats), as: UTF8.self))] + key)
        }
        let millis = Int64(now.timeIntervalSince1970 * 1000)
        try await transaction.executeBatch("INSERT INTO logs_inputs (name, bytes, stored_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                                           inputs.map { [.text($0.name), .integer($0.bytes), .integer(millis)] })
    }

    struct Row: Sendable {
        var kind: Kind
        var name: String
        var width: Int64
        var start: Int64
        var stats: TrafficStats
    }

    static func rows(_ kind: Kind, _ table: [String: [Int64: TrafficStats]], width: Int64) -> [Row] {
        table.flatMap { name, buckets in buckets.map { Row(kind: kind, name: name, width: width, start: $0.key, stats: $0.value) } }
            .sorted { ($0.start, $0.name) < ($1.start, $1.name) }
    }

    /// The stored buckets of width `bucketSeconds` (routes) and `customerBucketSeconds` (customers)
    /// that start in `[since, until)` (seconds since the epoch; `nil` is unbounded).
    public func aggregate(bucketSeconds: Int64 = 3600, customerBucketSeconds: Int64 = 86400,
                          since: Int64? = nil, until: Int64? = nil) async throws(LogConfigurationError) -> LogAggregate {
        var aggregate = LogAggregate(bucketSeconds: bucketSeconds, customerBucketSeconds: customerBucketSeconds)
        let decoder = JSONDecoder()
        do {
            for (kind, width) in [(Kind.route, bucketSeconds), (Kind.customer, customerBucketSeconds)] {
                // A customer's day that began before `since` still holds traffic inside the range.
                let lower = since.map { kind == .customer ? $0 - ($0 % width + width) % width : $0 } ?? Int64.min
                let rows = try await store.query(
                    "SELECT name, start, stats FROM logs_buckets WHERE kind = ? AND width = ? AND start >= ? AND start < ?",
                    [.text(kind.rawValue), .integer(width), .integer(lower), .integer(until ?? Int64.max)])
                for row in rows {
                    guard let name = row[0].string, let start = row[1].int, let text = row[2].string else { continue }
                    let stats = try decoder.decode(TrafficStats.self, from: Data(text.utf8))
                    if kind == .route {
                        aggregate.routes[name, default: [:]][start] = stats
                        aggregate.counts.records += stats.count
                    } else {
                        aggregate.customers[name, default: [:]][start] = stats
                    }
                }
            }
        } catch {
            throw LogConfigurationError("store \(store.location): cannot read the aggregates: \(error)")
        }
        return aggregate
    }

    /// The bucket widths (seconds) of the routes stored, most rows first.
    public func routeBucketWidths() async throws(LogConfigurationError) -> [Int64] {
        do {
            return try await store.query("SELECT width, COUNT(*) AS n FROM logs_buckets WHERE kind = 'route' GROUP BY width ORDER BY n DESC")
                .compactMap { $0[0].int }
        } catch {
            throw LogConfigurationError("store \(store.location): \(error)")
        }
    }
}
