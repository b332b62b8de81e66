import AnshinStore
import Foundation

/// What the web pages, the API and `/metrics` show of the monitors at one instant, read from the
/// store: each monitor's state, its recent buckets and where its SLO stands.
public struct MonitorOverview: Sendable {
    /// A monitor as shown now.
    public struct Entry: Sendable {
        public var monitor: Monitor
        public var stored: StoredState?
        /// Up, down, unknown (never checked) or maintenance (silenced now).
        public var state: String
        /// The status page's 90 daily buckets, oldest first (days without checks have none).
        public var days: [Bucket] = []
        /// Hourly buckets of the last 24 hours.
        public var hours: [Bucket] = []
        public var slo: ServiceLevelStatus?

        /// The share of counted checks that passed over `buckets`; nil without one.
        public static func availability(_ buckets: [Bucket]) -> Double? {
            let total = buckets.reduce(0) { $0 + $1.total }
            return total == 0 ? nil : Double(buckets.reduce(0) { $0 + $1.good }) / Double(total)
        }
    }

    public var now: Date
    public var entries: [Entry]
    public var incidents: [Incident]
    public var silences: [Silence]
    /// Each group objective and where it stands.
    public var groups: [String: (objective: ServiceLevelObjective, status: ServiceLevelStatus)] = [:]

    /// The state every monitor is in, sorted by group then name; `detail` loads buckets and SLOs
    /// for the monitors it names only (a page of the dashboard), `days` for the status page.
    public static func load(_ monitors: [Monitor], store: MonitorStore, now: Date, detail: Set<String>? = nil,
                            days: Bool = false, groups: [String: ServiceLevelObjective] = [:]) async throws(StoreError) -> MonitorOverview {
        let millis = MonitorStore.milliseconds(now)
        let states = try await store.allStates()
        let silences = try await store.silences(now: millis)
        let sorted = monitors.sorted { ($0.group ?? "", $0.name) < ($1.group ?? "", $1.name) }
        var entries = sorted.map { monitor in
            let stored = states[monitor.name]
            let silenced = silences.contains { $0.covers(monitor, at: millis) } || monitor.maintenance.contains { $0.contains(now) }
            let state = silenced ? "maintenance" : (stored?.state.health ?? .unknown).rawValue
            return Entry(monitor: monitor, stored: stored, state: state)
        }
        let wanted = entries.indices.filter { detail?.contains(entries[$0].monitor.name) ?? true }
        let names = wanted.map { entries[$0].monitor.name }
        let dayLength = Int64(MonitorStore.Resolution.day.rawValue) * 1000
        let today = millis - millis % dayLength
        let dayBuckets = days ? try await store.buckets(of: names, .day, since: today - 89 * dayLength) : [:]
        let hourLength = Int64(MonitorStore.Resolution.hour.rawValue) * 1000
        let hourBuckets = try await store.buckets(of: names, .hour, since: millis - millis % hourLength - 23 * hourLength)
        for index in wanted {
            let name = entries[index].monitor.name
            entries[index].days = dayBuckets[name] ?? []
            entries[index].hours = hourBuckets[name] ?? []
            if let slo = entries[index].monitor.slo {
                let samples = try await store.sloSamples(name, window: slo.window, now: millis)
                entries[index].slo = slo.status(samples, at: now)
            }
        }
        let incidents = try await store.incidents(since: millis - 7 * 86_400_000)
        var overview = MonitorOverview(now: now, entries: entries, incidents: incidents, silences: silences)
        for (group, objective) in groups {
            let members = monitors.filter { $0.group == group }.map(\.name)
            let samples = try await store.sloSamples(of: members, window: objective.window, now: millis)
            overview.groups[group] = (objective, objective.status(samples, at: now))
        }
        return overview
    }

    /// How many monitors are in each state.
    public var counts: [String: Int] {
        entries.reduce(into: [:]) { $0[$1.state, default: 0] += 1 }
    }
}
