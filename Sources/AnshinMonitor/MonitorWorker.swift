import AnshinStore
import Foundation
import Synchronization

/// Checks monitors continuously from a shared store: claims the monitors that are due from the
/// store's lease queue, checks them (at most `concurrency` at a time), and writes each result,
/// the monitor's new state and its next due time in one transaction.
///
/// Several workers (processes, machines) may share one PostgreSQL store: each claims different
/// monitors, and the monitors a dead worker held become due for the others once its leases
/// expire, so no check is lost — only late by at most a lease. Alerts are decided from the
/// shared state inside that transaction, so a monitor going down is told once, whichever worker
/// saw it.
public final class MonitorWorker: Sendable {
    public struct Options: Sendable {
        /// Who holds the leases (unique per worker).
        public var owner: String
        public var concurrency: Int
        /// How often people are reminded of a monitor still down; nil never.
        public var reminderInterval: Double?
        /// How often the queue is asked for due monitors, in seconds.
        public var pollInterval: Double
        /// How long a lease outlives the longest check it can take, in seconds.
        public var leaseMargin: Double
        /// How often SLOs are evaluated for burn-rate alerts, and history pruned, in seconds.
        public var sloInterval: Double
        public var pruneInterval: Double

        public init(owner: String, concurrency: Int = 256, reminderInterval: Double? = nil, pollInterval: Double = 0.1,
                    leaseMargin: Double = 15, sloInterval: Double = 60, pruneInterval: Double = 3600) {
            self.owner = owner
            self.concurrency = concurrency
            self.reminderInterval = reminderInterval
            self.pollInterval = pollInterval
            self.leaseMargin = leaseMargin
            self.sloInterval = sloInterval
            self.pruneInterval = pruneInterval
        }
    }

    public let store: MonitorStore
    public let options: Options
    private let check: @Sendable (Monitor) async -> CheckOutcome
    private let clock: @Sendable () -> Date
    private let configured = Mutex<[String: Monitor]>([:])
    private let groups = Mutex<[String: ServiceLevelObjective]>([:])
    public let statistics = WorkerStatistics()

    public init(store: MonitorStore, options: Options, clock: @escaping @Sendable () -> Date = { Date() },
                check: @escaping @Sendable (Monitor) async -> CheckOutcome) {
        self.store = store
        self.options = options
        self.clock = clock
        self.check = check
    }

    /// The monitors this worker checks now, and the objectives of whole groups.
    public var monitors: [Monitor] { configured.withLock { Array($0.values) } }
    public var groupObjectives: [String: ServiceLevelObjective] { groups.withLock { $0 } }

    /// Takes the monitors as configured (at start and on every change): new ones join the queue,
    /// spread over their interval; ones no longer configured leave it. `groups` are the objectives
    /// of whole groups.
    public func update(_ monitors: [Monitor], groups: [String: ServiceLevelObjective] = [:]) async throws(StoreError) {
        let byName = Dictionary(monitors.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        configured.withLock { $0 = byName }
        self.groups.withLock { $0 = groups }
        let now = MonitorStore.milliseconds(clock())
        let queued = Set(try await MonitorStore.queue.items(on: store.store).map(\.item))
        let added = monitors.filter { !queued.contains($0.name) }.map {
            (item: $0.name, dueAt: now + Int64(Scheduler.offset(of: $0.name, within: $0.interval) * 1000))
        }
        try await MonitorStore.queue.add(added, on: store.store)
        try await store.forget(queued.filter { byName[$0] == nil }.sorted(), on: store.store)
    }

    /// What one finished check brings back to the loop.
    struct Finished: Sendable {
        var lease: Lease
        var outcome: CheckOutcome
        var started: Date
    }

    /// Checks until `end` (or cancellation), calling `events` after each batch of results is
    /// written. Leases are given back when it stops, so another worker takes over at once.
    public func run(until end: Date? = nil, reload: (@Sendable () async -> MonitorConfiguration?)? = nil, reloadInterval: Double = 2,
                    events: @escaping @Sendable ([Scheduler.Event]) async -> Void) async throws {
        enum Step: Sendable {
            case finished(Finished)
            case tick
        }
        var lastReload = clock()
        var lastSLO = Date.distantPast
        var lastPrune = Date.distantPast
        try await withThrowingTaskGroup(of: Step.self) { group in
            var inFlight = 0
            var ticking = false
            var pending: [Finished] = []
            var lastFlush = clock()
            while !Task.isCancelled {
                let now = clock()
                if let end, now >= end { break }
                if let reload, now.timeIntervalSince(lastReload) >= reloadInterval {
                    lastReload = now
                    if let configuration = await reload() { try await update(configuration.monitors, groups: configuration.groups) }
                }
                if inFlight < options.concurrency {
                    for lease in try await claim(limit: options.concurrency - inFlight, now: now) {
                        guard let monitor = configured.withLock({ $0[lease.item] }) else { continue }
                        inFlight += 1
                        group.addTask { [check, clock] in
                            let started = clock()
                            return .finished(Finished(lease: lease, outcome: await check(monitor), started: started))
                        }
                    }
                }
                if !pending.isEmpty, pending.count >= 256 || now.timeIntervalSince(lastFlush) >= 0.25 {
                    let told = try await flush(pending)
                    pending.removeAll()
                    lastFlush = now
                    if !told.isEmpty { await events(told) }
                }
                if now.timeIntervalSince(lastSLO) >= options.sloInterval {
                    lastSLO = now
                    let told = try await evaluateObjectives(now: now)
                    if !told.isEmpty { await events(told) }
                }
                if now.timeIntervalSince(lastPrune) >= options.pruneInterval {
                    lastPrune = now
                    try await store.prune(now: MonitorStore.milliseconds(now))
                }
                if !ticking {
                    ticking = true
                    let pause = options.pollInterval
                    group.addTask {
                        try? await Task.sleep(for: .milliseconds(Int64(pause * 1000)))
                        return .tick
                    }
                }
                switch try await group.next() {
                case .finished(let finished)?:
                    inFlight -= 1
                    pending.append(finished)
                case .tick?:
                    ticking = false
                case nil:
                    break
                }
            }
            // Checks under way are finished and written; nothing claimed is dropped.
            while let step = try await group.next() {
                if case .finished(let finished) = step { pending.append(finished) }
            }
            let told = try await flush(pending)
            if !told.isEmpty { await events(told) }
        }
        try await MonitorStore.queue.release(owner: options.owner, on: store.store)
    }

    /// Claims due monitors for as long as their slowest check may take.
    func claim(limit: Int, now: Date) async throws(StoreError) -> [Lease] {
        let longest = configured.withLock { $0.values.map { $0.timeout * Double($0.retries + 1) }.max() } ?? 10
        let millis = MonitorStore.milliseconds(now)
        return try await MonitorStore.queue.claim(owner: options.owner, now: millis, dueBy: millis, limit: limit,
                                                  leaseFor: Int64((longest + options.leaseMargin) * 1000), on: store.store)
    }

    /// Writes finished checks in one transaction: results, states, incidents and next due times.
    /// Checks whose lease was lost meanwhile are dropped (their new holder checks them). Returns
    /// what people should be told.
    func flush(_ finished: [Finished]) async throws -> [Scheduler.Event] {
        guard !finished.isEmpty else { return [] }
        let now = clock()
        let silences = try await store.silences(now: MonitorStore.milliseconds(now))
        let (events, records) = try await store.store.transaction { database in
            let states = try await store.states(of: finished.map(\.lease.item), on: database)
            var events: [Scheduler.Event] = []
            var records: [MonitorStore.Record] = []
            var saved: [StoredState] = []
            for item in finished {
                let monitor = item.outcome.monitor
                let at = MonitorStore.milliseconds(item.started)
                let silenced = silences.contains { $0.covers(monitor, at: at) }
                var stored = states[monitor.name] ?? StoredState(monitor: monitor.name, state: Scheduler.State(due: now))
                let wasDown = stored.state.health == .down
                let told = Scheduler.advance(&stored.state, of: monitor, passed: item.outcome.passed, reason: item.outcome.reason,
                                             at: item.started, reminderInterval: options.reminderInterval, silenced: silenced)
                // The next check keeps the cadence of the schedule, not of when this one ended.
                let interval = Int64(stored.state.due.timeIntervalSince(item.started) * 1000)
                let nowMillis = MonitorStore.milliseconds(now)
                let next = item.lease.dueAt + interval > nowMillis ? item.lease.dueAt + interval : nowMillis + interval
                guard try await MonitorStore.queue.complete(item.lease, nextDue: next, on: database) else { continue }
                let latency = item.outcome.result.timings.total
                stored.checkedAt = at
                stored.passed = item.outcome.passed
                stored.latency = latency
                stored.status = item.outcome.result.status
                saved.append(stored)
                let maintenance = silenced || monitor.maintenance.contains { $0.contains(item.started) }
                records.append(MonitorStore.Record(monitor: monitor.name, at: at, passed: item.outcome.passed, latency: latency,
                                                   status: item.outcome.result.status, reason: item.outcome.reason,
                                                   lateness: max(0, at - item.lease.dueAt), maintenance: maintenance))
                if !wasDown, stored.state.health == .down {
                    try await store.openIncident(monitor.name, at: MonitorStore.milliseconds(stored.state.downSince ?? item.started),
                                                 reason: stored.state.reason ?? "failed", on: database)
                } else if wasDown, stored.state.health == .up {
                    try await store.closeIncident(monitor.name, at: at, on: database)
                }
                events += told
            }
            try await store.save(saved, on: database)
            try await store.write(records, worker: options.owner, on: database)
            return (events, records)
        }
        statistics.add(records)
        return events
    }

    /// Evaluates each SLO's burn-rate alerts, of monitors and of groups, and says when one starts
    /// or stops firing (a group's event names "group NAME"). Every worker evaluates every
    /// objective; the shared state makes sure each change is told once.
    func evaluateObjectives(now: Date) async throws -> [Scheduler.Event] {
        let monitors = configured.withLock { Array($0.values) }.sorted { $0.name < $1.name }
        let groups = self.groups.withLock { $0 }
        let millis = MonitorStore.milliseconds(now)
        let longestAlert = BurnRateAlert.workbook.map(\.long).max() ?? 0
        /// The first alert firing for each objective (nil when none fires).
        var monitorAlerts: [String: (alert: BurnRateAlert, status: ServiceLevelStatus)?] = [:]
        for monitor in monitors {
            guard let slo = monitor.slo else { continue }
            let samples = try await store.sloSamples(monitor.name, window: max(slo.window, longestAlert), now: millis)
            let status = slo.status(samples, at: now)
            // updateValue keeps a nil (nothing fires) where a subscript assignment would remove the key.
            monitorAlerts.updateValue(status.firing.first.map { ($0, status) }, forKey: monitor.name)
        }
        var groupAlerts: [String: (alert: BurnRateAlert, status: ServiceLevelStatus)?] = [:]
        for (group, slo) in groups {
            let members = monitors.filter { $0.group == group }.map(\.name)
            let samples = try await store.sloSamples(of: members, window: max(slo.window, longestAlert), now: millis)
            let status = slo.status(samples, at: now)
            groupAlerts.updateValue(status.firing.first.map { ($0, status) }, forKey: group)
        }
        guard !monitorAlerts.isEmpty || !groupAlerts.isEmpty else { return [] }
        return try await store.store.transaction { database in
            let states = try await store.states(of: monitorAlerts.keys.sorted(), on: database)
            var events: [Scheduler.Event] = []
            var changed: [StoredState] = []
            for name in monitorAlerts.keys.sorted() {
                guard var stored = states[name], let event = Self.change(of: name, from: stored.burning, to: monitorAlerts[name]!, at: now) else {
                    continue
                }
                stored.burning = monitorAlerts[name]!?.alert.description
                events.append(event)
                changed.append(stored)
            }
            try await store.save(changed, on: database)
            let burning = try await store.groupBurning(on: database)
            for group in groupAlerts.keys.sorted() {
                guard let event = Self.change(of: "group \(group)", from: burning[group], to: groupAlerts[group]!, at: now) else { continue }
                try await store.setGroupBurning(group, groupAlerts[group]!?.alert.description, on: database)
                events.append(event)
            }
            return events
        }
    }

    /// What to tell when an objective's firing alert goes from `before` to `after`; nil when nothing changed.
    static func change(of name: String, from before: String?, to after: (alert: BurnRateAlert, status: ServiceLevelStatus)?,
                       at now: Date) -> Scheduler.Event? {
        if let (alert, status) = after, before != alert.description {
            return .budgetBurn(monitor: name, alert: alert.description, budgetRemaining: status.budgetRemaining, at: now)
        }
        if after == nil, before != nil { return .budgetBurnEnded(monitor: name, at: now) }
        return nil
    }
}

/// What a worker has done since it started: checks, failures and how late checks started.
public final class WorkerStatistics: Sendable {
    private struct Counts {
        var checks = 0
        var failed = 0
        /// Checks by lateness in whole milliseconds, up to a minute; later ones in the last slot.
        var lateness = [Int](repeating: 0, count: 60_001)
        var latest: Int64 = 0
    }

    private let counts = Mutex(Counts())

    func add(_ records: [MonitorStore.Record]) {
        counts.withLock { counts in
            for record in records {
                counts.checks += 1
                if !record.passed { counts.failed += 1 }
                counts.lateness[Int(min(max(record.lateness, 0), 60_000))] += 1
                counts.latest = max(counts.latest, record.lateness)
            }
        }
    }

    public var checks: Int { counts.withLock { $0.checks } }
    public var failed: Int { counts.withLock { $0.failed } }

    /// The lateness (milliseconds) that `fraction` of checks started within.
    public func latenessPercentile(_ fraction: Double) -> Int64 {
        counts.withLock { counts in
            guard counts.checks > 0 else { return 0 }
            if fraction >= 1 { return counts.latest }
            let rank = Int((Double(counts.checks) * fraction).rounded(.up))
            var seen = 0
            for (milliseconds, count) in counts.lateness.enumerated() {
                seen += count
                if seen >= max(rank, 1) { return milliseconds == 60_000 ? counts.latest : Int64(milliseconds) }
            }
            return counts.latest
        }
    }
}
