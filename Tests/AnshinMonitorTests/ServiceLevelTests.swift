@testable import AnshinMonitor
import AnshinCore
import Foundation
import Testing

/// SLO, burn-rate and maintenance maths against cases computed by hand.
@Suite struct ServiceLevelTests {
    /// 2026-12-07T12:00:00Z, a Monday.
    static let now = Date(timeIntervalSince1970: 1_796_644_800)

    /// One check a minute for `minutes` minutes up to `now`, failing at the given minutes ago.
    static func samples(minutes: Int, failingMinutesAgo: Set<Int> = []) -> [CheckSample] {
        (0..<minutes).map { ago in
            CheckSample(time: now.addingTimeInterval(-Double(ago) * 60), passed: !failingMinutesAgo.contains(ago))
        }
    }

    @Test func availabilityAndBudgetOverTheWindow() throws {
        // 99.9 % over 30 days; 43,200 checks (one a minute), 21 failed.
        // Error rate 21 / 43,200 = 0.000486; budget 0.001; spent 48.6 %, left 51.4 %.
        let slo = ServiceLevelObjective(objective: 0.999, window: 30 * 86400)
        let samples = Self.samples(minutes: 43_200, failingMinutesAgo: Set((0..<21).map { 1000 + $0 * 1000 }))
        let status = slo.status(samples, at: Self.now, alerts: [])
        #expect(status.total == 43_200 && status.good == 43_179)
        #expect(abs(try #require(status.availability) - 43_179.0 / 43_200.0) < 1e-12)
        #expect(abs(try #require(status.budgetRemaining) - 0.513_888_9) < 1e-6)
        // Checks older than the window do not count.
        let older = samples + [CheckSample(time: Self.now.addingTimeInterval(-31 * 86400), passed: false)]
        #expect(slo.status(older, at: Self.now, alerts: []).total == 43_200)
        // An overspent budget goes below zero: 60 failures of 43,200 spend 139 %.
        let overspent = slo.status(Self.samples(minutes: 43_200, failingMinutesAgo: Set(0..<60)), at: Self.now, alerts: [])
        let expected: Double = 1 - (60.0 / 43_200) / 0.001
        #expect(abs(try #require(overspent.budgetRemaining) - expected) < 1e-9)
        #expect(slo.status([], at: Self.now).availability == nil)
    }

    @Test func burnRateIsTheErrorRateOverTheBudget() throws {
        let slo = ServiceLevelObjective(objective: 0.999, window: 30 * 86400)
        // 1 failure in the last hour of 60 checks: 1/60 / 0.001 = 16.67.
        let samples = Self.samples(minutes: 120, failingMinutesAgo: [2])
        #expect(abs(try #require(slo.burnRate(samples, over: 3600, at: Self.now)) - 1000.0 / 60) < 1e-9)
        // Over the last 5 minutes: 1/5 / 0.001 = 200.
        #expect(abs(try #require(slo.burnRate(samples, over: 300, at: Self.now)) - 200) < 1e-9)
        #expect(slo.burnRate([], over: 300, at: Self.now) == nil)
    }

    @Test func pageFiresOnlyWhileBothWindowsBurn() {
        let slo = ServiceLevelObjective(objective: 0.999, window: 30 * 86400)
        let fast = BurnRateAlert.workbook[0]
        #expect(fast.description == "page: 14.4× over 1h and 5m")
        // A failure 2 minutes ago: 16.7× over the hour, 200× over 5 minutes: page.
        let burning = Self.samples(minutes: 60, failingMinutesAgo: [2])
        #expect(slo.status(burning, at: Self.now).firing.contains(fast))
        // The same failure 10 minutes ago: the hour still burns 16.7×, the last 5 minutes none: quiet.
        let stopped = Self.samples(minutes: 60, failingMinutesAgo: [10])
        #expect(!slo.status(stopped, at: Self.now).firing.contains(fast))
        // 14.4× needs 0.864 failures an hour at one check a minute: none, no page.
        #expect(slo.status(Self.samples(minutes: 60), at: Self.now).firing.isEmpty)
    }

    @Test func slowBurnOpensATicketNotAPage() {
        // 99 % over 30 days: budget 0.01. 3 days of checks each minute (4,320), one failure every
        // 90 minutes (48): error rate 48 / 4,320 = 1.11 % → 1.11× over 3 days; the last 6 h hold
        // 4 failures of 360 → 1.11×. Ticket (1×), not the pages (6× and 14.4×).
        let slo = ServiceLevelObjective(objective: 0.99, window: 30 * 86400)
        let samples = Self.samples(minutes: 4_320, failingMinutesAgo: Set(stride(from: 45, to: 4_320, by: 90)))
        let firing = slo.status(samples, at: Self.now).firing
        #expect(firing.map(\.urgency) == [.ticket], "\(firing.map(\.description))")
    }

    @Test func maintenanceWindowsOnceAndWeekly() throws {
        let start = Self.now.addingTimeInterval(-3600)
        let once = MaintenanceWindow.once(start: start, end: Self.now)
        #expect(once.contains(start) && once.contains(Self.now.addingTimeInterval(-1)) && !once.contains(Self.now))
        // Sundays 23:00 UTC for 2 hours: runs into Monday 01:00.
        let weekly = MaintenanceWindow.weekly(weekday: 1, minute: 23 * 60, duration: 2 * 3600)
        let mondayMidnight = Self.now.addingTimeInterval(-12 * 3600)
        #expect(weekly.contains(mondayMidnight.addingTimeInterval(-1800)), "Sunday 23:30")
        #expect(weekly.contains(mondayMidnight.addingTimeInterval(3000)), "Monday 00:50")
        #expect(!weekly.contains(mondayMidnight.addingTimeInterval(3600 + 1)), "Monday 01:00:01")
        #expect(!weekly.contains(mondayMidnight.addingTimeInterval(-3 * 3600)), "Sunday 21:00")
        #expect(weekly.contains(mondayMidnight.addingTimeInterval(-1800 + 7 * 86400)), "the next Sunday 23:30")
        // Checks in a window do not count toward the SLO.
        let samples = Self.samples(minutes: 120, failingMinutesAgo: Set(1...30))
        let kept = MaintenanceWindow.excluding(samples, in: [.once(start: Self.now.addingTimeInterval(-30 * 60 - 30), end: Self.now.addingTimeInterval(1))])
        #expect(kept.count == 120 - 31 && kept.allSatisfy { $0.good == 1 })
    }

    @Test func sloAndMaintenanceAreReadFromTheConfiguration() throws {
        let catalog = try EnvironmentCatalog.parse("environments:\n  prd:\n    urls: [https://acme.example]\n", file: "anshin.yml")
        let (monitors, errors) = try MonitorConfiguration.parse("""
        monitors:
          - name: api
            url: https://acme.example/healthz
            slo: { objective: 99.5%, window: 7d }
            maintenance:
              - { start: 2026-12-24T22:00:00Z, end: 2026-12-25T02:00:00Z }
              - { every: Sunday, at: "23:00", for: 2h }
        """, file: "monitors.yml", catalog: catalog)
        #expect(errors.isEmpty, "\(errors)")
        let monitor = try #require(monitors.first)
        #expect(monitor.slo == ServiceLevelObjective(objective: 0.995, window: 7 * 86400))
        #expect(monitor.maintenance.count == 2)
        #expect(monitor.maintenance[1] == .weekly(weekday: 1, minute: 23 * 60, duration: 7200))
    }

    @Test(arguments: [
        ("slo: { objective: 99.9 }", "expected a percentage above 0 and below 100"),
        ("slo: { objective: 100% }", "expected a percentage above 0 and below 100"),
        ("slo: { window: 30d }", "an slo needs an \"objective\""),
        ("slo: { objective: 99%, window: 10m }", "must be at least 1h"),
        ("maintenance: [{ start: 2026-12-24T22:00:00Z }]", "needs an end"),
        ("maintenance: [{ start: 2026-12-24T22:00:00Z, end: 2026-12-24T21:00:00Z }]", "the end must come after the start"),
        ("maintenance: [{ every: someday, at: \"02:00\", for: 1h }]", "expected a day of the week"),
        ("maintenance: [{ every: monday, at: \"25:00\", for: 1h }]", "expected a time of day in UTC as HH:MM"),
        ("maintenance: [{ every: monday, at: \"02:00\" }]", "needs start and end (once), or every, at and for"),
    ])
    func badServiceLevelsNameTheLine(_ line: String, _ message: String) throws {
        let catalog = try EnvironmentCatalog.parse("environments: {}\n", file: "anshin.yml")
        let (_, errors) = try MonitorConfiguration.parse("monitors:\n  - name: api\n    url: https://acme.example/\n    \(line)\n",
                                                         file: "monitors.yml", catalog: catalog)
        let error = try #require(errors.first)
        #expect(error.description.contains(message), "\(error)")
        #expect(error.description.contains("monitors.yml:4"), "\(error)")
    }
}
