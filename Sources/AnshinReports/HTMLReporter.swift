import AnshinCore
import Foundation

/// One self-contained HTML5 page: open it from a CI artifact or mail it, offline.
///
/// Nothing is loaded from the network (inline style, script and SVG; a Content-Security-Policy
/// forbids anything else and admits only the page's own script by its hash). Findings are grouped
/// as in the terminal: one row per rule and resource with a chip per environment (or account and
/// Region), a `<details>` element that opens to each environment's message and place, and the
/// remediation once. Without JavaScript every group still opens; with it, the list filters by
/// severity, pillar, environment, account, Region and text. All report text is escaped,
/// including in attributes; Markdown code spans in messages and remediation become `<code>`.
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
        let title = "anshin report: \(report.targetName)"
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
        html += groupedFindings(report)
        html += diagrams(report)
        html += notes(report)
        html += "</main>\n"
        html += "<footer>Written by \(e(report.toolName)) \(e(report.toolVersion)). This page loads nothing from the network.</footer>\n"
        html += "<script>\(Self.script)</script>\n"
        html += "</body>\n</html>\n"
        return html
    }

    func e(_ text: String) -> String { XMLEscaping.html(text) }

    // MARK: - Sections

    /// Each environment's infrastructure, drawn from the same inventories the findings came from.
    private func diagrams(_ report: Report) -> String {
        guard !report.diagrams.isEmpty else { return "" }
        var html = "<section id=\"diagrams\" aria-labelledby=\"diagrams-title\">\n<h2 id=\"diagrams-title\">Infrastructure</h2>\n"
        for diagram in report.diagrams {
            let name = diagram.environment ?? "no environment"
            // The SVG element alone: its XML declaration and doctype have no place inside HTML.
            let svg = diagram.svg.range(of: "<svg").map { String(diagram.svg[$0.lowerBound...]) } ?? ""
            html += "<details class=\"diagram\" data-environment=\"\(e(name))\" open><summary>\(e(name))</summary>"
                + "<figure>\(svg)</figure></details>\n"
        }
        return html + "</section>\n"
    }

    private func header(_ report: Report) -> String {
        let failing = report.failingFindings.count
        let verdict = failing > 0
            ? "<p class=\"verdict fail\"><strong>FAIL</strong> \(failing) \(failing == 1 ? "finding" : "findings") at or above \(e(report.failOnLabel))</p>"
            : report.fails ? "<p class=\"verdict fail\"><strong>FAIL</strong> nothing was assessed</p>"
            : "<p class=\"verdict pass\"><strong>PASS</strong> no finding at or above \(e(report.failOnLabel))</p>"
        return """
        <header class="top">
        <div>
        <p class="brand">anshin report</p>
        <h1>\(e(report.targetName))</h1>
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
    details.diagram { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 12px; }
    details.diagram summary { padding: 8px 12px; font-weight: 600; cursor: pointer; background: var(--soft); }
    details.diagram figure { margin: 0; padding: 8px; overflow-x: auto; }
    details.diagram svg { max-width: 100%; height: auto; }
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
    details.group { border-top: 1px solid var(--line); }
    details.group:last-child { border-bottom: 1px solid var(--line); }
    details.group > summary { position: relative; display: grid; grid-template-columns: 84px minmax(220px, 2fr) minmax(160px, 1.5fr) minmax(120px, 1fr); gap: 8px 12px; align-items: baseline; padding: 8px 4px; cursor: pointer; list-style: none; }
    details.group > summary::-webkit-details-marker { display: none; }
    details.group > summary::before { content: "▸"; position: absolute; left: -14px; top: 8px; color: var(--muted); }
    details.group[open] > summary::before { content: "▾"; }
    details.group > summary:hover { background: #fafafa; }
    details.group.suppressed > summary { opacity: .6; }
    #findings { padding-left: 16px; }
    .what .title { font-weight: 600; }
    .rule { color: var(--muted); }
    .subject { overflow-wrap: anywhere; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
    .chips { display: flex; flex-wrap: wrap; gap: 4px; }
    .chip { display: inline-block; padding: 0 8px; border-radius: 10px; background: #e3f2fd; color: #0d47a1; font-size: 12px; }
    .chip.places { background: var(--soft); color: var(--muted); }
    .detail-body { border-left: 3px solid var(--line); margin: 0 0 12px 4px; padding: 4px 0 4px 16px; }
    table.instances { width: 100%; border-collapse: collapse; margin: 4px 0 8px; }
    table.instances th { text-align: left; color: var(--muted); font-weight: 600; border-bottom: 1px solid var(--line); padding: 4px 8px; }
    table.instances td { padding: 4px 8px; vertical-align: top; border-bottom: 1px solid var(--soft); }
    tr.instance.suppressed { opacity: .6; }
    .sev { display: inline-block; min-width: 64px; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; text-align: center; }
    .state { display: block; margin-top: 4px; color: var(--muted); font-size: 12px; }
    .place { overflow-wrap: anywhere; }
    .message { overflow-wrap: anywhere; }
    .facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
    .facts dt { color: var(--muted); }
    .facts dd { margin: 0; overflow-wrap: anywhere; }
    .evidence { background: #fff3e0; padding: 1px 4px; border-radius: 3px; }
    .detail-body p { margin: 4px 0; }
    pre { background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 8px 12px; overflow-x: auto; margin: 6px 0; }
    .references, .places { margin: 4px 0; padding-left: 20px; }
    a { color: var(--accent); overflow-wrap: anywhere; }
    .notes ul { padding-left: 20px; }
    footer { padding: 16px 32px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
    @media print { .controls { display: none !important; } }
    """

    /// Filtering by severity, pillar, environment, account, Region and text; without it every
    /// group is listed and still opens.
    static let script = """

    (function () {
      "use strict";
      var root = document.documentElement;
      root.classList.remove("no-js");
      root.classList.add("js");
      var list = document.getElementById("findings");
      if (!list) { return; }
      var groups = Array.prototype.slice.call(list.querySelectorAll("details.group"));
      var controls = {};
      ["text", "severity", "pillar", "env", "account", "region"].forEach(function (name) {
        controls[name] = document.getElementById("filter-" + name);
      });
      var count = document.getElementById("filter-count");
      document.getElementById("controls").hidden = false;

      function has(list, value) { return !value || list.split(" ").indexOf(value) >= 0; }

      function apply() {
        var query = controls.text.value.trim().toLowerCase();
        var env = controls.env.value, account = controls.account.value, region = controls.region.value;
        var shown = 0;
        groups.forEach(function (group) {
          var data = group.dataset;
          var visible = (!controls.severity.value || data.severity === controls.severity.value) &&
            has(data.pillars, controls.pillar.value) && has(data.envs, env) &&
            has(data.accounts, account) && has(data.regions, region) &&
            (!query || group.textContent.toLowerCase().indexOf(query) >= 0);
          group.hidden = !visible;
          Array.prototype.forEach.call(group.querySelectorAll("tr.instance"), function (row) {
            row.hidden = (env && row.dataset.env !== env) || (account && row.dataset.account !== account) ||
              (region && row.dataset.region !== region);
          });
          if (visible) { shown += 1; }
        });
        count.textContent = shown + " of " + groups.length + " groups";
      }
      Object.keys(controls).forEach(function (name) {
        controls[name].addEventListener("input", apply);
        controls[name].addEventListener("change", apply);
      });
      apply();
    })();

    """
}
