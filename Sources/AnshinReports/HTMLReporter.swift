import AnshinCore
import Foundation

/// One self-contained HTML5 page: open it from a CI artifact or mail it, offline.
///
/// Nothing is loaded from the network (inline style, script and SVG; a Content-Security-Policy
/// forbids anything else and admits only the page's own script by its hash). The page is
/// complete without JavaScript: every finding's details are shown; with it, rows fold, and the
/// table filters and sorts. All report text is escaped, including in attributes.
public struct HTMLReporter: Reporter {
    public static let format = ReportFormat.html

    public init() {}

    /// Colours per severity, shared by the badges and the chart.
    static func color(_ severity: Severity) -> String {
        switch severity {
        case .critical: "#7b1fa2"
        case .high: "#c62828"
        case .medium: "#ef6c00"
        case .low: "#f9a825"
        case .info: "#78909c"
        }
    }

    public func render(_ report: Report) -> String {
        let title = "anshin report: \(report.target)"
        var html = """
        <!DOCTYPE html>
        <html lang="en" class="no-js">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="\(Self.contentSecurityPolicy)">
        <meta name="generator" content="\(e(report.toolName)) \(e(report.toolVersion))">
        <title>\(e(title))</title>
        <style>
        \(Self.style)
        </style>
        </head>
        <body>

        """
        html += header(report)
        html += "<main>\n"
        html += summary(report)
        html += findings(report)
        html += notes(report)
        html += "</main>\n"
        html += "<footer>Written by \(e(report.toolName)) \(e(report.toolVersion)). This page loads nothing from the network.</footer>\n"
        html += "<script>\(Self.script)</script>\n"
        html += "</body>\n</html>\n"
        return html
    }

    private func e(_ text: String) -> String { XMLEscaping.html(text) }

    // MARK: - Sections

    private func header(_ report: Report) -> String {
        let failing = report.failingFindings.count
        let verdict = failing > 0
            ? "<p class=\"verdict fail\"><strong>FAIL</strong> \(failing) \(failing == 1 ? "finding" : "findings") at or above \(e(report.failOnLabel))</p>"
            : "<p class=\"verdict pass\"><strong>PASS</strong> no finding at or above \(e(report.failOnLabel))</p>"
        return """
        <header class="top">
        <div>
        <p class="brand">anshin report</p>
        <h1>\(e(report.target))</h1>
        <dl class="meta">
        <div><dt>Generated</dt><dd><time datetime="\(e(report.generatedAt))">\(e(report.generatedAt))</time></dd></div>
        <div><dt>Tool</dt><dd>\(e(report.toolName)) \(e(report.toolVersion))</dd></div>
        <div><dt>Fails at</dt><dd>\(e(report.failOnLabel)) or above</dd></div>
        </dl>
        </div>
        \(verdict)
        </header>

        """
    }

    private func summary(_ report: Report) -> String {
        let counts = report.countsBySeverity
        var html = "<section aria-labelledby=\"summary-title\">\n<h2 id=\"summary-title\">Summary</h2>\n<ul class=\"totals\">\n"
        for severity in Severity.descending {
            html += "<li class=\"total\"><span class=\"swatch\" style=\"background:\(Self.color(severity))\"></span>"
            html += "<strong>\(counts[severity] ?? 0)</strong> \(severity.rawValue)</li>\n"
        }
        if report.suppressedCount > 0 {
            let shown = report.showSuppressed ? "listed" : "not listed"
            html += "<li class=\"total muted\"><strong>\(report.suppressedCount)</strong> suppressed (\(shown))</li>\n"
        }
        html += "</ul>\n"
        if !report.activeFindings.isEmpty { html += chart(report) }
        html += "</section>\n"
        return html
    }

    /// Active findings per pillar as horizontal stacked bars, one segment per severity.
    private func chart(_ report: Report) -> String {
        let counts = report.countsByPillar
        let labelWidth = 190, barWidth = 460, rowHeight = 30, barHeight = 18, top = 8
        let legendTop = top + rowHeight * Pillar.reportOrder.count + 12
        let width = labelWidth + barWidth + 60, height = legendTop + 24
        let largest = max(1, Pillar.reportOrder.map { pillar in counts[pillar]?.values.reduce(0, +) ?? 0 }.max() ?? 0)

        var description: [String] = []
        var rows = ""
        for (row, pillar) in Pillar.reportOrder.enumerated() {
            let y = top + row * rowHeight
            let pillarCounts = counts[pillar] ?? [:]
            let total = pillarCounts.values.reduce(0, +)
            let parts = Severity.descending.compactMap { severity in pillarCounts[severity].map { "\($0) \(severity)" } }
            description.append("\(pillar.title): \(parts.isEmpty ? "none" : parts.joined(separator: ", ")).")
            rows += "<g class=\"bar\">\n"
            rows += "<text x=\"\(labelWidth - 10)\" y=\"\(y + barHeight / 2)\" text-anchor=\"end\" dominant-baseline=\"central\">\(e(pillar.title))</text>\n"
            rows += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(barWidth)\" height=\"\(barHeight)\" class=\"track\"/>\n"
            var offset = 0
            for severity in Severity.descending {
                guard let count = pillarCounts[severity], count > 0 else { continue }
                let x = Self.scaled(offset, of: largest, width: barWidth)
                let end = Self.scaled(offset + count, of: largest, width: barWidth)
                rows += "<rect x=\"\(Self.decimal(labelWidth * 10 + x))\" y=\"\(y)\" width=\"\(Self.decimal(end - x))\" height=\"\(barHeight)\" fill=\"\(Self.color(severity))\">"
                rows += "<title>\(e(pillar.title)): \(count) \(severity.rawValue)</title></rect>\n"
                offset += count
            }
            let totalX = labelWidth * 10 + Self.scaled(total, of: largest, width: barWidth) + 60
            rows += "<text x=\"\(Self.decimal(totalX))\" y=\"\(y + barHeight / 2)\" dominant-baseline=\"central\" class=\"count\">\(total)</text>\n"
            rows += "</g>\n"
        }
        var legend = "<g class=\"legend\">\n"
        for (index, severity) in Severity.descending.enumerated() {
            let x = labelWidth + index * 100
            legend += "<rect x=\"\(x)\" y=\"\(legendTop)\" width=\"12\" height=\"12\" fill=\"\(Self.color(severity))\"/>"
            legend += "<text x=\"\(x + 18)\" y=\"\(legendTop + 6)\" dominant-baseline=\"central\">\(severity.rawValue)</text>\n"
        }
        legend += "</g>\n"
        return """
        <figure class="chart">
        <svg role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)" xmlns="http://www.w3.org/2000/svg">
        <title id="chart-title">Active findings by Well-Architected pillar and severity</title>
        <desc id="chart-desc">\(e(description.joined(separator: " ")))</desc>
        \(rows)\(legend)</svg>
        <figcaption>A finding counts once in each of its pillars.</figcaption>
        </figure>

        """
    }

    /// `part` of `whole` as tenths of `width`, so coordinates are exact decimals on every platform.
    static func scaled(_ part: Int, of whole: Int, width: Int) -> Int {
        (part * width * 10 + whole / 2) / whole
    }

    /// Tenths as a decimal number: 1234 → `123.4`, 1230 → `123`.
    static func decimal(_ tenths: Int) -> String {
        tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)"
    }

    private func findings(_ report: Report) -> String {
        let findings = report.listedFindings
        var html = "<section aria-labelledby=\"findings-title\">\n<h2 id=\"findings-title\">Findings</h2>\n"
        guard !findings.isEmpty else {
            return html + "<p class=\"empty\">No findings.</p>\n</section>\n"
        }
        html += """
        <div class="controls" id="controls" hidden>
        <label>Search <input type="search" id="filter-text" placeholder="rule, place, message…"></label>
        <label>Severity <select id="filter-severity"><option value="">all</option>\(Severity.descending.map { "<option value=\"\($0.rawValue)\">\($0.rawValue)</option>" }.joined())</select></label>
        <label>Pillar <select id="filter-pillar"><option value="">all</option>\(Pillar.reportOrder.map { "<option value=\"\($0.rawValue)\">\(e($0.title))</option>" }.joined())</select></label>
        <span id="filter-count" aria-live="polite"></span>
        </div>
        <table id="findings">
        <thead><tr>
        <th scope="col" data-key="rank" data-numeric="1" aria-sort="descending"><button type="button">Severity</button></th>
        <th scope="col" data-key="pillar" data-numeric="1"><button type="button">Pillars</button></th>
        <th scope="col" data-key="rule"><button type="button">Rule</button></th>
        <th scope="col" data-key="place"><button type="button">Place</button></th>
        <th scope="col" data-key="message"><button type="button">Message</button></th>
        <th scope="col" data-key="env"><button type="button">Environment</button></th>
        </tr></thead>

        """
        for (index, finding) in findings.enumerated() {
            html += row(finding, index: index)
        }
        html += "</table>\n</section>\n"
        return html
    }

    private func row(_ finding: Finding, index: Int) -> String {
        let id = "finding-\(index + 1)"
        let rank = Severity.descending.count - 1 - (Severity.descending.firstIndex(of: finding.severity) ?? 0)
        let pillarRank = Pillar.reportOrder.firstIndex(of: finding.pillars[0]) ?? 0
        let environment = finding.resource?.environment
        let classes = finding.isSuppressed ? "finding suppressed" : "finding"
        var html = "<tbody class=\"\(classes)\" id=\"\(id)\" data-index=\"\(index)\" data-severity=\"\(finding.severity.rawValue)\" data-rank=\"\(rank)\""
        html += " data-pillars=\"\(e(finding.pillars.map(\.rawValue).joined(separator: " ")))\" data-pillar=\"\(pillarRank)\""
        html += " data-rule=\"\(e(finding.ruleID))\" data-place=\"\(e(finding.place))\" data-message=\"\(e(finding.summary))\""
        html += " data-env=\"\(e(environment ?? ""))\">\n"

        html += "<tr class=\"row\">\n"
        html += "<td class=\"severity\"><button type=\"button\" class=\"toggle\" aria-expanded=\"false\" aria-controls=\"\(id)-detail\" aria-label=\"Details\"></button>"
        html += "<span class=\"sev\" style=\"background:\(Self.color(finding.severity))\(finding.severity == .low ? ";color:#212121" : "")\">\(finding.severity.rawValue)</span>"
        if let suppression = finding.suppression {
            html += "<span class=\"state\">\(e(suppression.state.label))</span>"
        }
        html += "</td>\n"
        html += "<td>" + finding.pillars.map { "<span class=\"pillar\" title=\"\(e($0.title))\">\(e($0.rawValue))</span>" }.joined(separator: " ") + "</td>\n"
        html += "<td><code>\(e(finding.ruleID))</code></td>\n"
        html += "<td class=\"place\">\(e(finding.place))</td>\n"
        html += "<td><span class=\"title\">\(e(finding.title))</span>"
        if let message = finding.message { html += "<span class=\"message\">\(e(message))</span>" }
        html += "</td>\n"
        html += "<td>\(environment.map(e) ?? "<span class=\"muted\">–</span>")</td>\n"
        html += "</tr>\n"

        html += "<tr class=\"detail\" id=\"\(id)-detail\"><td colspan=\"6\"><div class=\"detail-body\">\n"
        html += detail(finding)
        html += "</div></td></tr>\n</tbody>\n"
        return html
    }

    private func detail(_ finding: Finding) -> String {
        var facts: [(String, String)] = []
        if let resource = finding.resource {
            var text = "\(e(resource.kind)) <code>\(e(resource.identifier))</code>"
            if let arn = resource.arn { text += " <code>\(e(arn))</code>" }
            let scope = [resource.account.map { "account \(e($0))" }, resource.region.map { "region \(e($0))" },
                         resource.environment.map { "environment \(e($0))" }].compactMap { $0 }
            if !scope.isEmpty { text += " (\(scope.joined(separator: ", ")))" }
            facts.append(("Resource", text))
        }
        if let location = finding.location {
            var text = "<code>\(e(location.path))"
            if let line = location.line, line > 0 {
                text += ":\(line)"
                if let column = location.column, column > 0 { text += ":\(column)" }
            }
            text += "</code>"
            if let commit = location.commit { text += " in commit <code>\(e(commit))</code>" }
            if let author = location.author { text += " by \(e(author))" }
            if let date = location.date { text += " on \(e(date))" }
            facts.append(("Location", text))
        }
        if let evidence = finding.evidence, !evidence.isEmpty {
            facts.append(("Evidence", "<code class=\"evidence\">\(e(evidence))</code>"))
        }
        if let confidence = finding.confidence {
            facts.append(("Confidence", e(confidence.rawValue + (finding.reason.map { " (\($0))" } ?? ""))))
        }
        if let suppression = finding.suppression {
            var text = "<strong>\(e(suppression.state.label))</strong>: \(e(suppression.reason)) (\(e(suppression.author))"
            if let expires = suppression.expires { text += ", until \(e(expires))" }
            text += "; <code>\(e(suppression.origin))</code>)"
            facts.append(("Suppressed", text))
        }
        facts.append(("Pillars", finding.pillars.map { e($0.title) }.joined(separator: ", ")))
        facts.append(("Fingerprint", "<code>\(e(finding.fingerprint))</code>"))

        var html = "<dl class=\"facts\">\n"
        for (term, value) in facts { html += "<dt>\(term)</dt><dd>\(value)</dd>\n" }
        html += "</dl>\n"
        if !finding.remediation.isEmpty {
            html += "<h3>Remediation</h3>\n"
            for block in TextBlock.split(finding.remediation) {
                switch block {
                case .prose(let text):
                    html += "<p>" + e(text).replacingOccurrences(of: "\n", with: "<br>\n") + "</p>\n"
                case .code(let language, let code):
                    let attribute = language.isEmpty ? "" : " class=\"language-\(e(language))\""
                    html += "<pre><code\(attribute)>\(e(code))</code></pre>\n"
                }
            }
        }
        if !finding.references.isEmpty {
            html += "<h3>References</h3>\n<ul class=\"references\">\n"
            for reference in finding.references {
                if reference.hasPrefix("https://") {
                    html += "<li><a href=\"\(e(reference))\" rel=\"noreferrer\">\(e(reference))</a></li>\n"
                } else {
                    html += "<li>\(e(reference))</li>\n"
                }
            }
            html += "</ul>\n"
        }
        return html
    }

    private func notes(_ report: Report) -> String {
        guard !report.notes.isEmpty else { return "" }
        var html = ""
        let notAssessed = report.notes.filter { $0.kind == .notAssessed }
        if !notAssessed.isEmpty {
            html += "<section aria-labelledby=\"not-assessed-title\" class=\"notes\">\n<h2 id=\"not-assessed-title\">Not assessed</h2>\n<ul>\n"
            html += notAssessed.map { "<li><strong>\(e($0.source))</strong>: \(e($0.message))</li>\n" }.joined()
            html += "</ul>\n</section>\n"
        }
        let others = report.notes.filter { $0.kind != .notAssessed }
        if !others.isEmpty {
            html += "<section aria-labelledby=\"notes-title\" class=\"notes\">\n<h2 id=\"notes-title\">Notes</h2>\n<ul>\n"
            html += others.map { "<li><strong>\(e($0.source))</strong> (\($0.kind.rawValue)): \(e($0.message))</li>\n" }.joined()
            html += "</ul>\n</section>\n"
        }
        return html
    }

    // MARK: - Page assets

    /// No source but the page itself: inline style, the one script admitted by its SHA-256, and
    /// `data:` images at most; links still navigate.
    static var contentSecurityPolicy: String {
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-\(scriptHash)'"
    }

    /// Base64 of the script's SHA-256, as CSP hash sources are written (CSP Level 3 §2.3.1).
    static var scriptHash: String {
        let hex = Array(Fingerprint.sha256(Array(script.utf8)).utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index + 1 < hex.count {
            let high = hexValue(hex[index]), low = hexValue(hex[index + 1])
            bytes.append(high << 4 | low)
            index += 2
        }
        return Data(bytes).base64EncodedString()
    }

    private static func hexValue(_ digit: UInt8) -> UInt8 {
        digit >= 0x61 ? digit - 0x61 + 10 : digit - 0x30
    }

    static let style = """
    :root { color-scheme: light; --ink: #212121; --muted: #616161; --line: #e0e0e0; --soft: #f5f5f5; --accent: #1565c0; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: #fff; }
    code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
    [hidden] { display: none !important; }
    header.top { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 16px; padding: 20px 32px; border-bottom: 1px solid var(--line); background: var(--soft); }
    .brand { margin: 0; color: var(--muted); font-size: 12px; letter-spacing: .08em; text-transform: uppercase; }
    h1 { margin: 2px 0 8px; font-size: 24px; word-break: break-all; }
    h2 { font-size: 18px; margin: 28px 0 12px; }
    h3 { font-size: 13px; margin: 14px 0 6px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
    .meta { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 0; }
    .meta div { display: flex; gap: 6px; }
    .meta dt { color: var(--muted); }
    .meta dd { margin: 0; }
    .verdict { margin: 0; padding: 10px 16px; border-radius: 6px; color: #fff; font-size: 15px; }
    .verdict strong { margin-right: 8px; letter-spacing: .05em; }
    .verdict.fail { background: #c62828; }
    .verdict.pass { background: #2e7d32; }
    main { padding: 0 32px 32px; max-width: 1400px; }
    .totals { display: flex; flex-wrap: wrap; gap: 8px 20px; list-style: none; padding: 0; margin: 0 0 16px; }
    .total { display: flex; align-items: center; gap: 6px; }
    .total strong { font-size: 18px; }
    .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; }
    .muted { color: var(--muted); }
    .chart { margin: 0; }
    .chart svg { max-width: 100%; height: auto; font: 13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; fill: var(--ink); }
    .chart .track { fill: var(--soft); }
    .chart .count { font-weight: 600; }
    .chart figcaption { color: var(--muted); font-size: 12px; }
    .controls { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; margin-bottom: 12px; }
    .controls input, .controls select { font: inherit; padding: 4px 8px; border: 1px solid #bdbdbd; border-radius: 4px; }
    .controls input { width: 260px; }
    #filter-count { color: var(--muted); }
    table { width: 100%; border-collapse: collapse; }
    thead th { position: sticky; top: 0; background: #fff; text-align: left; border-bottom: 2px solid var(--line); padding: 0; white-space: nowrap; }
    th button { all: inherit; display: block; width: 100%; padding: 8px; cursor: default; font-weight: 600; }
    .js th button { cursor: pointer; }
    .js th button:hover { background: var(--soft); }
    th[aria-sort="ascending"] button::after { content: " ▲"; font-size: 10px; }
    th[aria-sort="descending"] button::after { content: " ▼"; font-size: 10px; }
    td { padding: 8px; vertical-align: top; }
    tbody.finding { border-top: 1px solid var(--line); }
    tbody.finding.suppressed .row { opacity: .6; }
    .js tr.row { cursor: pointer; }
    .js tr.row:hover { background: #fafafa; }
    .js tbody.finding:not(.open) tr.detail { display: none; }
    tr.detail > td { padding: 0 8px 12px 38px; }
    .detail-body { border-left: 3px solid var(--line); padding: 4px 0 4px 16px; }
    .toggle { display: none; width: 20px; height: 20px; margin: 0 6px 0 0; padding: 0; border: 0; background: none; cursor: pointer; vertical-align: middle; color: var(--muted); }
    .toggle::before { content: "▸"; }
    .open .toggle::before { content: "▾"; }
    .js .toggle { display: inline-block; }
    .sev { display: inline-block; min-width: 64px; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; text-align: center; }
    .state { display: block; margin-top: 4px; color: var(--muted); font-size: 12px; }
    .pillar { display: inline-block; padding: 0 6px; margin: 0 2px 2px 0; border: 1px solid #bdbdbd; border-radius: 10px; font-size: 12px; }
    .place { overflow-wrap: anywhere; }
    td.severity { white-space: nowrap; }
    .title { display: block; font-weight: 600; }
    .message { display: block; overflow-wrap: anywhere; }
    .facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
    .facts dt { color: var(--muted); }
    .facts dd { margin: 0; overflow-wrap: anywhere; }
    .evidence { background: #fff3e0; padding: 1px 4px; border-radius: 3px; }
    .detail-body p { margin: 4px 0; }
    pre { background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 8px 12px; overflow-x: auto; margin: 6px 0; }
    .references { margin: 4px 0; padding-left: 20px; }
    a { color: var(--accent); overflow-wrap: anywhere; }
    .notes ul { padding-left: 20px; }
    footer { padding: 16px 32px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
    @media print { .controls, .toggle { display: none !important; } .js tbody.finding tr.detail { display: table-row !important; } thead th { position: static; } }
    """

    /// Folding, filtering and sorting; without it the page shows everything, unfolded.
    static let script = """

    (function () {
      "use strict";
      var root = document.documentElement;
      root.classList.remove("no-js");
      root.classList.add("js");
      var table = document.getElementById("findings");
      if (!table) { return; }
      var bodies = Array.prototype.slice.call(table.tBodies);
      var text = document.getElementById("filter-text");
      var severity = document.getElementById("filter-severity");
      var pillar = document.getElementById("filter-pillar");
      var count = document.getElementById("filter-count");
      document.getElementById("controls").hidden = false;

      bodies.forEach(function (body) {
        var button = body.querySelector("button.toggle");
        body.rows[0].addEventListener("click", function (event) {
          if (event.target.closest("a")) { return; }
          var open = !body.classList.contains("open");
          body.classList.toggle("open", open);
          button.setAttribute("aria-expanded", open ? "true" : "false");
        });
      });

      function apply() {
        var query = text.value.trim().toLowerCase();
        var shown = 0;
        bodies.forEach(function (body) {
          var visible = (!severity.value || body.dataset.severity === severity.value) &&
            (!pillar.value || body.dataset.pillars.split(" ").indexOf(pillar.value) >= 0) &&
            (!query || body.textContent.toLowerCase().indexOf(query) >= 0);
          body.hidden = !visible;
          if (visible) { shown += 1; }
        });
        count.textContent = shown + " of " + bodies.length + " findings";
      }
      [text, severity, pillar].forEach(function (control) {
        control.addEventListener("input", apply);
        control.addEventListener("change", apply);
      });

      var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
      headers.forEach(function (header) {
        header.querySelector("button").addEventListener("click", function () {
          var key = header.dataset.key;
          var numeric = header.dataset.numeric === "1";
          var ascending = header.getAttribute("aria-sort") !== "ascending";
          headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
          header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          bodies.sort(function (a, b) {
            var order = numeric ? Number(a.dataset[key]) - Number(b.dataset[key])
              : a.dataset[key].localeCompare(b.dataset[key]);
            if (order === 0) { return Number(a.dataset.index) - Number(b.dataset.index); }
            return ascending ? order : -order;
          });
          bodies.forEach(function (body) { table.appendChild(body); });
        });
      });
      apply();
    })();

    """
}
