import AnshinCore
import Foundation

/// When each monitor is checked next and whether it is up or down: a state machine driven by a
/// clock its caller owns, so it is tested with a manual clock and no sleeps.
///
/// A monitor is down after `failureThreshold` failed checks in a row and up again after
/// `recoveryThreshold` passed ones; while failing it is checked every `failingInterval`. People
/// are told once when a monitor goes down, once when it recovers, and reminded every
/// `reminderInterval` while it stays down; during one of its maintenance windows nothing new is
/// told (an outage still open when the window ends is told then). First
/// checks are spread over each monitor's interval, so thousands of monitors do not start at once.
public struct Scheduler: Sendable {
    /// What happened that people should be told.
    public enum Event: Sendable, Hashable {
        /// The monitor crossed its failure threshold.
        case down(monitor: String, reason: String, at: Date)
        /// Still down, `since` when.
        case reminder(monitor: String, reason: String, since: Date, at: Date)
        /// Up again after being down since `since`.
        case recovered(monitor: String, since: Date, at: Date)
        /// The monitor's SLO burns its error budget too fast: `alert` ("page: 14.4× over 1h and 5m") fires.
        case budgetBurn(monitor: String, alert: String, budgetRemaining: Double?, at: Date)
        /// No burn-rate alert of the monitor's SLO fires any more.
        case budgetBurnEnded(monitor: String, at: Date)

        public var monitor: String {
            switch self {
            case .down(let monitor, _, _), .reminder(let monitor, _, _, _), .recovered(let monitor, _, _),
                 .budgetBurn(let monitor, _, _, _), .budgetBurnEnded(let monitor, _): monitor
            }
        }
    }

    /// One monitor's state between checks.
    public struct State: Sendable, Hashable {
        public enum Health: String, Sendable, Hashable {
            case unknown, up, down
        }

        public var health: Health = .unknown
        public var failuresInARow = 0
        public var passesInARow = 0
        /// When it is checked next.
        public var due: Date
        /// Since when it is down.
        public var downSince: Date?
        /// The last reason it failed for.
        public var reason: String?
        /// When people were last told it is down (the alert or a reminder), for reminders.
        public var lastTold: Date?

        public init(health: Health = .unknown, failuresInARow: Int = 0, passesInARow: Int = 0, due: Date, downSince: Date? = nil,
                    reason: String? = nil, lastTold: Date? = nil) {
            self.health = health
            self.failuresInARow = failuresInARow
            self.passesInARow = passesInARow
            self.due = due
            self.downSince = downSince
            self.reason = reason
            self.lastTold = lastTold
        }
    }

    public private(set) var monitors: [String: Monitor] = [:]
    public private(set) var states: [String: State] = [:]
    /// How often people are reminded of a monitor that stays down; nil never.
    public var reminderInterval: Double?

    public init(monitors: [Monitor], now: Date, reminderInterval: Double? = nil) {
        self.reminderInterval = reminderInterval
        replace(monitors, now: now)
    }

    /// Takes a new configuration (a reload): monitors kept by name keep their state; new ones
    /// start spread over their interval; removed ones are forgotten.
    public mutating func replace(_ monitors: [Monitor], now: Date) {
        var kept: [String: State] = [:]
        for monitor in monitors {
            if var state = states[monitor.name] {
                // An interval made shorter takes effect at once.
                state.due = min(state.due, now.addingTimeInterval(Self.interval(of: monitor, state)))
                kept[monitor.name] = state
            } else {
                kept[monitor.name] = State(due: now.addingTimeInterval(Self.offset(of: monitor.name, within: monitor.interval)))
            }
        }
        self.monitors = Dictionary(monitors.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        states = kept
    }

    /// Where in its first interval a monitor starts: fixed by its name, so a restart keeps the spread.
    static func offset(of name: String, within interval: Double) -> Double {
        let digest = Fingerprint.sha256(Array(name.utf8))
        let fraction = Double(UInt32(digest.prefix(8), radix: 16) ?? 0) / Double(UInt32.max)
        return fraction * interval
    }

    /// The monitors due at `now`, the most overdue first.
    public func due(at now: Date) -> [Monitor] {
        states.filter { $0.value.due <= now }
            .sorted { $0.value.due != $1.value.due ? $0.value.due < $1.value.due : $0.key < $1.key }
            .compactMap { monitors[$0.key] }
    }

    /// When the next check is due; nil without monitors.
    public var nextDue: Date? { states.values.map(\.due).min() }

    /// Records the outcome of a check of `name` made at `now` and says what people should be told.
    public mutating func record(_ name: String, passed: Bool, reason: String? = nil, at now: Date) -> [Event] {
        guard let monitor = monitors[name], var state = states[name] else { return [] }
        let events = Self.advance(&state, of: monitor, passed: passed, reason: reason, at: now, reminderInterval: reminderInterval)
        states[name] = state
        return events
    }

    /// The transition itself, for a state held anywhere (here, or in a store shared by workers):
    /// updates `state` with a check of `monitor` made at `now`, sets when it is due next, and
    /// returns what people should be told.
    /// `silenced` adds a silence from elsewhere (the API's) to the monitor's maintenance windows.
    public static func advance(_ state: inout State, of monitor: Monitor, passed: Bool, reason: String?, at now: Date,
                               reminderInterval: Double?, silenced extra: Bool = false) -> [Event] {
        let name = monitor.name
        var events: [Event] = []
        let silenced = extra || monitor.maintenance.contains { $0.contains(now) }
        if passed {
            state.passesInARow += 1
            state.failuresInARow = 0
            if state.health == .down {
                if state.passesInARow >= monitor.recoveryThreshold {
                    // A recovery is told when the outage was, even in maintenance: it closes what people heard.
                    if let since = state.downSince, state.lastTold != nil {
                        events.append(.recovered(monitor: name, since: since, at: now))
                    }
                    state.health = .up
                    state.downSince = nil
                    state.lastTold = nil
                    state.reason = nil
                }
            } else {
                state.health = .up
            }
        } else {
            state.failuresInARow += 1
            state.passesInARow = 0
            state.reason = reason ?? "failed"
            if state.health != .down, state.failuresInARow >= monitor.failureThreshold {
                state.health = .down
                state.downSince = now
            }
            if state.health == .down, !silenced {
                if state.lastTold == nil {
                    events.append(.down(monitor: name, reason: state.reason ?? "failed", at: now))
                    state.lastTold = now
                } else if let every = reminderInterval, let last = state.lastTold, now.timeIntervalSince(last) >= every {
                    events.append(.reminder(monitor: name, reason: state.reason ?? "failed", since: state.downSince ?? now, at: now))
                    state.lastTold = now
                }
            }
        }
        state.due = now.addingTimeInterval(interval(of: monitor, state))
        return events
    }

    /// The time to the next check: shorter while the monitor is failing.
    static func interval(of monitor: Monitor, _ state: State) -> Double {
        state.failuresInARow > 0 || state.health == .down ? monitor.failingInterval : monitor.interval
    }
}
