import AnshinCore
import Foundation

/// Application log volume per source and level, projected to a month of CloudWatch Logs
/// ingestion, and the findings the company learnt the hard way: a source left at DEBUG that logs
/// like production (the staging `PutLogEvents` bill).
public struct LogVolume: Sendable {
    /// What one source logged.
    public struct Source: Sendable, Equatable {
        public var name: String
        public var lines: UInt64
        /// Bytes as CloudWatch counts them: each event's bytes plus 26.
        public var bytes: UInt64
        public var bytesByLevel: [String: UInt64]
        public var linesByLevel: [String: UInt64]
        /// Seconds between the first and the last timestamp (at least one hour), nil without timestamps.
        public var seconds: Double?

        /// Projected bytes per 30-day month, nil without timestamps.
        public var monthlyBytes: Double? { seconds.map { Double(bytes) / $0 * 86400 * 30 } }

        /// Share of bytes at DEBUG or TRACE.
        public var debugShare: Double {
            bytes == 0 ? 0 : Double((bytesByLevel["DEBUG"] ?? 0) + (bytesByLevel["TRACE"] ?? 0)) / Double(bytes)
        }
    }

    /// Pricing and thresholds.
    public struct Options: Sendable {
        /// USD per GB ingested (CloudWatch Logs Standard class list price in us-east-1 is 0.50;
        /// ap-northeast-1 is 0.76).
        public var pricePerGB = 0.50
        /// A source is flagged when its DEBUG and TRACE lines would ingest at least this many GB a month…
        public var debugGBPerMonth = 10.0
        /// …and make up at least this share of its bytes.
        public var debugShare = 0.2
        /// A source is reported when its projected monthly ingestion costs at least this (USD).
        public var costThreshold = 25.0
        /// The environment the logs come from (findings are labelled with it).
        public var environment: String?

        public init() {}
    }

    public var sources: [Source]
    public let options: Options
    /// CloudWatch's per-event overhead in bytes.
    public static let eventOverhead: UInt64 = 26

    public init(_ aggregate: LogAggregate, options: Options = Options()) {
        self.options = options
        var bySource: [String: Source] = [:]
        var first: [String: Int64] = [:], last: [String: Int64] = [:]
        for (key, stats) in aggregate.volume {
            var source = bySource[key.source] ?? Source(name: key.source, lines: 0, bytes: 0, bytesByLevel: [:], linesByLevel: [:], seconds: nil)
            let bytes = stats.bytes + stats.lines * LogVolume.eventOverhead
            source.lines += stats.lines
            source.bytes += bytes
            source.bytesByLevel[key.level, default: 0] += bytes
            source.linesByLevel[key.level, default: 0] += stats.lines
            bySource[key.source] = source
            if let f = stats.first { first[key.source] = min(first[key.source] ?? f, f) }
            if let l = stats.last { last[key.source] = max(last[key.source] ?? l, l) }
        }
        for (name, f) in first {
            let span = Double((last[name] ?? f) - f) / 1_000_000
            bySource[name]?.seconds = max(3600, span)
        }
        sources = bySource.values.sorted { ($0.bytes, $1.name) > ($1.bytes, $0.name) }
    }

    /// Projected monthly ingestion cost of `bytes` per month.
    public func cost(monthlyBytes: Double) -> Double { monthlyBytes / 1e9 * options.pricePerGB }

    /// A source that logs DEBUG at production volume (its severity grows with what it costs).
    public static let debugVolume = RuleDescription(
        id: "logs-debug-volume", title: "A log source writes DEBUG at production volume", severity: .medium,
        pillars: [.cost, .opex], sources: ["logs"], scope: "log source",
        references: ["https://aws.amazon.com/cloudwatch/pricing/"],
        remediation: "Set the log level to INFO (or WARN) outside development: the LOG_LEVEL environment variable of the function or service, or its logging configuration. Keep DEBUG for a time-boxed investigation and set a retention on the log group.")

    /// A source that costs more to ingest than the threshold.
    public static let ingestionCost = RuleDescription(
        id: "logs-ingestion-cost", title: "A log source costs more to ingest than the threshold", severity: .low,
        pillars: [.cost], sources: ["logs"], scope: "log source",
        references: ["https://aws.amazon.com/cloudwatch/pricing/"],
        remediation: "Drop or sample what nobody reads (health checks, per-request INFO lines), send bulk logs to S3 or the Infrequent Access log class, and set retention on the log group.")

    /// The rules, for `anshin rules`.
    public static var rules: [RuleDescription] { [debugVolume, ingestionCost] }

    /// The findings: DEBUG at production volume, and costly sources.
    public func findings() -> [Finding] {
        var findings: [Finding] = []
        for source in sources {
            guard let monthly = source.monthlyBytes else { continue }
            let resource = Resource(kind: "log_source", identifier: source.name, environment: options.environment)
            let debugMonthly = monthly * source.debugShare
            if debugMonthly / 1e9 >= options.debugGBPerMonth && source.debugShare >= options.debugShare {
                let dollars = cost(monthlyBytes: debugMonthly)
                findings.append(Finding(
                    ruleID: Self.debugVolume.id,
                    title: Self.debugVolume.title,
                    message: "\(source.name) writes \(Format.percent(source.debugShare)) of its logs at DEBUG or TRACE: about \(Format.bytes(debugMonthly)) a month, \(Format.dollars(dollars)) a month to ingest at \(Format.dollars(options.pricePerGB))/GB",
                    severity: dollars >= 100 ? .high : (dollars >= 10 ? .medium : .low),
                    pillars: Self.debugVolume.pillars,
                    resource: resource,
                    evidence: "\(source.linesByLevel["DEBUG", default: 0] + source.linesByLevel["TRACE", default: 0]) DEBUG/TRACE lines of \(source.lines) over \(Format.duration(source.seconds ?? 0))",
                    remediation: Self.debugVolume.remediation,
                    references: Self.debugVolume.references,
                    fingerprintKey: ["debug"]
                ))
            }
            let dollars = cost(monthlyBytes: monthly)
            if dollars >= options.costThreshold {
                findings.append(Finding(
                    ruleID: Self.ingestionCost.id,
                    title: Self.ingestionCost.title,
                    message: "\(source.name) would ingest about \(Format.bytes(monthly)) a month, \(Format.dollars(dollars)) at \(Format.dollars(options.pricePerGB))/GB",
                    severity: dollars >= 500 ? .medium : .low,
                    pillars: Self.ingestionCost.pillars,
                    resource: resource,
                    evidence: "\(source.lines) lines, \(Format.bytes(Double(source.bytes))) over \(Format.duration(source.seconds ?? 0))",
                    remediation: Self.ingestionCost.remediation,
                    references: Self.ingestionCost.references,
                    fingerprintKey: ["ingestion"]
                ))
            }
        }
        return findings
    }
}

extension LogVolume {
    /// The terminal table: each source's lines, bytes, share at each level and projected monthly cost.
    public func text() -> String {
        var out = "Log volume by source (bytes as CloudWatch counts them: each event + 26 bytes)\n"
        let levels = ["FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "-"]
        var rows = [["source", "lines", "bytes", "per month", "cost/month"] + levels.filter { $0 != "-" }.map { $0.lowercased() }]
        for source in sources {
            var row = [source.name, Format.count(source.lines), Format.bytes(Double(source.bytes))]
            if let monthly = source.monthlyBytes {
                row += [Format.bytes(monthly), Format.dollars(cost(monthlyBytes: monthly))]
            } else {
                row += ["-", "-"]
            }
            for level in levels where level != "-" {
                let bytes = source.bytesByLevel[level] ?? 0
                row.append(bytes == 0 ? "" : Format.percent(Double(bytes) / Double(max(1, source.bytes))))
            }
            rows.append(row)
        }
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        for row in rows {
            out += "  " + row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ") + "\n"
        }
        if sources.contains(where: { $0.seconds == nil }) {
            out += "Sources without timestamps have no monthly projection.\n"
        }
        return out
    }
}
