import Foundation

extension LogReport {
    /// The terminal summary: totals, busiest and slowest routes, where time goes, customers,
    /// regressions against the period before.
    public func text() -> String {
        var out = "\(title): \(Timestamps.iso8601(from * 1_000_000)) – \(Timestamps.iso8601(to * 1_000_000))\n"
        out += "\(Format.count(total.requests)) requests, 5xx \(Format.percent(total.serverErrorRate)), 4xx \(Format.percent(total.clientErrorRate)), "
        out += "p50 \(Format.millis(total.p50)), p95 \(Format.millis(total.p95)), p99 \(Format.millis(total.p99)), max \(Format.millis(total.max))\n"
        if let request = total.requestMillis, let target = total.targetMillis, let response = total.responseMillis {
            let sum = max(request + target + response, 1e-9)
            out += "Where time goes (mean): load balancer \(Format.millis(request + response)) (\(Format.percent((request + response) / sum))), targets \(Format.millis(target)) (\(Format.percent(target / sum)))"
            out += total.loadBalancerErrors > 0 ? "; \(total.loadBalancerErrors) 5xx answered by the load balancer itself\n" : "\n"
        }
        if counts.invalid > 0 {
            out += "\(counts.invalid) of \(counts.lines) lines were not in the format and were skipped\n"
        }
        if counts.outOfRange > 0 { out += "\(counts.outOfRange) requests outside --since/--until left out\n" }
        out += "\nBusiest routes\n"
        out += LogReport.table(routes, first: "route")
        if !slowest.isEmpty {
            out += "\nSlowest routes (p95)\n"
            out += LogReport.table(slowest, first: "route")
        }
        if !customersByTraffic.isEmpty {
            out += "\nTop customers by traffic\n"
            out += LogReport.table(customersByTraffic, first: "customer")
        }
        if !customersBySlowness.isEmpty {
            out += "\nSlowest customers (p95)\n"
            out += LogReport.table(customersBySlowness, first: "customer")
        }
        if let comparison {
            out += "\nCompared with \(Timestamps.iso8601(comparison.from * 1_000_000)) – \(Timestamps.iso8601(comparison.to * 1_000_000)): "
            out += "\(Format.count(comparison.total.requests)) requests, p95 \(Format.millis(comparison.total.p95)), 5xx \(Format.percent(comparison.total.serverErrorRate))\n"
            let regressions = comparison.regressions
            if regressions.isEmpty {
                out += "No regression.\n"
            } else {
                out += "Regressions:\n"
                for change in regressions {
                    var reasons: [String] = []
                    if change.latencyRegression { reasons.append("p95 \(Format.millis(change.before.p95)) → \(Format.millis(change.after.p95))") }
                    if change.errorRegression { reasons.append("5xx \(Format.percent(change.before.serverErrorRate)) → \(Format.percent(change.after.serverErrorRate))") }
                    out += "  ! \(change.name): \(reasons.joined(separator: ", "))\n"
                }
            }
        }
        return out
    }

    static func table(_ rows: [RouteSummary], first: String) -> String {
        let header = [first, "requests", "share", "5xx", "4xx", "p50", "p90", "p95", "p99", "max"]
        var lines = [header]
        for row in rows {
            lines.append([row.name, Format.count(row.requests), Format.percent(row.share), Format.percent(row.serverErrorRate),
                          Format.percent(row.clientErrorRate), Format.millis(row.p50), Format.millis(row.p90),
                          Format.millis(row.p95), Format.millis(row.p99), Format.millis(row.max)])
        }
        var widths = [Int](repeating: 0, count: header.count)
        for line in lines {
            for (index, cell) in line.enumerated() { widths[index] = max(widths[index], min(cell.count, index == 0 ? 60 : 12)) }
        }
        var out = ""
        for line in lines {
            var cells: [String] = []
            for (index, cell) in line.enumerated() {
                var text = cell
                if index == 0 && text.count > 60 { text = String(text.prefix(59)) + "…" }
                let pad = String(repeating: " ", count: max(0, widths[index] - text.count))
                cells.append(index == 0 ? text + pad : pad + text)
            }
            out += "  " + cells.joined(separator: "  ") + "\n"
        }
        return out
    }
}
