import AnshinHTTP
@testable import AnshinMonitor
import AnshinStore
import AnshinTesting
import Foundation
import Synchronization
import Testing

extension StoreEngine: CustomTestStringConvertible {
    public var testDescription: String { rawValue }
}

/// The monitor history: buckets, retention and SLOs from stored buckets, on SQLite and PostgreSQL.
@Suite struct MonitorStoreTests {
    /// 2026-12-07 00:00:00 UTC, in milliseconds.
    static let midnight: Int64 = 1_796_601_600_000

    static func open(_ scratch: ScratchStore, retention: MonitorStore.Retention = .init()) async throws -> MonitorStore {
        try await MonitorStore.open(try await Store.open(scratch.location), retention: retention)
    }

    @Test(arguments: StoreEngine.allCases)
    func checksAddUpInMinuteHourAndDayBuckets(engine: StoreEngine) async throws {
        let scratch = try ScratchStore(engine, prefix: "monitor")
        let history = try await Self.open(scratch)
        defer { Task { await history.store.close() } }
        let minute: Int64 = 60_000
        // Three checks in the first minute (one failed, one in maintenance), one in the second,
        // one in the next hour; written in two batches, so buckets are added to, not replaced.
        try await history.write([
            .init(monitor: "api", at: Self.midnight + 1_000, passed: true, latency: 10),
            .init(monitor: "api", at: Self.midnight + 20_000, passed: false, latency: 50, status: 503, reason: "503"),
        ], worker: "w1", on: history.store)
        try await history.write([
            .init(monitor: "api", at: Self.midnight + 40_000, passed: false, latency: 30, maintenance: true),
            .init(monitor: "api", at: Self.midnight + minute + 5, passed: true, latency: 20),
            .init(monitor: "api", at: Self.midnight + 60 * minute, passed: true, latency: 5),
            .init(monitor: "web", at: Self.midnight, passed: true, latency: 1),
        ], worker: "w2", on: history.store)
        let minutes = try await history.buckets("api", .minute, since: 0)
        #expect(minutes.map(\.start) == [Self.midnight, Self.midnight + minute, Self.midnight + 60 * minute])
        #expect(minutes.map(\.total) == [2, 1, 1], "the check in maintenance is not counted")
        #expect(minutes.map(\.good) == [1, 1, 1])
        #expect(minutes.map(\.maintenance) == [1, 0, 0])
        #expect(minutes[0].latencyMax == 50 && minutes[0].latencySum == 90 && minutes[0].meanLatency == 30)
        let hours = try await history.buckets("api", .hour, since: 0)
        #expect(hours.map(\.total) == [3, 1] && hours.map(\.good) == [2, 1])
        let days = try await history.buckets("api", .day, since: 0)
        #expect(days.count == 1 && days[0].total == 4 && days[0].good == 3 && days[0].latencyMax == 50)
        // Buckets of several monitors in one query.
        let page = try await history.buckets(of: ["api", "web", "none"], .day, since: 0)
        #expect(page["api"]?.first?.total == 4 && page["web"]?.first?.total == 1 && page["none"] == nil)
        let results = try await history.results("api", limit: 2)
        #expect(results.map(\.at) == [Self.midnight + 60 * minute, Self.midnight + minute + 5])
    }

    @Test(arguments: StoreEngine.allCases)
    func pruningKeepsEachResolutionForItsRetention(engine: StoreEngine) async throws {
        let scratch = try ScratchStore(engine, prefix: "monitor")
        let retention = MonitorStore.Retention(raw: 3600, minutes: 2 * 3600, hours: 86400, days: 10 * 86400)
        let history = try await Self.open(scratch, retention: retention)
        defer { Task { await history.store.close() } }
        let hour: Int64 = 3_600_000
        // One check every hour for three days.
        let records = (0..<72).map { MonitorStore.Record(monitor: "api", at: Self.midnight + Int64($0) * hour, passed: true, latency: 1) }
        try await history.write(records, worker: "w", on: history.store)
        let now = Self.midnight + 72 * hour
        let deleted = try await history.prune(now: now)
        #expect(try await history.results("api", limit: 100).map(\.at) == [now - hour], "raw results of the last hour")
        #expect(try await history.buckets("api", .minute, since: 0).count == 2, "minute buckets of the last two hours")
        #expect(try await history.buckets("api", .hour, since: 0).count == 24, "hour buckets of the last day")
        #expect(try await history.buckets("api", .day, since: 0).count == 3, "day buckets are kept for ten days")
        #expect(deleted == (72 - 1) + (72 - 2) + (72 - 24))
    }

    /// An SLO over a window longer than minute buckets are kept for reads hour buckets for the
    /// older part; the figures are computed by hand.
    @Test(arguments: StoreEngine.allCases)
    func objectivesReadHourBucketsBeyondMinuteRetention(engine: StoreEngine) async throws {
        let scratch = try ScratchStore(engine, prefix: "monitor")
        let history = try await Self.open(scratch, retention: .init(minutes: 2 * 3600))
        defer { Task { await history.store.close() } }
        // One check a minute for 6 hours; 12 failures in the first hour, 6 in the last 30 minutes.
        let minute: Int64 = 60_000
        var records: [MonitorStore.Record] = []
        for index in 0..<360 {
            let failed = (index < 60 && index % 5 == 0) || (index >= 330 && index % 5 == 0)
            records.append(.init(monitor: "api", at: Self.midnight + Int64(index) * minute + 30_000, passed: !failed, latency: 1))
        }
        try await history.write(records, worker: "w", on: history.store)
        let now = Self.midnight + 360 * minute
        let samples = try await history.sloSamples("api", window: 6 * 3600, now: now)
        #expect(samples.reduce(0) { $0 + $1.total } == 360)
        #expect(samples.reduce(0) { $0 + $1.good } == 360 - 18)
        #expect(samples.filter { $0.total > 1 }.count == 4, "hours 0-3 from hour buckets, the last two hours by the minute")
        let slo = ServiceLevelObjective(objective: 0.99, window: 6 * 3600)
        let status = slo.status(samples, at: MonitorStore.date(now))
        // 18 of 360 failed: 95 % available, 5 % errors against a 1 % budget: 4 budgets overspent.
        #expect(status.availability == 342.0 / 360)
        #expect(abs((status.budgetRemaining ?? 0) - (1 - 5)) < 1e-9)
        // The last 30 minutes: 6 of 30 failed, 20 % / 1 % = burn rate 20; the last hour 6 of 60: 10.
        #expect(slo.burnRate(samples, over: 1800, at: MonitorStore.date(now)).map { ($0 * 1000).rounded() / 1000 } == 20)
        #expect(slo.burnRate(samples, over: 3600, at: MonitorStore.date(now)).map { ($0 * 1000).rounded() / 1000 } == 10)
    }
}

/// The worker driven step by step with a manual clock and scripted check outcomes.
@Suite struct MonitorWorkerTests {
    final class Script: Sendable {
        let passing = Mutex<[String: Bool]>([:])
        let clock = Mutex(Date(timeIntervalSince1970: 1_796_601_600))

        func set(_ name: String, _ passed: Bool) { passing.withLock { $0[name] = passed } }
        func advance(_ seconds: Double) { clock.withLock { $0 = $0.addingTimeInterval(seconds) } }
        var now: Date { clock.withLock { $0 } }

        func outcome(_ monitor: Monitor) -> CheckOutcome {
            let passed = passing.withLock { $0[monitor.name] ?? true }
            let result = ProbeResult(connected: true, status: passed ? 200 : 503, timings: .init(total: 12), startedAt: now)
            return CheckOutcome(monitor: monitor, result: result, conditions: [], health: nil, passed: passed,
                                reason: passed ? nil : "[STATUS] (503) < 400", attempts: 1)
        }
    }

    static func monitor(_ name: String) -> Monitor {
        Monitor(name: name, probe: .http(HTTPProbeSpec(url: "http://127.0.0.1:1/")), interval: 60, failingInterval: 10,
                failureThreshold: 2, recoveryThreshold: 1)
    }

    static func worker(_ history: MonitorStore, _ script: Script, owner: String = "w1") -> MonitorWorker {
        MonitorWorker(store: history, options: .init(owner: owner), clock: { script.now }, check: { script.outcome($0) })
    }

    /// Claims what is due now, checks it and writes the results.
    static func step(_ worker: MonitorWorker, _ script: Script) async throws -> [Scheduler.Event] {
        let leases = try await worker.claim(limit: 100, now: script.now)
        let finished = leases.compactMap { lease in
            worker.monitors.first { $0.name == lease.item }.map {
                MonitorWorker.Finished(lease: lease, outcome: script.outcome($0), started: script.now)
            }
        }
        return try await worker.flush(finished)
    }

    @Test func downIsToldOnceAcrossARestartAndHistoryIsKept() async throws {
        let folder = try TemporaryDirectory()
        let location = "sqlite:\(folder.path)/history.db"
        let script = Script()
        var history = try await MonitorStore.open(try await Store.open(location))
        var worker = Self.worker(history, script)
        try await worker.update([Self.monitor("api"), Self.monitor("web")])
        script.advance(60)
        #expect(try await Self.step(worker, script).isEmpty, "both pass")
        script.set("api", false)
        script.advance(60)
        #expect(try await Self.step(worker, script).isEmpty, "one failure is under the threshold")
        script.advance(10)
        let down = try await Self.step(worker, script)
        #expect(down == [.down(monitor: "api", reason: "[STATUS] (503) < 400", at: script.now)])
        let downAt = script.now
        #expect(try await history.incidents(since: 0).map(\.monitor) == ["api"])
        await history.store.close()

        // A new process on the same store: the state is read back, so the outage is not told again.
        history = try await MonitorStore.open(try await Store.open(location))
        worker = Self.worker(history, script, owner: "w2")
        try await worker.update([Self.monitor("api"), Self.monitor("web")])
        script.advance(10)
        #expect(try await Self.step(worker, script).isEmpty, "still down: no second alert")
        script.set("api", true)
        script.advance(10)
        let recovered = try await Self.step(worker, script)
        #expect(recovered == [.recovered(monitor: "api", since: downAt, at: script.now)])
        let incident = try #require(try await history.incidents(since: 0).first)
        #expect(incident.ended == MonitorStore.milliseconds(script.now))
        let results = try await history.results("api", limit: 100)
        #expect(results.count == 5, "every check of both processes is kept")
        #expect(results.map(\.passed) == [true, false, false, false, true])
        #expect(worker.statistics.checks >= 2)
        await history.store.close()
    }

    @Test func aSilenceHoldsAlertsAndLeavesChecksOutOfTheObjective() async throws {
        let scratch = try ScratchStore(.sqlite, prefix: "monitor")
        let history = try await MonitorStore.open(try await Store.open(scratch.location))
        defer { Task { await history.store.close() } }
        let script = Script()
        let worker = Self.worker(history, script)
        try await worker.update([Self.monitor("api")])
        let now = MonitorStore.milliseconds(script.now)
        try await history.addSilence(Silence(id: "deploy", target: "api", starts: now, ends: now + 3_600_000, note: "deploy", created: now))
        script.set("api", false)
        script.advance(60)
        #expect(try await Self.step(worker, script).isEmpty)
        script.advance(10)
        #expect(try await Self.step(worker, script).isEmpty, "down, but silenced")
        let minutes = try await history.buckets("api", .minute, since: 0)
        #expect(minutes.reduce(0) { $0 + $1.total } == 0 && minutes.reduce(0) { $0 + $1.maintenance } == 2)
        #expect(try await history.removeSilence("deploy"))
        #expect(try await !history.removeSilence("deploy"))
        script.advance(10)
        #expect(try await Self.step(worker, script).map(\.monitor) == ["api"], "told once the silence is gone")
    }

    @Test func aBurningBudgetIsToldWhenItStartsAndWhenItStops() async throws {
        let scratch = try ScratchStore(.sqlite, prefix: "monitor")
        let history = try await MonitorStore.open(try await Store.open(scratch.location))
        defer { Task { await history.store.close() } }
        let script = Script()
        let worker = Self.worker(history, script)
        var monitor = Self.monitor("api")
        monitor.interval = 60
        monitor.failureThreshold = 100
        monitor.slo = ServiceLevelObjective(objective: 0.99, window: 30 * 86400)
        try await worker.update([monitor])
        // An hour of checks, one a minute; the last 10 fail: 1/6 of the hour (burn 16.7 ≥ 14.4)
        // and every check of the last 5 minutes (burn 100).
        for minute in 0..<60 {
            script.set("api", minute < 50)
            script.advance(60)
            _ = try await Self.step(worker, script)
        }
        let burning = try await worker.evaluateObjectives(now: script.now)
        guard case .budgetBurn(let name, let alert, _, _)? = burning.first else {
            Issue.record("no burn alert: \(burning)")
            return
        }
        #expect(name == "api" && alert == "page: 14.4× over 1h and 5m")
        #expect(try await worker.evaluateObjectives(now: script.now).isEmpty, "told once")
        func pass(minutes: Int) async throws {
            script.set("api", true)
            for _ in 0..<minutes {
                script.advance(60)
                _ = try await Self.step(worker, script)
            }
        }
        // Ten good minutes: the 5-minute window is clean, but 10 of the last 30 failed and 10 of
        // 70 over 6 hours (burn 14.3 ≥ 6): the slower page takes over, and that is told.
        try await pass(minutes: 10)
        let slower = try await worker.evaluateObjectives(now: script.now)
        #expect(slower.count == 1)
        if case .budgetBurn(_, let alert, let remaining, _)? = slower.first {
            #expect(alert == "page: 6× over 6h and 30m")
            // 10 of 70 failed against a 1 % budget: (1 − 10/70 / 0.01) of the budget is left.
            #expect(abs((remaining ?? 0) - (1 - (10.0 / 70) / 0.01)) < 1e-9)
        }
        // Six clean hours: no window burns any more (the ticket's 6-hour window is clean too).
        try await pass(minutes: 360)
        let ended = try await worker.evaluateObjectives(now: script.now)
        #expect(ended == [.budgetBurnEnded(monitor: "api", at: script.now)], "\(ended)")
    }
}

extension MonitorWorkerTests {
    /// A group's objective counts every check of its monitors: one monitor failing half its checks
    /// burns the budget of a group of two at a quarter of its checks.
    @Test func aGroupObjectiveCountsEveryCheckOfItsMonitors() async throws {
        let scratch = try ScratchStore(.sqlite, prefix: "monitor")
        let history = try await MonitorStore.open(try await Store.open(scratch.location))
        defer { Task { await history.store.close() } }
        let script = Script()
        let worker = Self.worker(history, script)
        var api = Self.monitor("api")
        var web = Self.monitor("web")
        api.group = "public"
        web.group = "public"
        api.failureThreshold = 1000
        try await worker.update([api, web], groups: ["public": ServiceLevelObjective(objective: 0.99, window: 30 * 86400)])
        for minute in 0..<60 {
            script.set("api", minute % 2 == 0)
            script.advance(60)
            _ = try await Self.step(worker, script)
        }
        let samples = try await history.sloSamples(of: ["api", "web"], window: 3600, now: MonitorStore.milliseconds(script.now))
        #expect(samples.reduce(0) { $0 + $1.total } == 120 && samples.reduce(0) { $0 + $1.good } == 90)
        let events = try await worker.evaluateObjectives(now: script.now)
        #expect(events.count == 1)
        if case .budgetBurn(let name, let alert, let remaining, _)? = events.first {
            #expect(name == "group public" && alert == "page: 14.4× over 1h and 5m")
            #expect(abs((remaining ?? 0) - (1 - 0.25 / 0.01)) < 1e-9)
        }
        #expect(try await worker.evaluateObjectives(now: script.now).isEmpty, "told once")
        let overview = try await MonitorOverview.load([api, web], store: history, now: script.now,
                                                      groups: ["public": ServiceLevelObjective(objective: 0.99, window: 30 * 86400)])
        #expect(overview.groups["public"]?.status.availability == 0.75)
        #expect(MonitorAPI.metrics(overview).contains("anshin_group_slo_availability{group=\"public\"} 0.75"))
        #expect(MonitorPages.status(overview, title: "t").contains("75 % of checks passed over 30d (objective 99 %)"))
    }
}

/// Workers sharing one PostgreSQL store, checking a real loopback HTTP server.
@Suite(.serialized) struct SharedStoreTests {
    @Test func twoWorkersSplitTheMonitorsAndOneDyingLosesNoChecks() async throws {
        let server = try await LoopbackHTTPServer.start { _ in HTTPResponse(status: 200, body: Array("ok".utf8)) }
        defer { Task { await server.stop() } }
        let location = try PostgresServer.shared().database("monitor")
        let monitors = (0..<20).map { index in
            Monitor(name: "m\(index)", probe: .http(HTTPProbeSpec(url: "\(server.endpoint)/m\(index)")), timeout: 1, interval: 1)
        }
        let runner = CheckRunner()
        func worker(_ owner: String) async throws -> MonitorWorker {
            let history = try await MonitorStore.open(try await Store.open(location))
            return MonitorWorker(store: history, options: .init(owner: owner, concurrency: 8, pollInterval: 0.05, leaseMargin: 0.5),
                                 check: { await runner.check($0) })
        }
        let first = try await worker("first")
        let second = try await worker("second")
        try await first.update(monitors)
        try await second.update(monitors)
        let end = Date().addingTimeInterval(3)
        async let a: Void = first.run(until: end) { _ in }
        async let b: Void = second.run(until: end) { _ in }
        _ = try await (a, b)
        let byWorker = try await first.store.store.query("SELECT worker, COUNT(*) AS n FROM monitor_results GROUP BY worker")
        let counts = Dictionary(uniqueKeysWithValues: try byWorker.map { (try $0.string("worker"), try $0.int("n")) })
        #expect((counts["first"] ?? 0) > 0 && (counts["second"] ?? 0) > 0, "both workers checked: \(counts)")
        // No check was made twice: a monitor is checked at most once per second, whoever holds it.
        let perMonitor = try await first.store.store.query("SELECT monitor, COUNT(*) AS n FROM monitor_results GROUP BY monitor")
        #expect(perMonitor.count == 20)
        #expect(try perMonitor.allSatisfy { (1...4).contains(try $0.int("n")) }, "at most one check per second each")

        // The first worker dies holding leases: it claims everything due and never completes.
        try await Task.sleep(for: .milliseconds(1100))
        let held = try await first.claim(limit: 100, now: Date())
        #expect(held.count == 20, "every monitor is due after a second")
        let before = try await first.store.store.query("SELECT COUNT(*) AS n FROM monitor_results")[0].int("n")
        try await second.run(until: Date().addingTimeInterval(4)) { _ in }
        let after = try await second.store.store.query("""
            SELECT monitor, COUNT(*) AS n FROM monitor_results WHERE worker = 'second' GROUP BY monitor
            """)
        let checkedBySecond = Set(try after.map { try $0.string("monitor") })
        #expect(Set(held.map(\.item)).isSubset(of: checkedBySecond), "the dead worker's monitors were taken over")
        let total = try await second.store.store.query("SELECT COUNT(*) AS n FROM monitor_results")[0].int("n")
        #expect(total > before)
        await first.store.store.close()
        await second.store.store.close()
    }
}
