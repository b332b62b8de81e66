import Foundation

/// A service level objective: the share of checks that must pass over a rolling window
/// (`99.9 %` over `30d`). The error budget is what the objective leaves: 0.1 % of the window's
/// checks may fail.
public struct ServiceLevelObjective: Sendable, Hashable {
    /// The share of checks that must pass, from 0 to 1 exclusive of 1 (`0.999`).
    public var objective: Double
    /// The rolling window, in seconds.
    public var window: Double

    public init(objective: Double, window: Double) {
        self.objective = objective
        self.window = window
    }

    /// The share of checks that may fail.
    public var errorBudget: Double { 1 - objective }

    /// Where the objective stands at `now` over `samples` (checks in maintenance windows are
    /// left out before): the share that passed, the budget left, and each alert that fires.
    public func status(_ samples: [CheckSample], at now: Date, alerts: [BurnRateAlert] = BurnRateAlert.workbook) -> ServiceLevelStatus {
        let inWindow = Self.counts(samples, from: now.addingTimeInterval(-window), to: now)
        let availability = inWindow.total == 0 ? nil : Double(inWindow.good) / Double(inWindow.total)
        let remaining = availability.map { 1 - (1 - $0) / errorBudget }
        let firing = alerts.filter { $0.fires(samples, at: now, budget: errorBudget) }
        return ServiceLevelStatus(total: inWindow.total, good: inWindow.good, availability: availability,
                                  budgetRemaining: remaining, firing: firing)
    }

    /// How fast the budget burns over the `length` seconds before `now`: the window's error rate
    /// divided by the error budget (1 spends the budget exactly over the SLO window; 14.4
    /// spends 2 % of a 30-day budget in one hour). Nil without a check in it.
    public func burnRate(_ samples: [CheckSample], over length: Double, at now: Date) -> Double? {
        Self.burnRate(samples, over: length, at: now, budget: errorBudget)
    }

    static func burnRate(_ samples: [CheckSample], over length: Double, at now: Date, budget: Double) -> Double? {
        let counts = counts(samples, from: now.addingTimeInterval(-length), to: now)
        guard counts.total > 0 else { return nil }
        return (Double(counts.total - counts.good) / Double(counts.total)) / budget
    }

    /// Checks after `start` up to and including `end`, and how many passed.
    static func counts(_ samples: [CheckSample], from start: Date, to end: Date) -> (total: Int, good: Int) {
        var total = 0
        var good = 0
        for sample in samples where sample.time > start && sample.time <= end {
            total += sample.total
            good += sample.good
        }
        return (total, good)
    }
}

/// Checks as an SLO counts them: one check, or a stored bucket of them (its time is the
/// bucket's end, so a window holds a bucket once all of it is inside).
public struct CheckSample: Sendable, Hashable {
    public var time: Date
    public var total: Int
    public var good: Int

    public init(time: Date, passed: Bool) {
        self.init(time: time, total: 1, good: passed ? 1 : 0)
    }

    public init(time: Date, total: Int, good: Int) {
        self.time = time
        self.total = total
        self.good = good
    }
}

/// Where an SLO stands.
public struct ServiceLevelStatus: Sendable, Hashable {
    /// Checks in the window, and how many passed.
    public var total: Int
    public var good: Int
    /// The share that passed; nil without a check.
    public var availability: Double?
    /// The share of the error budget left: 1 untouched, 0 spent, below 0 overspent.
    public var budgetRemaining: Double?
    /// The burn-rate alerts that fire now.
    public var firing: [BurnRateAlert]
}

/// A multi-window burn-rate alert (the SRE workbook's, chapter "Alerting on SLOs"): it fires when
/// the budget burns at least `factor` times too fast over both the long window (enough of the
/// budget is gone to matter) and the short one (it is still burning now, so the alert stops soon
/// after the problem does).
public struct BurnRateAlert: Sendable, Hashable {
    public enum Urgency: String, Sendable, Hashable {
        /// Someone must act now.
        case page
        /// Someone must act within days.
        case ticket
    }

    public var urgency: Urgency
    public var factor: Double
    /// Seconds.
    public var long: Double
    public var short: Double

    public init(urgency: Urgency, factor: Double, long: Double, short: Double) {
        self.urgency = urgency
        self.factor = factor
        self.long = long
        self.short = short
    }

    /// Page at 14.4× over 1 h and 5 min (2 % of a 30-day budget in an hour) and at 6× over 6 h
    /// and 30 min (5 % in six hours); ticket at 1× over 3 days and 6 h (10 % in three days).
    public static let workbook = [
        BurnRateAlert(urgency: .page, factor: 14.4, long: 3600, short: 300),
        BurnRateAlert(urgency: .page, factor: 6, long: 6 * 3600, short: 1800),
        BurnRateAlert(urgency: .ticket, factor: 1, long: 3 * 86400, short: 6 * 3600),
    ]

    /// Whether both windows before `now` burn a budget of `budget` at least `factor` times too fast.
    public func fires(_ samples: [CheckSample], at now: Date, budget: Double) -> Bool {
        guard let longRate = ServiceLevelObjective.burnRate(samples, over: long, at: now, budget: budget),
              let shortRate = ServiceLevelObjective.burnRate(samples, over: short, at: now, budget: budget) else { return false }
        return longRate >= factor && shortRate >= factor
    }

    /// "page: 14.4× over 1h and 5m".
    public var description: String {
        let times = factor == factor.rounded() ? String(Int(factor)) : String(factor)
        return "\(urgency.rawValue): \(times)× over \(MonitorDuration.format(long)) and \(MonitorDuration.format(short))"
    }
}

/// A time when alerts are silenced and checks do not count toward SLOs: once, or every week.
public enum MaintenanceWindow: Sendable, Hashable {
    /// From `start` up to `end`.
    case once(start: Date, end: Date)
    /// Every week on `weekday` (1 Sunday … 7 Saturday, as `Calendar` counts), from `minute`
    /// minutes after midnight UTC, for `duration` seconds (it may run into the next day).
    case weekly(weekday: Int, minute: Int, duration: Double)

    /// Whether `date` falls in the window.
    public func contains(_ date: Date) -> Bool {
        switch self {
        case .once(let start, let end):
            return date >= start && date < end
        case .weekly(let weekday, let minute, let duration):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            // The occurrence that started last: this week's, or the previous week's when this
            // week's is still ahead.
            let week = 7 * 86400.0
            let startOfDay = calendar.startOfDay(for: date)
            let today = calendar.component(.weekday, from: date)
            let daysBack = (today - weekday + 7) % 7
            var start = startOfDay.addingTimeInterval(-Double(daysBack) * 86400 + Double(minute) * 60)
            if start > date { start = start.addingTimeInterval(-week) }
            return date < start.addingTimeInterval(duration)
        }
    }

    /// The samples outside every window of `windows`.
    public static func excluding(_ samples: [CheckSample], in windows: [MaintenanceWindow]) -> [CheckSample] {
        guard !windows.isEmpty else { return samples }
        return samples.filter { sample in !windows.contains { $0.contains(sample.time) } }
    }
}
