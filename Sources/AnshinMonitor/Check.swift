import Foundation

/// One monitor checked once: the probe's result and what the conditions made of it.
public struct CheckOutcome: Sendable, Hashable {
    public var monitor: Monitor
    public var result: ProbeResult
    public var conditions: [ConditionOutcome]
    /// The health body, when the monitor reads one and the body is one.
    public var health: HealthBody?
    public var passed: Bool
    /// Why it failed in one line (the probe's error, the first failed condition or the health summary).
    public var reason: String?
    /// Probes made: 1 plus the retries used.
    public var attempts: Int
}

/// Judges probe results against a monitor's conditions and its health body: pure, no I/O.
public enum CheckJudge {
    public static func judge(_ monitor: Monitor, _ result: ProbeResult, now: Date, attempts: Int = 1) -> CheckOutcome {
        let outcomes = monitor.effectiveConditions.map { $0.evaluate(result, now: now) }
        var passed = outcomes.allSatisfy(\.passed)
        var reason: String?
        var health: HealthBody?
        if monitor.health, result.error == nil {
            health = HealthBody.parse(result.body)
            if let health {
                if health.status == .fail {
                    passed = false
                    reason = "health \(health.summary)"
                }
            } else {
                passed = false
                reason = "the body is not a health document (JSON with \"status\": pass, warn or fail)"
            }
        }
        if let error = result.error, !passed {
            reason = error
        } else if let failed = outcomes.first(where: { !$0.passed }) {
            reason = failed.detail
        }
        return CheckOutcome(monitor: monitor, result: result, conditions: outcomes, health: health, passed: passed,
                            reason: passed ? nil : reason, attempts: attempts)
    }
}

/// Checks monitors: probe, judge, and retry a failure up to the monitor's `retries`.
public struct CheckRunner: Sendable {
    public var prober: Prober
    /// The instant conditions measure certificate expiry from.
    public var now: @Sendable () -> Date

    public init(prober: Prober = Prober(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.prober = prober
        self.now = now
    }

    public func check(_ monitor: Monitor) async -> CheckOutcome {
        var attempt = 1
        while true {
            let result = await prober.probe(monitor)
            let outcome = CheckJudge.judge(monitor, result, now: now(), attempts: attempt)
            if outcome.passed || attempt > monitor.retries { return outcome }
            attempt += 1
        }
    }

    /// Checks every monitor, at most `concurrency` at a time; outcomes in the monitors' order.
    public func checkAll(_ monitors: [Monitor], concurrency: Int = 64) async -> [CheckOutcome] {
        await withTaskGroup(of: (Int, CheckOutcome).self) { group in
            var outcomes = [CheckOutcome?](repeating: nil, count: monitors.count)
            var next = 0
            func start() {
                guard next < monitors.count else { return }
                let index = next, monitor = monitors[index]
                next += 1
                group.addTask { (index, await check(monitor)) }
            }
            for _ in 0..<min(concurrency, monitors.count) { start() }
            while case let (index, outcome)? = await group.next() {
                outcomes[index] = outcome
                start()
            }
            return outcomes.compactMap { $0 }
        }
    }
}
