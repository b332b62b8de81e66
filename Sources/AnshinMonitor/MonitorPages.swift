import AnshinCore
import Foundation

/// The monitor's web pages: the public status page, the operator dashboard and one monitor's
/// page. Each is one HTML document with inline CSS and SVG: no script, nothing fetched, so they
/// work with no network and load fast with thousands of monitors.
public enum MonitorPages {
    static let css = """
    :root{--ok:#1a7f37;--bad:#c62828;--warn:#b26a00;--idle:#8a93a5;--line:#e3e6ec;--ink:#1d2330;--soft:#5b6475}
    *{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);margin:0;background:#f6f7f9}
    main{max-width:1100px;margin:0 auto;padding:24px}header h1{margin:0 0 4px;font-size:22px}.sub{color:var(--soft);margin:0 0 16px}
    section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px;margin:0 0 16px}h2{font-size:16px;margin:0 0 12px}
    .banner{padding:14px 16px;border-radius:8px;color:#fff;font-weight:600;margin:0 0 16px}.banner.up{background:var(--ok)}
    .banner.down{background:var(--bad)}.banner.maintenance{background:var(--warn)}.banner.unknown{background:var(--idle)}
    .row{display:grid;grid-template-columns:minmax(140px,1fr) auto;gap:4px 12px;align-items:center;padding:8px 0;border-top:1px solid var(--line)}
    .row:first-of-type{border-top:0}.name{font-weight:600;word-break:break-all}.uptime{color:var(--soft);font-size:12px;text-align:right}
    .bars{grid-column:1/-1;width:100%;height:28px}.bars rect.up{fill:var(--ok)}.bars rect.partial{fill:var(--warn)}
    .bars rect.down{fill:var(--bad)}.bars rect.none{fill:#d5d9e0}
    .pill{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff}
    .pill.up{background:var(--ok)}.pill.down{background:var(--bad)}.pill.maintenance{background:var(--warn)}.pill.unknown{background:var(--idle)}
    table{border-collapse:collapse;width:100%}th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:middle}
    th{font-size:12px;color:var(--soft);font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
    td.target{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all;color:var(--soft)}
    .counts span{margin-right:14px}nav.pages{display:flex;gap:12px;align-items:center;margin-top:12px}
    form.filter{display:flex;gap:8px;margin:0 0 12px}form.filter input{flex:1;padding:6px 8px;border:1px solid var(--line);border-radius:6px}
    .spark polyline{fill:none;stroke:#3b6fd8;stroke-width:1.5}.chart polyline.mean{fill:none;stroke:#3b6fd8;stroke-width:2}
    .chart polyline.max{fill:none;stroke:#d9822b;stroke-width:1;stroke-dasharray:4 3}.chart text{font:11px sans-serif;fill:var(--soft)}
    .chart line{stroke:var(--line)}.bad{color:var(--bad);font-weight:600}.ok{color:var(--ok)}.muted{color:var(--soft)}
    a{color:#2456c5;text-decoration:none}a:hover{text-decoration:underline}ul.plain{margin:0;padding-left:18px}
    """

    static func document(_ title: String, _ body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLText.escape(title))</title>
        <style>\(css)</style></head>
        <body><main>
        \(body)</main></body></html>

        """
    }

    // MARK: - Status page

    /// The public status page: one banner for the whole, each group with its monitors' 90-day
    /// bars, the incidents open now and of the last week, and maintenance notes.
    public static func status(_ overview: MonitorOverview, title: String) -> String {
        let counts = overview.counts
        let overall = (counts["down"] ?? 0) > 0 ? "down" : (counts["maintenance"] ?? 0) > 0 ? "maintenance"
            : (counts["up"] ?? 0) > 0 ? "up" : "unknown"
        let headline = switch overall {
        case "down": "Some systems are down"
        case "maintenance": "Maintenance in progress"
        case "up": "All systems operational"
        default: "No checks yet"
        }
        var body = "<header><h1>\(HTMLText.escape(title))</h1><p class=\"sub\">Updated \(time(overview.now))</p></header>\n"
        body += "<div class=\"banner \(overall)\" id=\"overall\" data-state=\"\(overall)\">\(headline)</div>\n"
        body += maintenanceNotes(overview)
        let open = overview.incidents.filter { $0.ended == nil }
        if !open.isEmpty {
            body += "<section id=\"incidents\"><h2>Current incidents</h2><ul class=\"plain\">"
            for incident in open {
                body += "<li class=\"incident\"><span class=\"bad\">\(HTMLText.escape(incident.monitor))</span> down since "
                    + "\(time(MonitorStore.date(incident.started))): \(HTMLText.escape(incident.reason))</li>"
            }
            body += "</ul></section>\n"
        }
        let groups = Dictionary(grouping: overview.entries) { $0.monitor.group ?? "Services" }
        let days = dayLabels(now: overview.now)
        for name in groups.keys.sorted() {
            let entries = groups[name]!
            body += "<section class=\"group\" data-group=\"\(HTMLText.escape(name))\"><h2>\(HTMLText.escape(name))</h2>"
            if let (objective, status) = overview.groups[name], let availability = status.availability, let left = status.budgetRemaining {
                body += "<p class=\"objective muted\">\(percent(availability)) of checks passed over \(MonitorDuration.format(objective.window))"
                    + " (objective \(percent(objective.objective))); <span class=\"\(left < 0 ? "bad" : "ok")\">\(percent(left))</span>"
                    + " of the error budget left</p>"
            }
            for entry in entries {
                let uptime = MonitorOverview.Entry.availability(entry.days).map { percent($0) + " uptime, 90 days" } ?? "no data"
                body += "<div class=\"row monitor\" data-monitor=\"\(HTMLText.escape(entry.monitor.name))\" data-state=\"\(entry.state)\">"
                body += "<span class=\"name\">\(HTMLText.escape(entry.monitor.name)) \(pill(entry.state))</span>"
                body += "<span class=\"uptime\">\(uptime)</span>"
                body += dayBars(entry.days, days: days) + "</div>"
            }
            body += "</section>\n"
        }
        let resolved = overview.incidents.filter { $0.ended != nil }
        if !resolved.isEmpty {
            body += "<section id=\"resolved\"><h2>Resolved in the last 7 days</h2><ul class=\"plain\">"
            for incident in resolved {
                let length = MonitorDuration.format(Double((incident.ended ?? incident.started) - incident.started) / 1000)
                body += "<li>\(HTMLText.escape(incident.monitor)): down for \(length) from \(time(MonitorStore.date(incident.started)))"
                    + " — \(HTMLText.escape(incident.reason))</li>"
            }
            body += "</ul></section>\n"
        }
        return document(title, body)
    }

    /// Silences and configured maintenance windows in effect now or starting within a week.
    static func maintenanceNotes(_ overview: MonitorOverview) -> String {
        var notes: [String] = []
        let millis = MonitorStore.milliseconds(overview.now)
        for silence in overview.silences where silence.starts < millis + 7 * 86_400_000 {
            let target = silence.target == "*" ? "all monitors" : silence.target
            let when = silence.starts <= millis ? "until \(time(MonitorStore.date(silence.ends)))"
                : "\(time(MonitorStore.date(silence.starts))) – \(time(MonitorStore.date(silence.ends)))"
            notes.append("\(HTMLText.escape(target)): \(HTMLText.escape(silence.note.isEmpty ? "maintenance" : silence.note)) (\(when))")
        }
        var seen: Set<String> = []
        for entry in overview.entries {
            for window in entry.monitor.maintenance {
                let text: String
                switch window {
                case .once(let start, let end):
                    guard end > overview.now, start < overview.now.addingTimeInterval(7 * 86400) else { continue }
                    text = "\(time(start)) – \(time(end))"
                case .weekly(let weekday, let minute, let duration):
                    let day = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][(weekday - 1) % 7]
                    text = "every \(day) " + String(format: "%02d:%02d", minute / 60, minute % 60) + " UTC for \(MonitorDuration.format(duration))"
                }
                let note = "\(HTMLText.escape(entry.monitor.name)): maintenance \(text)"
                if seen.insert(note).inserted { notes.append(note) }
            }
        }
        guard !notes.isEmpty else { return "" }
        return "<section id=\"maintenance\"><h2>Maintenance</h2><ul class=\"plain\">"
            + notes.map { "<li>\($0)</li>" }.joined() + "</ul></section>\n"
    }

    /// The 90 UTC days ending today: each one's start in milliseconds and its date.
    static func dayLabels(now: Date) -> [(start: Int64, label: String)] {
        let dayLength: Int64 = 86_400_000
        let millis = MonitorStore.milliseconds(now)
        let today = millis - millis % dayLength
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return (0..<90).map { index in
            let start = today - Int64(89 - index) * dayLength
            return (start, formatter.string(from: MonitorStore.date(start)))
        }
    }

    /// One bar per day of `days`: green when every check passed, amber when some failed, red
    /// below 95 %, grey without checks; each says its day and figure on hover.
    static func dayBars(_ buckets: [Bucket], days: [(start: Int64, label: String)]) -> String {
        let byStart = Dictionary(buckets.map { ($0.start, $0) }, uniquingKeysWith: { first, _ in first })
        var svg = "<svg class=\"bars\" viewBox=\"0 0 \(days.count * 5) 28\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"\(days.count) days\">"
        for (index, day) in days.enumerated() {
            let kind: String
            let label: String
            if let bucket = byStart[day.start], let availability = bucket.availability {
                kind = availability >= 1 ? "up" : availability >= 0.95 ? "partial" : "down"
                label = "\(day.label): \(percent(availability))"
            } else {
                kind = "none"
                label = "\(day.label): no checks"
            }
            svg += "<rect class=\"\(kind)\" x=\"\(index * 5)\" y=\"0\" width=\"4\" height=\"28\" rx=\"1\"><title>\(label)</title></rect>"
        }
        return svg + "</svg>"
    }

    // MARK: - Dashboard

    /// A page of the operator dashboard.
    public struct DashboardPage: Sendable {
        public var page: Int
        public var pageSize: Int
        public var query: String
        public var state: String?

        public init(page: Int = 1, pageSize: Int = 50, query: String = "", state: String? = nil) {
            self.page = page
            self.pageSize = pageSize
            self.query = query
            self.state = state
        }

        /// The entries this page shows of `entries` (filtered), and how many pages there are.
        public func slice(_ entries: [MonitorOverview.Entry]) -> (entries: [MonitorOverview.Entry], matching: Int, pages: Int) {
            let needle = query.lowercased()
            let matching = entries.filter { entry in
                (state == nil || entry.state == state)
                    && (needle.isEmpty || entry.monitor.name.lowercased().contains(needle)
                        || (entry.monitor.group ?? "").lowercased().contains(needle)
                        || entry.monitor.probe.target.lowercased().contains(needle))
            }
            let pages = max(1, (matching.count + pageSize - 1) / pageSize)
            let first = min(max(page - 1, 0), pages - 1) * pageSize
            return (Array(matching[first..<min(first + pageSize, matching.count)]), matching.count, pages)
        }

        func link(page: Int) -> String {
            var items = ["page=\(page)"]
            if !query.isEmpty { items.append("q=\(Self.encode(query))") }
            if let state { items.append("state=\(Self.encode(state))") }
            return "/dashboard?" + items.joined(separator: "&")
        }

        static func encode(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        }
    }

    /// The operator dashboard: counts by state, a filter, and one page of monitors with their
    /// last check, a 24-hour latency line, availability and SLO budget.
    public static func dashboard(_ overview: MonitorOverview, page: DashboardPage, title: String) -> String {
        let (entries, matching, pages) = page.slice(overview.entries)
        let counts = overview.counts
        var body = "<header><h1>\(HTMLText.escape(title)) — dashboard</h1><p class=\"sub\">\(overview.entries.count) monitors · "
            + "updated \(time(overview.now)) · <a href=\"/\">status page</a></p></header>\n"
        body += "<section><div class=\"counts\" id=\"counts\">"
        for state in ["up", "down", "maintenance", "unknown"] {
            var filtered = page
            filtered.state = state
            filtered.page = 1
            body += "<span>\(pill(state)) <a href=\"\(HTMLText.escape(filtered.link(page: 1)))\" data-count=\"\(state)\">"
                + "\(counts[state] ?? 0)</a></span>"
        }
        body += "</div></section>\n<section>"
        body += "<form class=\"filter\" method=\"get\" action=\"/dashboard\"><input type=\"search\" name=\"q\" "
            + "value=\"\(HTMLText.escape(page.query))\" placeholder=\"Filter by name, group or target\">"
        if let state = page.state { body += "<input type=\"hidden\" name=\"state\" value=\"\(HTMLText.escape(state))\">" }
        body += "<button type=\"submit\">Filter</button></form>"
        body += "<table id=\"monitors\"><thead><tr><th>state</th><th>monitor</th><th>group</th><th>target</th><th>last check</th>"
            + "<th>latency</th><th>24 h latency</th><th>24 h availability</th><th>SLO budget left</th></tr></thead><tbody>"
        for entry in entries {
            let name = entry.monitor.name
            body += "<tr data-monitor=\"\(HTMLText.escape(name))\" data-state=\"\(entry.state)\"><td>\(pill(entry.state))</td>"
            body += "<td><a href=\"/monitor?name=\(DashboardPage.encode(name))\">\(HTMLText.escape(name))</a></td>"
            body += "<td>\(HTMLText.escape(entry.monitor.group ?? ""))</td><td class=\"target\">\(HTMLText.escape(entry.monitor.probe.target))</td>"
            let checked = entry.stored?.checkedAt.map { ago(MonitorStore.date($0), now: overview.now) } ?? "never"
            body += "<td>\(checked)</td><td class=\"num\">\(entry.stored?.latency.map(milliseconds) ?? "–")</td>"
            body += "<td>\(sparkline(entry.hours))</td>"
            body += "<td class=\"num\">\(MonitorOverview.Entry.availability(entry.hours).map(percent) ?? "–")</td>"
            body += "<td class=\"num\">\(budget(entry))</td></tr>"
        }
        body += "</tbody></table>"
        body += "<nav class=\"pages\"><span id=\"page\">page \(min(page.page, pages)) of \(pages) · \(matching) matching</span>"
        if page.page > 1 { body += "<a rel=\"prev\" href=\"\(HTMLText.escape(page.link(page: min(page.page, pages) - 1)))\">← previous</a>" }
        if page.page < pages { body += "<a rel=\"next\" href=\"\(HTMLText.escape(page.link(page: page.page + 1)))\">next →</a>" }
        body += "</nav></section>\n"
        return document("\(title) — dashboard", body)
    }

    static func budget(_ entry: MonitorOverview.Entry) -> String {
        guard let slo = entry.monitor.slo else { return "<span class=\"muted\">no SLO</span>" }
        guard let status = entry.slo, let remaining = status.budgetRemaining else { return "–" }
        let text = percent(remaining)
        let target = "\(percent(slo.objective)) / \(MonitorDuration.format(slo.window))"
        let burning = status.firing.first.map { " <span class=\"bad\">🔥 \(HTMLText.escape($0.description))</span>" } ?? ""
        return "<span class=\"\(remaining < 0 ? "bad" : "ok")\" title=\"\(target)\">\(text)</span>\(burning)"
    }

    /// A 24-hour mean-latency line from hourly buckets, scaled to its own maximum.
    static func sparkline(_ hours: [Bucket]) -> String {
        let values = hours.compactMap(\.meanLatency)
        guard values.count > 1, let top = values.max(), top > 0 else { return "<span class=\"muted\">–</span>" }
        let points = values.enumerated().map { index, value in
            String(format: "%.1f,%.1f", Double(index) * 100 / Double(values.count - 1), 22 - value / top * 20)
        }
        return "<svg class=\"spark\" width=\"100\" height=\"24\" viewBox=\"0 0 100 24\" role=\"img\" aria-label=\"latency\">"
            + "<polyline points=\"\(points.joined(separator: " "))\"/></svg>"
    }

    // MARK: - One monitor

    /// One monitor: its state, latency over the last hours (mean and max per minute), SLO with
    /// each burn-rate window, recent checks and incidents.
    public static func monitor(_ entry: MonitorOverview.Entry, minutes: [Bucket], results: [MonitorStore.Record],
                               incidents: [Incident], burnRates: [(BurnRateAlert, long: Double?, short: Double?)],
                               now: Date, title: String) -> String {
        let monitor = entry.monitor
        var body = "<header><h1>\(HTMLText.escape(monitor.name)) \(pill(entry.state))</h1><p class=\"sub\">"
            + "\(HTMLText.escape(monitor.probe.target)) · every \(MonitorDuration.format(monitor.interval))"
            + (monitor.group.map { " · group \(HTMLText.escape($0))" } ?? "") + " · <a href=\"/dashboard\">dashboard</a></p></header>\n"
        if let reason = entry.stored?.state.reason, entry.state == "down" {
            body += "<section><p class=\"bad\" id=\"reason\">\(HTMLText.escape(reason))</p></section>\n"
        }
        body += "<section id=\"latency\"><h2>Latency, last \(MonitorDuration.format(Double(max(minutes.count, 1)) * 60))</h2>"
            + latencyChart(minutes) + "</section>\n"
        if let slo = monitor.slo {
            body += "<section id=\"slo\"><h2>SLO \(percent(slo.objective)) over \(MonitorDuration.format(slo.window))</h2>"
            if let status = entry.slo, let availability = status.availability {
                body += "<p>\(percent(availability)) of \(status.total) checks passed; \(budget(entry)) of the error budget left.</p>"
            } else {
                body += "<p class=\"muted\">No checks in the window yet.</p>"
            }
            body += "<table><thead><tr><th>alert</th><th>long window burn</th><th>short window burn</th><th>fires</th></tr></thead><tbody>"
            for (alert, long, short) in burnRates {
                let fires = (long ?? 0) >= alert.factor && (short ?? 0) >= alert.factor
                body += "<tr><td>\(HTMLText.escape(alert.description))</td><td class=\"num\">\(long.map { String(format: "%.2f×", $0) } ?? "–")</td>"
                    + "<td class=\"num\">\(short.map { String(format: "%.2f×", $0) } ?? "–")</td>"
                    + "<td>\(fires ? "<span class=\"bad\">yes</span>" : "no")</td></tr>"
            }
            body += "</tbody></table></section>\n"
        }
        body += "<section id=\"checks\"><h2>Recent checks</h2><table><thead><tr><th>when</th><th>result</th><th>status</th>"
            + "<th>latency</th><th>late by</th><th>reason</th></tr></thead><tbody>"
        for result in results {
            body += "<tr><td>\(time(MonitorStore.date(result.at)))</td>"
                + "<td>\(result.passed ? "<span class=\"ok\">pass</span>" : "<span class=\"bad\">fail</span>")\(result.maintenance ? " (maintenance)" : "")</td>"
                + "<td>\(result.status.map(String.init) ?? "–")</td><td class=\"num\">\(milliseconds(result.latency))</td>"
                + "<td class=\"num\">\(result.lateness) ms</td><td>\(HTMLText.escape(result.reason ?? ""))</td></tr>"
        }
        body += "</tbody></table></section>\n"
        if !incidents.isEmpty {
            body += "<section id=\"incidents\"><h2>Incidents</h2><ul class=\"plain\">"
            for incident in incidents {
                let end = incident.ended.map { "to \(time(MonitorStore.date($0)))" } ?? "<span class=\"bad\">ongoing</span>"
                body += "<li>\(time(MonitorStore.date(incident.started))) \(end): \(HTMLText.escape(incident.reason))</li>"
            }
            body += "</ul></section>\n"
        }
        return document("\(monitor.name) — \(title)", body)
    }

    /// Mean (solid) and max (dashed) latency per minute with a labelled y axis.
    static func latencyChart(_ minutes: [Bucket]) -> String {
        let points = minutes.compactMap { bucket in bucket.meanLatency.map { (bucket.start, $0, bucket.latencyMax) } }
        guard points.count > 1, let first = points.first?.0, let last = points.last?.0, last > first else {
            return "<p class=\"muted\">Not enough checks for a chart yet.</p>"
        }
        let top = max(points.map(\.2).max() ?? 1, 1) * 1.1
        let (width, height, left, bottom) = (900.0, 200.0, 56.0, 20.0)
        func x(_ time: Int64) -> Double { left + (width - left - 8) * Double(time - first) / Double(last - first) }
        func y(_ value: Double) -> Double { 8 + (height - bottom - 8) * (1 - value / top) }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" aria-label=\"latency chart\">"
        for step in 0...4 {
            let value = top * Double(step) / 4
            svg += String(format: "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\"/>", left, width - 8, y(value), y(value))
            svg += String(format: "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%@</text>", left - 6, y(value) + 4, milliseconds(value))
        }
        let mean = points.map { String(format: "%.1f,%.1f", x($0.0), y($0.1)) }.joined(separator: " ")
        let most = points.map { String(format: "%.1f,%.1f", x($0.0), y($0.2)) }.joined(separator: " ")
        svg += "<polyline class=\"max\" points=\"\(most)\"/><polyline class=\"mean\" points=\"\(mean)\"/>"
        svg += "<text x=\"\(Int(left))\" y=\"\(Int(height - 4))\">\(time(MonitorStore.date(first)))</text>"
        svg += "<text x=\"\(Int(width - 8))\" y=\"\(Int(height - 4))\" text-anchor=\"end\">\(time(MonitorStore.date(last)))</text>"
        return svg + "</svg><p class=\"muted\">solid: mean per minute · dashed: slowest per minute</p>"
    }

    // MARK: - Pieces

    static func pill(_ state: String) -> String {
        "<span class=\"pill \(state)\">\(state)</span>"
    }

    static func percent(_ share: Double) -> String {
        let value = share * 100
        return abs(value - value.rounded()) < 0.005 ? "\(Int(value.rounded())) %" : String(format: "%.2f %%", value)
    }

    static func milliseconds(_ value: Double) -> String {
        value >= 1000 ? String(format: "%.2f s", value / 1000) : "\(Int(value.rounded())) ms"
    }

    static func time(_ date: Date) -> String {
        let text = ISO8601DateFormatter().string(from: date)
        return String(text.prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    static func ago(_ date: Date, now: Date) -> String {
        let seconds = max(0, now.timeIntervalSince(date))
        return seconds < 1 ? "just now" : "\(MonitorDuration.format(seconds.rounded())) ago"
    }
}
