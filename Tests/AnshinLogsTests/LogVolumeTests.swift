@testable import AnshinLogs
import AnshinCore
import Foundation
import Testing

@Suite struct LogVolumeTests {
    /// A day of JSON logs: `payments` at DEBUG at production volume, `api` at INFO, `cron` quiet.
    static func json() -> String {
        var lines: [String] = []
        let start: Int64 = 1_795_996_800
        for second in stride(from: 0, to: 86400, by: 10) {
            let time = Timestamps.iso8601((start + Int64(second)) * 1_000_000)
            for n in 0..<4 {
                lines.append(#"{"timestamp":"\#(time)","level":"debug","logger":"payments","message":"loaded cart \#(n) with items [\#(String(repeating: "x", count: 400))]"}"#)
            }
            lines.append(#"{"timestamp":"\#(time)","level":"INFO","logger":"api","message":"GET /health 200"}"#)
            if second % 3600 == 0 { lines.append(#"{"timestamp":"\#(time)","level":"WARNING","logger":"cron","message":"slow job"}"#) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func aSourceAtDebugInProductionVolumeIsACostFinding() throws {
        let aggregate = try LogAnalyzer.analyze([.bytes(name: "app.log", Array(Self.json().utf8))], format: JSONLinesFormat(), options: LogAnalysisOptions())
        var options = LogVolume.Options()
        options.environment = "stg"
        options.debugGBPerMonth = 0.1
        let volume = LogVolume(aggregate, options: options)
        #expect(volume.sources.map(\.name) == ["payments", "api", "cron"])
        let payments = volume.sources[0]
        #expect(payments.linesByLevel == ["DEBUG": 34560])
        #expect(payments.debugShare == 1)
        // 24 h minus the last 10 s between the first and the last line, projected to 30 days.
        let expectedMonthly = Double(payments.bytes) / Double(86390) * 86400 * 30
        #expect(abs(payments.monthlyBytes! - expectedMonthly) < 1)
        #expect(volume.sources[2].linesByLevel == ["WARN": 24])

        let findings = volume.findings()
        let debug = try #require(findings.first { $0.ruleID == "logs-debug-volume" })
        #expect(debug.resource?.identifier == "payments")
        #expect(debug.resource?.environment == "stg")
        #expect(debug.pillars.first == .cost)
        #expect(findings.filter { $0.ruleID == "logs-debug-volume" }.count == 1)
        #expect(volume.text().contains("payments"))
    }

    @Test func costsFollowThePriceAndOverhead() throws {
        let aggregate = try LogAnalyzer.analyze([.bytes(name: "app.log", Array(Self.json().utf8))], format: JSONLinesFormat(), options: LogAnalysisOptions())
        var options = LogVolume.Options()
        options.pricePerGB = 0.76
        options.costThreshold = 0.01
        let volume = LogVolume(aggregate, options: options)
        let api = try #require(volume.sources.first { $0.name == "api" })
        let raw = aggregate.volume[VolumeKey(level: "INFO", source: "api")]!
        #expect(api.bytes == raw.bytes + raw.lines * 26)
        #expect(abs(volume.cost(monthlyBytes: 2e9) - 1.52) < 1e-9)
        #expect(volume.findings().contains { $0.ruleID == "logs-ingestion-cost" && $0.resource?.identifier == "api" })
    }

    @Test func plainTextLinesInheritTheLevelOfTheLineBefore() throws {
        let text = """
        2026-11-30 22:23:00.123 DEBUG [main] a
        2026-11-30 22:23:00.124 ERROR [main] failed
        java.lang.IllegalStateException: boom
        \tat a.b.C.d(C.java:1)
        2026-11-30 22:23:01.000 info  [main] ok
        """
        let aggregate = try LogAnalyzer.analyze([.bytes(name: "worker.log", Array(text.utf8))], format: TextLogFormat(), options: LogAnalysisOptions())
        #expect(aggregate.volume[VolumeKey(level: "ERROR", source: "worker.log")]?.lines == 3)
        #expect(aggregate.volume[VolumeKey(level: "DEBUG", source: "worker.log")]?.lines == 1)
        #expect(aggregate.volume[VolumeKey(level: "INFO", source: "worker.log")]?.lines == 1)
    }
}
