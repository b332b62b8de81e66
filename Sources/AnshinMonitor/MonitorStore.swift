import AnshinStore
import Foundation

/// The monitors' history in a store (SQLite by default, PostgreSQL for teams): each monitor's
/// scheduler state, raw check results, per-minute, per-hour and per-day aggregates, incidents and
/// silences, and the lease queue that splits the checks between the workers sharing the store.
///
/// History stays bounded: raw results are kept for `retention.raw`, minute buckets for
/// `retention.minutes`, hour buckets for `retention.hours` and day buckets (the status page's
/// 90-day bars) for `retention.days`; ``prune(now:)`` deletes what is older. Every check is
/// added to its three buckets as it is written, so downsampling needs no batch job.
///
/// Times are milliseconds since 1970 and always come from the caller.
public struct MonitorStore: Sendable {
    public let store: Store
    public var retention: Retention
    /// The queue the workers claim due monitors from.
    public static let queue = LeaseQueue("monitor")

    /// How long each resolution is kept, in seconds.
    public struct Retention: Sendable, Hashable {
        public var raw: Double
        public var minutes: Double
        public var hours: Double
        public var days: Double

        public init(raw: Double = 2 * 86400, minutes: Double = 8 * 86400, hours: Double = 35 * 86400, days: Double = 400 * 86400) {
            self.raw = raw
            self.minutes = minutes
            self.hours = hours
            self.days = days
        }
    }

    /// Bucket lengths, in seconds.
    public enum Resolution: Int, Sendable, CaseIterable {
        case minute = 60
        case hour = 3600
        case day = 86400
    }

    static let migrations = [
        Migration(1, "monitor history", [
            """
            CREATE TABLE monitor_state (monitor TEXT PRIMARY KEY, health TEXT NOT NULL, failures INTEGER NOT NULL, \
            passes INTEGER NOT NULL, down_since BIGINT, reason TEXT, last_told BIGINT, checked_at BIGINT, passed INTEGER, \
            latency_ms DOUBLE PRECISION, status INTEGER, burning TEXT)
            """,
            """
            CREATE TABLE monitor_results (monitor TEXT NOT NULL, at BIGINT NOT NULL, passed INTEGER NOT NULL, \
            latency_ms DOUBLE PRECISION NOT NULL, status INTEGER, reason TEXT, lateness_ms BIGINT NOT NULL, \
            maintenance INTEGER NOT NULL, worker TEXT NOT NULL)
            """,
            "CREATE INDEX monitor_results_at ON monitor_results (monitor, at)",
            "CREATE INDEX monitor_results_time ON monitor_results (at)",
            """
            CREATE TABLE monitor_buckets (monitor TEXT NOT NULL, resolution INTEGER NOT NULL, start BIGINT NOT NULL, \
            total INTEGER NOT NULL, good INTEGER NOT NULL, maintenance INTEGER NOT NULL, \
            latency_sum DOUBLE PRECISION NOT NULL, latency_max DOUBLE PRECISION NOT NULL, PRIMARY KEY (monitor, resolution, start))
            """,
            "CREATE INDEX monitor_buckets_time ON monitor_buckets (resolution, start)",
            """
            CREATE TABLE monitor_incidents (monitor TEXT NOT NULL, started BIGINT NOT NULL, ended BIGINT, \
            reason TEXT NOT NULL, PRIMARY KEY (monitor, started))
            """,
            """
            CREATE TABLE monitor_silences (id TEXT PRIMARY KEY, target TEXT NOT NULL, starts BIGINT NOT NULL, \
            ends BIGINT NOT NULL, note TEXT NOT NULL, created BIGINT NOT NULL)
            """,
        ]),
        Migration(2, "group objectives", ["CREATE TABLE monitor_groups (name TEXT PRIMARY KEY, burning TEXT)"]),
    ]

    /// Opens the monitor history of `store`, creating its tables when missing.
    public static func open(_ store: Store, retention: Retention = Retention()) async throws(StoreError) -> MonitorStore {
        try await LeaseQueue.prepare(store)
        try await store.migrate(owner: "monitor", migrations)
        return MonitorStore(store: store, retention: retention)
    }

    // MARK: - Writing checks

    /// One check as stored.
    public struct Record: Sendable, Hashable {
        public var monitor: String
        /// When the check started, in milliseconds.
        public var at: Int64
        public var passed: Bool
        public var latency: Double
        public var status: Int?
        public var reason: String?
        /// How late the check started after it was due, in milliseconds.
        public var lateness: Int64
        /// Whether it fell in a maintenance window or silence (then it does not count toward SLOs).
        public var maintenance: Bool

        public init(monitor: String, at: Int64, passed: Bool, latency: Double, status: Int? = nil, reason: String? = nil,
                    lateness: Int64 = 0, maintenance: Bool = false) {
            self.monitor = monitor
            self.at = at
            self.passed = passed
            self.latency = latency
            self.status = status
            self.reason = reason
            self.lateness = lateness
            self.maintenance = maintenance
        }
    }

    /// Writes checks made by `worker`: the raw results and their buckets.
    public func write(_ records: [Record], worker: String, on database: some SQLExecutor) async throws(StoreError) {
        guard !records.isEmpty else { return }
        try await database.executeBatch("""
            INSERT INTO monitor_results (monitor, at, passed, latency_ms, status, reason, lateness_ms, maintenance, worker) \
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, records.map {
                [.text($0.monitor), .integer($0.at), SQLValue($0.passed), .real($0.latency), SQLValue($0.status), SQLValue($0.reason),
                 .integer($0.lateness), SQLValue($0.maintenance), .text(worker)]
            })
        // Checks of one bucket are added up first, so a batch touches each bucket once.
        var buckets: [BucketKey: Bucket] = [:]
        var order: [BucketKey] = []
        for record in records {
            for resolution in Resolution.allCases {
                let length = Int64(resolution.rawValue) * 1000
                let key = BucketKey(monitor: record.monitor, resolution: resolution.rawValue, start: record.at - record.at % length)
                if buckets[key] == nil { order.append(key) }
                buckets[key, default: Bucket(start: key.start, length: length)].add(record)
            }
        }
        try await database.executeBatch("""
            INSERT INTO monitor_buckets (monitor, resolution, start, total, good, maintenance, latency_sum, latency_max) \
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (monitor, resolution, start) DO UPDATE SET \
            total = monitor_buckets.total + excluded.total, good = monitor_buckets.good + excluded.good, \
            maintenance = monitor_buckets.maintenance + excluded.maintenance, \
            latency_sum = monitor_buckets.latency_sum + excluded.latency_sum, \
            latency_max = CASE WHEN excluded.latency_max > monitor_buckets.latency_max THEN excluded.latency_max \
            ELSE monitor_buckets.latency_max END
            """, order.map { key in
                let bucket = buckets[key]!
                return [.text(key.monitor), SQLValue(key.resolution), .integer(key.start), SQLValue(bucket.total), SQLValue(bucket.good),
                        SQLValue(bucket.maintenance), .real(bucket.latencySum), .real(bucket.latencyMax)]
            })
    }

    private struct BucketKey: Hashable {
        var monitor: String
        var resolution: Int
        var start: Int64
    }

    /// Deletes what is older than the retention allows; returns the rows deleted. Rows are
    /// counted, not returned, so a prune of months of results holds none of them in memory.
    @discardableResult
    public func prune(now: Int64) async throws(StoreError) -> Int {
        func before(_ seconds: Double) -> SQLValue { .integer(now - Int64(seconds * 1000)) }
        var statements: [(table: String, condition: String, parameters: [SQLValue])] = [
            ("monitor_results", "at < ?", [before(retention.raw)]),
            ("monitor_incidents", "ended IS NOT NULL AND ended < ?", [before(retention.days)]),
            ("monitor_silences", "ends < ?", [before(retention.days)]),
        ]
        for (resolution, keep) in [(Resolution.minute, retention.minutes), (.hour, retention.hours), (.day, retention.days)] {
            statements.append(("monitor_buckets", "resolution = ? AND start < ?", [SQLValue(resolution.rawValue), before(keep)]))
        }
        var deleted = 0
        for statement in statements {
            let counted = try await store.query("SELECT COUNT(*) AS n FROM \(statement.table) WHERE \(statement.condition)", statement.parameters)
            let count = Int(try counted.first?.int("n") ?? 0)
            guard count > 0 else { continue }
            try await store.execute("DELETE FROM \(statement.table) WHERE \(statement.condition)", statement.parameters)
            deleted += count
        }
        return deleted
    }

    // MARK: - Scheduler state

    /// The stored states of `monitors` (those never checked are missing).
    public func states(of monitors: [String], on database: some SQLExecutor) async throws(StoreError) -> [String: StoredState] {
        guard !monitors.isEmpty else { return [:] }
        var states: [String: StoredState] = [:]
        // In chunks, so a statement never has more parameters than an engine takes.
        for start in stride(from: 0, to: monitors.count, by: 500) {
            let chunk = Array(monitors[start..<min(start + 500, monitors.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            for row in try await database.query("SELECT * FROM monitor_state WHERE monitor IN (\(marks))", chunk.map { .text($0) }) {
                let state = try StoredState(row: row)
                states[state.monitor] = state
            }
        }
        return states
    }

    /// Every stored state, by monitor name.
    public func allStates() async throws(StoreError) -> [String: StoredState] {
        var states: [String: StoredState] = [:]
        for row in try await store.query("SELECT * FROM monitor_state") {
            let state = try StoredState(row: row)
            states[state.monitor] = state
        }
        return states
    }

    public func save(_ states: [StoredState], on database: some SQLExecutor) async throws(StoreError) {
        try await database.executeBatch("""
            INSERT INTO monitor_state (monitor, health, failures, passes, down_since, reason, last_told, checked_at, passed, \
            latency_ms, status, burning) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (monitor) DO UPDATE SET \
            health = excluded.health, failures = excluded.failures, passes = excluded.passes, down_since = excluded.down_since, \
            reason = excluded.reason, last_told = excluded.last_told, checked_at = excluded.checked_at, passed = excluded.passed, \
            latency_ms = excluded.latency_ms, status = excluded.status, burning = excluded.burning
            """, states.map { state in
                [.text(state.monitor), .text(state.state.health.rawValue), SQLValue(state.state.failuresInARow),
                 SQLValue(state.state.passesInARow), SQLValue(state.state.downSince.map(Self.milliseconds)), SQLValue(state.state.reason),
                 SQLValue(state.state.lastTold.map(Self.milliseconds)), SQLValue(state.checkedAt), SQLValue(state.passed.map { $0 ? 1 : 0 }),
                 SQLValue(state.latency), SQLValue(state.status), SQLValue(state.burning)]
            })
    }

    /// Forgets monitors no longer configured: their state and queue entries (history stays until pruned).
    public func forget(_ monitors: [String], on database: some SQLExecutor) async throws(StoreError) {
        guard !monitors.isEmpty else { return }
        try await database.executeBatch("DELETE FROM monitor_state WHERE monitor = ?", monitors.map { [.text($0)] })
        try await Self.queue.remove(monitors, on: database)
    }

    /// The burn-rate alert firing now for each group's objective.
    public func groupBurning(on database: some SQLExecutor) async throws(StoreError) -> [String: String] {
        var burning: [String: String] = [:]
        for row in try await database.query("SELECT name, burning FROM monitor_groups WHERE burning IS NOT NULL") {
            burning[try row.string("name")] = try row.string("burning")
        }
        return burning
    }

    public func setGroupBurning(_ group: String, _ alert: String?, on database: some SQLExecutor) async throws(StoreError) {
        try await database.execute("INSERT INTO monitor_groups (name, burning) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET burning = excluded.burning",
                                   [.text(group), SQLValue(alert)])
    }

    // MARK: - Incidents

    /// Opens an incident for `monitor` at `started`, or closes its open one at `ended`.
    public func openIncident(_ monitor: String, at started: Int64, reason: String, on database: some SQLExecutor) async throws(StoreError) {
        try await database.execute("INSERT INTO monitor_incidents (monitor, started, reason) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                                   [.text(monitor), .integer(started), .text(reason)])
    }

    public func closeIncident(_ monitor: String, at ended: Int64, on database: some SQLExecutor) async throws(StoreError) {
        try await database.execute("UPDATE monitor_incidents SET ended = ? WHERE monitor = ? AND ended IS NULL",
                                   [.integer(ended), .text(monitor)])
    }

    /// Incidents open now or ended after `since`, newest first.
    public func incidents(since: Int64, limit: Int = 100) async throws(StoreError) -> [Incident] {
        try await store.query("""
            SELECT monitor, started, ended, reason FROM monitor_incidents WHERE ended IS NULL OR ended >= ? \
            ORDER BY started DESC LIMIT ?
            """, [.integer(since), SQLValue(limit)]).map { row throws(StoreError) in
            Incident(monitor: try row.string("monitor"), started: try row.int("started"), ended: row["ended"]?.int,
                     reason: try row.string("reason"))
        }
    }

    // MARK: - Silences

    /// Adds a silence of `target` (a monitor, a group, or `*` for all) from `starts` to `ends`.
    public func addSilence(_ silence: Silence) async throws(StoreError) {
        try await store.execute("INSERT INTO monitor_silences (id, target, starts, ends, note, created) VALUES (?, ?, ?, ?, ?, ?)",
                                [.text(silence.id), .text(silence.target), .integer(silence.starts), .integer(silence.ends),
                                 .text(silence.note), .integer(silence.created)])
    }

    /// Removes the silence `id`; false when there was none.
    public func removeSilence(_ id: String) async throws(StoreError) -> Bool {
        try await !store.query("DELETE FROM monitor_silences WHERE id = ? RETURNING id", [.text(id)]).isEmpty
    }

    /// Silences that have not ended by `now`, the soonest first.
    public func silences(now: Int64) async throws(StoreError) -> [Silence] {
        try await store.query("SELECT * FROM monitor_silences WHERE ends > ? ORDER BY starts, id", [.integer(now)]).map { row throws(StoreError) in
            Silence(id: try row.string("id"), target: try row.string("target"), starts: try row.int("starts"), ends: try row.int("ends"),
                    note: try row.string("note"), created: try row.int("created"))
        }
    }

    // MARK: - Reading history

    /// The buckets of `monitor` at `resolution` that start at or after `since`, oldest first.
    public func buckets(_ monitor: String, _ resolution: Resolution, since: Int64) async throws(StoreError) -> [Bucket] {
        try await store.query("""
            SELECT start, total, good, maintenance, latency_sum, latency_max FROM monitor_buckets \
            WHERE monitor = ? AND resolution = ? AND start >= ? ORDER BY start
            """, [.text(monitor), SQLValue(resolution.rawValue), .integer(since)]).map { row throws(StoreError) in
            Bucket(start: try row.int("start"), length: Int64(resolution.rawValue) * 1000, total: Int(try row.int("total")),
                   good: Int(try row.int("good")), maintenance: Int(try row.int("maintenance")),
                   latencySum: try row.double("latency_sum"), latencyMax: try row.double("latency_max"))
        }
    }

    /// Buckets of every monitor at `resolution` since `since`, by monitor: one query for a page of monitors.
    public func buckets(of monitors: [String], _ resolution: Resolution, since: Int64) async throws(StoreError) -> [String: [Bucket]] {
        var result: [String: [Bucket]] = [:]
        for start in stride(from: 0, to: monitors.count, by: 500) {
            let chunk = Array(monitors[start..<min(start + 500, monitors.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            let rows = try await store.query("""
                SELECT monitor, start, total, good, maintenance, latency_sum, latency_max FROM monitor_buckets \
                WHERE resolution = ? AND start >= ? AND monitor IN (\(marks)) ORDER BY monitor, start
                """, [SQLValue(resolution.rawValue), .integer(since)] + chunk.map { .text($0) })
            for row in rows {
                result[try row.string("monitor"), default: []].append(
                    Bucket(start: try row.int("start"), length: Int64(resolution.rawValue) * 1000, total: Int(try row.int("total")),
                           good: Int(try row.int("good")), maintenance: Int(try row.int("maintenance")),
                           latencySum: try row.double("latency_sum"), latencyMax: try row.double("latency_max")))
            }
        }
        return result
    }

    /// The newest raw results of `monitor`, newest first.
    public func results(_ monitor: String, limit: Int) async throws(StoreError) -> [Record] {
        try await store.query("""
            SELECT monitor, at, passed, latency_ms, status, reason, lateness_ms, maintenance FROM monitor_results \
            WHERE monitor = ? ORDER BY at DESC LIMIT ?
            """, [.text(monitor), SQLValue(limit)]).map { row throws(StoreError) in
            Record(monitor: try row.string("monitor"), at: try row.int("at"), passed: row["passed"]?.bool ?? false,
                   latency: try row.double("latency_ms"), status: row["status"]?.int.map(Int.init), reason: row["reason"]?.string,
                   lateness: try row.int("lateness_ms"), maintenance: row["maintenance"]?.bool ?? false)
        }
    }

    /// What an SLO over `window` seconds before `now` counts: minute buckets as far back as they
    /// are kept, hour buckets before that; checks in maintenance are already left out.
    public func sloSamples(_ monitor: String, window: Double, now: Int64) async throws(StoreError) -> [CheckSample] {
        try await sloSamples(of: [monitor], window: window, now: now)
    }

    /// The same over every check of several monitors (a group's objective), added up per bucket.
    public func sloSamples(of monitors: [String], window: Double, now: Int64) async throws(StoreError) -> [CheckSample] {
        let start = now - Int64(window * 1000)
        let minuteStart = max(start, now - Int64(retention.minutes * 1000))
        let hourLength = Int64(Resolution.hour.rawValue) * 1000
        let boundary = minuteStart - minuteStart % hourLength
        var samples: [CheckSample] = []
        if start < boundary {
            samples += try await totals(of: monitors, .hour, from: start - start % hourLength, before: boundary)
        }
        samples += try await totals(of: monitors, .minute, from: max(boundary, start - start % 60_000), before: .max)
        // The bucket still filling counts now, not once it ends.
        let end = Self.date(now)
        return samples.map { CheckSample(time: min($0.time, end), total: $0.total, good: $0.good) }
    }

    /// Checks and passes per bucket of `resolution` from `from` up to `before`, over `monitors`.
    private func totals(of monitors: [String], _ resolution: Resolution, from: Int64, before: Int64) async throws(StoreError) -> [CheckSample] {
        var byStart: [Int64: (total: Int, good: Int)] = [:]
        for first in stride(from: 0, to: monitors.count, by: 500) {
            let chunk = Array(monitors[first..<min(first + 500, monitors.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            let rows = try await store.query("""
                SELECT start, SUM(total) AS total, SUM(good) AS good FROM monitor_buckets \
                WHERE resolution = ? AND start >= ? AND start < ? AND monitor IN (\(marks)) GROUP BY start
                """, [SQLValue(resolution.rawValue), .integer(from), .integer(before)] + chunk.map { .text($0) })
            for row in rows {
                let start = try row.int("start")
                byStart[start, default: (0, 0)].total += Int(try row.int("total"))
                byStart[start, default: (0, 0)].good += Int(try row.int("good"))
            }
        }
        let length = Int64(resolution.rawValue) * 1000
        return byStart.keys.sorted().map { start in
            CheckSample(time: Self.date(start + length), total: byStart[start]!.total, good: byStart[start]!.good)
        }
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}

/// A monitor's scheduler state as stored, with its last check.
public struct StoredState: Sendable, Hashable {
    public var monitor: String
    public var state: Scheduler.State
    public var checkedAt: Int64?
    public var passed: Bool?
    public var latency: Double?
    public var status: Int?
    /// The SLO burn-rate alert firing now (`page`, `ticket`), if any.
    public var burning: String?

    public init(monitor: String, state: Scheduler.State, checkedAt: Int64? = nil, passed: Bool? = nil, latency: Double? = nil,
                status: Int? = nil, burning: String? = nil) {
        self.monitor = monitor
        self.state = state
        self.checkedAt = checkedAt
        self.passed = passed
        self.latency = latency
        self.status = status
        self.burning = burning
    }

    init(row: SQLRow) throws(StoreError) {
        monitor = try row.string("monitor")
        let health = try row.string("health")
        state = Scheduler.State(health: Scheduler.State.Health(rawValue: health) ?? .unknown,
                                failuresInARow: Int(try row.int("failures")), passesInARow: Int(try row.int("passes")),
                                due: .distantPast, downSince: row["down_since"]?.int.map(MonitorStore.date),
                                reason: row["reason"]?.string, lastTold: row["last_told"]?.int.map(MonitorStore.date))
        checkedAt = row["checked_at"]?.int
        passed = row["passed"]?.bool
        latency = row["latency_ms"]?.double
        status = row["status"]?.int.map(Int.init)
        burning = row["burning"]?.string
    }
}

/// Checks added up over one bucket of time.
public struct Bucket: Sendable, Hashable {
    /// Milliseconds since 1970, and the bucket's length in milliseconds.
    public var start: Int64
    public var length: Int64
    /// Checks outside maintenance, and how many of them passed.
    public var total = 0
    public var good = 0
    /// Checks in maintenance (not counted in `total`).
    public var maintenance = 0
    /// Latency of every check, in milliseconds.
    public var latencySum = 0.0
    public var latencyMax = 0.0

    public init(start: Int64, length: Int64, total: Int = 0, good: Int = 0, maintenance: Int = 0, latencySum: Double = 0,
                latencyMax: Double = 0) {
        self.start = start
        self.length = length
        self.total = total
        self.good = good
        self.maintenance = maintenance
        self.latencySum = latencySum
        self.latencyMax = latencyMax
    }

    mutating func add(_ record: MonitorStore.Record) {
        if record.maintenance {
            maintenance += 1
        } else {
            total += 1
            if record.passed { good += 1 }
        }
        latencySum += record.latency
        latencyMax = max(latencyMax, record.latency)
    }

    /// The share of counted checks that passed; nil without one.
    public var availability: Double? { total == 0 ? nil : Double(good) / Double(total) }
    /// The mean latency in milliseconds; nil without a check.
    public var meanLatency: Double? { total + maintenance == 0 ? nil : latencySum / Double(total + maintenance) }

    /// The bucket as an SLO counts it, at its end.
    public var sample: CheckSample {
        CheckSample(time: MonitorStore.date(start + length), total: total, good: good)
    }
}

/// A time a monitor was down.
public struct Incident: Sendable, Hashable {
    public var monitor: String
    public var started: Int64
    /// Nil while it is still down.
    public var ended: Int64?
    public var reason: String
}

/// A silence made at run time (through the API): alerts of its target are held and its checks do
/// not count toward SLOs, as in a maintenance window written in the configuration.
public struct Silence: Sendable, Hashable, Codable {
    public var id: String
    /// A monitor's name, a group's name, or `*` for every monitor.
    public var target: String
    public var starts: Int64
    public var ends: Int64
    public var note: String
    public var created: Int64

    public init(id: String, target: String, starts: Int64, ends: Int64, note: String, created: Int64) {
        self.id = id
        self.target = target
        self.starts = starts
        self.ends = ends
        self.note = note
        self.created = created
    }

    /// Whether it silences `monitor` at `time`.
    public func covers(_ monitor: Monitor, at time: Int64) -> Bool {
        guard time >= starts, time < ends else { return false }
        return target == "*" || target == monitor.name || target == monitor.group
    }
}
