import AnshinCore
import Foundation

extension LogReport {
    /// A self-contained HTML page: inline CSS and SVG charts, no script, nothing fetched from the
    /// network, so it can be mailed as it is and opened anywhere.
    public func html() -> String {
        var body = ""
        body += "<header><h1>\(LogReport.escape(title))</h1>"
        body += "<p class=\"period\">\(LogReport.day(from)) – \(LogReport.day(to)) · generated \(LogReport.escape(generatedAt))</p></header>\n"

        body += "<section id=\"summary\"><div class=\"cards\">"
        body += LogReport.card("Requests", Format.count(total.requests), change: comparison.map { LogReport.change(Double(total.requests), Double($0.total.requests), higherIsWorse: false) })
        body += LogReport.card("5xx rate", Format.percent(total.serverErrorRate), change: comparison.map { LogReport.pointsChange(total.serverErrorRate, $0.total.serverErrorRate) })
        body += LogReport.card("p50", Format.millis(total.p50), change: nil)
        body += LogReport.card("p95", Format.millis(total.p95), change: comparison.flatMap { c in total.p95.flatMap { a in c.total.p95.map { LogReport.change(a, $0, higherIsWorse: true) } } })
        body += LogReport.card("p99", Format.millis(total.p99), change: nil)
        body += "</div>"
        if let request = total.requestMillis, let target = total.targetMillis, let response = total.responseMillis {
            body += LogReport.splitBar(request: request, target: target, response: response, lbErrors: total.loadBalancerErrors)
        }
        if counts.invalid > 0 {
            body += "<p class=\"note\">\(counts.invalid) of \(counts.lines) lines were not in the expected format and were left out.</p>"
        }
        body += "</section>\n"

        if let comparison {
            let regressions = comparison.regressions
            body += "<section id=\"regressions\"><h2>Week over week</h2>"
            body += "<p>Compared with \(LogReport.day(comparison.from)) – \(LogReport.day(comparison.to)).</p>"
            if regressions.isEmpty {
                body += "<p class=\"ok\">No route got slower or failed more.</p>"
            } else {
                body += "<table><thead><tr><th>route</th><th>p95 before</th><th>p95 now</th><th>5xx before</th><th>5xx now</th></tr></thead><tbody>"
                for change in regressions {
                    body += "<tr class=\"regression\"><td>\(LogReport.escape(change.name))</td>"
                    body += "<td>\(Format.millis(change.before.p95))</td><td class=\"\(change.latencyRegression ? "bad" : "")\">\(Format.millis(change.after.p95))</td>"
                    body += "<td>\(Format.percent(change.before.serverErrorRate))</td><td class=\"\(change.errorRegression ? "bad" : "")\">\(Format.percent(change.after.serverErrorRate))</td></tr>"
                }
                body += "</tbody></table>"
            }
            body += "</section>\n"
        }

        body += "<section id=\"latency\"><h2>Latency over time</h2><div class=\"charts\">"
        for series in series { body += LogReport.latencyChart(series, bucketSeconds: bucketSeconds) }
        body += "</div></section>\n"
        if let all = series.first {
            body += "<section id=\"errors\"><h2>5xx rate over time</h2><div class=\"charts\">" + LogReport.errorChart(all) + "</div></section>\n"
        }
        if !slowest.isEmpty {
            body += "<section id=\"slowest\"><h2>Slowest routes (p95)</h2>" + LogReport.barChart(slowest) + "</section>\n"
        }
        body += "<section id=\"routes\"><h2>Busiest routes</h2>" + LogReport.table(routes, first: "route", regressions: Set(comparison?.regressions.map(\.name) ?? [])) + "</section>\n"
        if !customersByTraffic.isEmpty {
            body += "<section id=\"customers\"><h2>Customers</h2><h3>By traffic</h3>" + LogReport.table(customersByTraffic, first: "customer", regressions: [])
            if !customersBySlowness.isEmpty {
                body += "<h3>Slowest (p95)</h3>" + LogReport.table(customersBySlowness, first: "customer", regressions: [])
            }
            body += "</section>\n"
        }
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(LogReport.escape(title))</title>
        <style>\(LogReport.css)</style></head>
        <body>
        \(body)</body></html>

        """
    }

    static let css = """
    body{font:14px/1.45 -apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1d2330;margin:0 auto;max-width:1100px;padding:24px;background:#fff}
    h1{font-size:24px;margin:0}h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid #e3e6ec;padding-bottom:4px}h3{font-size:15px}
    .period{color:#5b6475;margin:4px 0 16px}.note{color:#8a5a00}.ok{color:#1b7f3b}
    .cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #e3e6ec;border-radius:8px;padding:10px 14px;min-width:130px}
    .card .label{color:#5b6475;font-size:12px;text-transform:uppercase;letter-spacing:.04em}.card .value{font-size:22px;font-weight:600}
    .card .up{color:#b3261e}.card .down{color:#1b7f3b}.card .flat{color:#5b6475}
    table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}th,td{padding:4px 8px;text-align:right;border-bottom:1px solid #eef0f4}
    th:first-child,td:first-child{text-align:left;font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
    th{color:#5b6475;font-weight:600;font-size:12px}tr.regression td{background:#fdecea}td.bad{color:#b3261e;font-weight:700}
    .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:16px}
    figure{margin:0}figcaption{font:12px ui-monospace,Menlo,monospace;color:#1d2330;margin-bottom:4px;word-break:break-all}
    svg text{font:11px sans-serif;fill:#5b6475}.legend span{display:inline-block;margin-right:10px;font-size:12px}
    .split{display:flex;height:18px;border-radius:4px;overflow:hidden;margin:12px 0 4px;max-width:600px}.split div{height:100%}
    """

    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    static func day(_ seconds: Int64) -> String { String(Timestamps.iso8601(seconds * 1_000_000).prefix(16)).replacingOccurrences(of: "T", with: " ") }

    static func card(_ label: String, _ value: String, change: (String, String)?) -> String {
        var html = "<div class=\"card\"><div class=\"label\">\(label)</div><div class=\"value\">\(value)</div>"
        if let (text, kind) = change { html += "<div class=\"\(kind)\">\(text)</div>" }
        return html + "</div>"
    }

    /// "+12.0% vs last period" with the class saying whether it is bad.
    static func change(_ now: Double, _ before: Double, higherIsWorse: Bool) -> (String, String) {
        guard before > 0 else { return ("new", "flat") }
        let delta = (now - before) / before
        let text = String(format: "%+.1f%% vs before", delta * 100)
        if abs(delta) < 0.05 { return (text, "flat") }
        return (text, (delta > 0) == higherIsWorse ? "up" : "down")
    }

    static func pointsChange(_ now: Double, _ before: Double) -> (String, String) {
        let delta = (now - before) * 100
        let text = String(format: "%+.2f pts vs before", delta)
        if abs(delta) < 0.1 { return (text, "flat") }
        return (text, delta > 0 ? "up" : "down")
    }

    static func splitBar(request: Double, target: Double, response: Double, lbErrors: UInt64) -> String {
        let sum = max(request + target + response, 1e-9)
        let lb = (request + response) / sum, app = target / sum
        var html = "<div id=\"split\"><h3>Where time goes</h3><div class=\"split\" role=\"img\" aria-label=\"load balancer \(Format.percent(lb)), targets \(Format.percent(app))\">"
        html += String(format: "<div style=\"width:%.2f%%;background:#7a869a\"></div><div style=\"width:%.2f%%;background:#2f6fde\"></div>", lb * 100, app * 100)
        html += "</div><div class=\"legend\"><span>■ load balancer \(Format.millis(request + response)) (\(Format.percent(lb)))</span>"
        html += "<span style=\"color:#2f6fde\">■ targets \(Format.millis(target)) (\(Format.percent(app)))</span>"
        if lbErrors > 0 { html += "<span>\(lbErrors) 5xx answered by the load balancer</span>" }
        return html + "</div></div>"
    }

    /// A value's "nice" upper bound for an axis (1, 2 or 5 × a power of ten).
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let power = pow(10, floor(log10(value)))
        for step in [1.0, 2.0, 5.0, 10.0] where step * power >= value { return step * power }
        return 10 * power
    }

    static func timeLabel(_ seconds: Int64, bucketSeconds: Int64) -> String {
        let text = Timestamps.iso8601(seconds * 1_000_000)
        return bucketSeconds >= 86400 ? String(text.prefix(10)) : String(text.dropFirst(5).prefix(11)).replacingOccurrences(of: "T", with: " ")
    }

    /// Lines of p50, p95, p99 per bucket; buckets without requests break the lines.
    static func latencyChart(_ series: RouteSeries, bucketSeconds: Int64) -> String {
        let lines: [(String, String, KeyPath<RouteSeries.Point, Double?>)] = [("p50", "#2f6fde", \.p50), ("p95", "#e8912d", \.p95), ("p99", "#b3261e", \.p99)]
        let top = niceCeiling(series.points.compactMap(\.p99).max() ?? 0)
        return chart(series, title: series.name, yMax: top, yLabel: { Format.millis($0) }, bucketSeconds: bucketSeconds,
                     lines: lines.map { (name, color, path) in (name, color, { $0[keyPath: path] }) })
    }

    static func errorChart(_ series: RouteSeries) -> String {
        let top = niceCeiling(max(0.001, series.points.map(\.serverErrorRate).max() ?? 0) * 100) / 100
        return chart(series, title: "5xx share of requests", yMax: top, yLabel: { Format.percent($0) }, bucketSeconds: 0,
                     lines: [("5xx", "#b3261e", { $0.requests > 0 ? $0.serverErrorRate : nil })])
    }

    static func chart(_ series: RouteSeries, title: String, yMax: Double, yLabel: (Double) -> String, bucketSeconds: Int64,
                      lines: [(String, String, (RouteSeries.Point) -> Double?)]) -> String {
        let width = 520.0, height = 200.0, left = 64.0, right = 10.0, top = 10.0, bottom = 26.0
        let plotW = width - left - right, plotH = height - top - bottom
        let count = series.points.count
        func x(_ index: Int) -> Double { count <= 1 ? left + plotW / 2 : left + plotW * Double(index) / Double(count - 1) }
        func y(_ value: Double) -> Double { top + plotH * (1 - min(value, yMax) / yMax) }
        var svg = "<figure><figcaption>\(escape(title))</figcaption>"
        svg += "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" aria-label=\"\(escape(title))\">"
        for step in 0...4 {
            let value = yMax * Double(step) / 4
            let yy = y(value)
            svg += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eef0f4\"/>", left, width - right, yy, yy)
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%@</text>", left - 6, yy + 4, escape(yLabel(value)))
        }
        if let first = series.points.first, let last = series.points.last {
            let label = bucketSeconds == 0 ? { (s: Int64) in timeLabel(s, bucketSeconds: 3600) } : { (s: Int64) in timeLabel(s, bucketSeconds: bucketSeconds) }
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\">%@</text>", left, height - 8, label(first.time))
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%@</text>", width - right, height - 8, label(last.time))
        }
        for (name, color, value) in lines {
            var path = ""
            var pen = false
            for (index, point) in series.points.enumerated() {
                guard point.requests > 0, let v = value(point) else { pen = false; continue }
                path += String(format: "%@%.1f,%.1f ", pen ? "L" : "M", x(index), y(v))
                pen = true
            }
            if !path.isEmpty {
                svg += "<path class=\"series-\(name)\" d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.6\" stroke-linejoin=\"round\"/>"
                if count == 1 || path.filter({ $0 == "L" }).isEmpty {
                    for (index, point) in series.points.enumerated() where point.requests > 0 {
                        if let v = value(point) { svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%@\"/>", x(index), y(v), color) }
                    }
                }
            }
        }
        svg += "</svg><div class=\"legend\">"
        for (name, color, _) in lines { svg += "<span style=\"color:\(color)\">■ \(name)</span>" }
        return svg + "</div></figure>"
    }

    static func barChart(_ rows: [RouteSummary]) -> String {
        let width = 1000.0, barH = 20.0, gap = 6.0, labelW = 420.0
        let height = Double(rows.count) * (barH + gap) + 4
        let top = niceCeiling(rows.compactMap(\.p95).max() ?? 0)
        var svg = "<svg class=\"chart bars\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" aria-label=\"slowest routes by p95\">"
        for (index, row) in rows.enumerated() {
            let y = Double(index) * (barH + gap) + 2
            let w = (width - labelW - 90) * (row.p95 ?? 0) / top
            let name = row.name.count > 60 ? String(row.name.prefix(59)) + "…" : row.name
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" style=\"font-family:monospace\">%@</text>", labelW - 8, y + 14, escape(name))
            svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#e8912d\" rx=\"2\"/>", labelW, y, max(1, w), barH)
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\">%@</text>", labelW + max(1, w) + 6, y + 14, Format.millis(row.p95))
        }
        return svg + "</svg>"
    }

    static func table(_ rows: [RouteSummary], first: String, regressions: Set<String>) -> String {
        var html = "<table><thead><tr><th>\(first)</th><th>requests</th><th>share</th><th>5xx</th><th>4xx</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>max</th><th>LB / target</th></tr></thead><tbody>"
        for row in rows {
            html += regressions.contains(row.name) ? "<tr class=\"regression\">" : "<tr>"
            html += "<td>\(escape(row.name))</td><td>\(Format.count(row.requests))</td><td>\(Format.percent(row.share))</td>"
            html += "<td>\(Format.percent(row.serverErrorRate))</td><td>\(Format.percent(row.clientErrorRate))</td>"
            html += "<td>\(Format.millis(row.p50))</td><td>\(Format.millis(row.p90))</td><td>\(Format.millis(row.p95))</td><td>\(Format.millis(row.p99))</td><td>\(Format.millis(row.max))</td>"
            if let request = row.requestMillis, let target = row.targetMillis, let response = row.responseMillis {
                html += "<td>\(Format.millis(request + response)) / \(Format.millis(target))</td>"
            } else {
                html += "<td>-</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table>"
    }
}
