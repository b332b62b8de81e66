@testable import AnshinMonitor
import Foundation
import Testing

/// The scheduler driven by a manual clock: thresholds, intervals, alerts told once, reminders,
/// recoveries, maintenance and reloads.
@Suite struct SchedulerTests {
    static let start = Date(timeIntervalSince1970: 1_796_644_800)

    static func monitor(_ name: String, interval: Double = 60, failing: Double = 10, failures: Int = 2, recoveries: Int = 2,
                        maintenance: [MaintenanceWindow] = []) -> Monitor {
        var monitor = Monitor(name: name, probe: .tcp(host: "127.0.0.1", port: 1), interval: interval, failingInterval: failing,
                              failureThreshold: failures, recoveryThreshold: recoveries)
        monitor.maintenance = maintenance
        return monitor
    }

    @Test func firstChecksAreSpreadOverTheIntervalAndStayPut() {
        let monitors = (0..<1000).map { Self.monitor("m\($0)") }
        let scheduler = Scheduler(monitors: monitors, now: Self.start)
        #expect(scheduler.due(at: Self.start.addingTimeInterval(60)).count == 1000, "all within one interval")
        let firstTen = scheduler.due(at: Self.start.addingTimeInterval(10)).count
        #expect((100...240).contains(firstTen), "about a sixth in the first 10 s, got \(firstTen)")
        // The same names start at the same offsets after a restart.
        let again = Scheduler(monitors: monitors, now: Self.start)
        #expect(again.states == scheduler.states)
    }

    @Test func downAfterTheThresholdToldOnceThenRecoveredOnce() {
        var scheduler = Scheduler(monitors: [Self.monitor("api")], now: Self.start)
        var clock = Self.start
        func check(_ passed: Bool) -> [Scheduler.Event] {
            clock = scheduler.states["api"]!.due
            return scheduler.record("api", passed: passed, reason: passed ? nil : "[STATUS] (503) == 200", at: clock)
        }
        #expect(check(true).isEmpty)
        #expect(scheduler.states["api"]!.health == .up)
        #expect(check(false).isEmpty, "one failure is under the threshold of 2")
        #expect(scheduler.states["api"]!.due == clock.addingTimeInterval(10), "checked faster while failing")
        let down = check(false)
        #expect(down == [.down(monitor: "api", reason: "[STATUS] (503) == 200", at: clock)])
        let since = clock
        #expect(check(false).isEmpty && check(false).isEmpty, "told once, no reminders by default")
        #expect(check(true).isEmpty, "one pass is under the recovery threshold of 2")
        #expect(scheduler.states["api"]!.health == .down)
        #expect(check(true) == [.recovered(monitor: "api", since: since, at: clock)])
        #expect(scheduler.states["api"]!.due == clock.addingTimeInterval(60), "back to the normal interval")
        #expect(check(true).isEmpty)
    }

    @Test func remindersWhileItStaysDown() {
        var scheduler = Scheduler(monitors: [Self.monitor("api", failures: 1)], now: Self.start, reminderInterval: 3600)
        var told: [Scheduler.Event] = []
        var clock = Self.start
        // Down for two and a half hours, checked every 10 s.
        while clock < Self.start.addingTimeInterval(9000) {
            clock = scheduler.states["api"]!.due
            told += scheduler.record("api", passed: false, reason: "refused", at: clock)
        }
        #expect(told.count == 3, "the alert, then one reminder an hour: \(told)")
        if case .reminder(_, _, let since, let at) = told[1] {
            #expect(at.timeIntervalSince(since) >= 3600 && at.timeIntervalSince(since) < 3610)
        } else {
            Issue.record("expected a reminder, got \(told[1])")
        }
    }

    @Test func maintenanceSilencesNewAlertsButNotTheStateOrARecovery() {
        let window = MaintenanceWindow.once(start: Self.start, end: Self.start.addingTimeInterval(600))
        var scheduler = Scheduler(monitors: [Self.monitor("db", failures: 1, recoveries: 1, maintenance: [window])], now: Self.start)
        let inWindow = scheduler.record("db", passed: false, reason: "refused", at: Self.start.addingTimeInterval(100))
        #expect(inWindow.isEmpty)
        #expect(scheduler.states["db"]!.health == .down, "still down, only silent")
        // Still down after the window: told now.
        let after = scheduler.record("db", passed: false, reason: "refused", at: Self.start.addingTimeInterval(700))
        #expect(after.count == 1)
        // An outage told, then recovering in the next window, is told as recovered.
        let next = MaintenanceWindow.once(start: Self.start.addingTimeInterval(800), end: Self.start.addingTimeInterval(2000))
        var monitor = Self.monitor("db", failures: 1, recoveries: 1, maintenance: [window, next])
        monitor.maintenance = [window, next]
        scheduler.replace([monitor], now: Self.start.addingTimeInterval(750))
        let recovered = scheduler.record("db", passed: true, at: Self.start.addingTimeInterval(900))
        #expect(recovered.count == 1, "\(recovered)")
    }

    @Test func aReloadKeepsStateByNameAndForgetsRemovedMonitors() {
        var scheduler = Scheduler(monitors: [Self.monitor("a", failures: 1), Self.monitor("b")], now: Self.start)
        _ = scheduler.record("a", passed: false, reason: "x", at: Self.start.addingTimeInterval(30))
        scheduler.replace([Self.monitor("a", interval: 30, failures: 1), Self.monitor("c")], now: Self.start.addingTimeInterval(31))
        #expect(scheduler.states["a"]!.health == .down, "kept")
        #expect(scheduler.states["b"] == nil && scheduler.states["c"] != nil)
        #expect(scheduler.record("b", passed: false, at: Self.start).isEmpty, "a removed monitor records nothing")
        #expect(scheduler.nextDue != nil)
        #expect(scheduler.due(at: Self.start.addingTimeInterval(31 + 60)).map(\.name).sorted() == ["a", "c"])
    }
}
