import AnshinCore

extension IssueBoard {
    /// The board as one self-contained HTML page (no script, nothing fetched): a count of open
    /// issues per pillar and severity, then one column per pillar, security first, each issue a
    /// card with its severity, number (linked to GitHub) and title, marked when filed by hand.
    /// On a narrow screen the columns stack in the same order.
    public func renderHTML(repository: String) -> String {
        let heading = "Open issues of \(repository) by pillar"
        var html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escape(heading))</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        <h1>\(Self.escape(heading))</h1>

        """
        let byHand = entries.filter { !$0.filedByAnshin }.count
        html += "<p class=\"summary\">\(entries.count) open \(entries.count == 1 ? "issue" : "issues") with a pillar label: "
            + "\(entries.count - byHand) filed by anshin, \(byHand) by hand.</p>\n"
        guard !entries.isEmpty else {
            return html + "<p class=\"empty\">No open issue has a pillar label.</p>\n</body>\n</html>\n"
        }

        // Pillar × severity counts.
        let severities: [Severity?] = Severity.descending.map { $0 } + [nil]
        html += "<div class=\"counts\"><table id=\"counts\">\n<thead><tr><th scope=\"col\">Pillar</th>"
        for severity in severities { html += "<th scope=\"col\">\(severity?.rawValue ?? "unrated")</th>" }
        html += "<th scope=\"col\">all</th></tr></thead>\n<tbody>\n"
        for pillar in pillars {
            let members = entries.filter { $0.pillar == pillar }
            html += "<tr><th scope=\"row\"><a href=\"#pillar-\(pillar.rawValue)\">\(Self.escape(pillar.title))</a></th>"
            for severity in severities {
                let count = members.filter { $0.severity == severity }.count
                html += count == 0 ? "<td class=\"zero\">0</td>" : "<td>\(count)</td>"
            }
            html += "<td>\(members.count)</td></tr>\n"
        }
        html += "</tbody>\n</table></div>\n<main class=\"board\">\n"

        for pillar in pillars {
            let members = entries.filter { $0.pillar == pillar }
            html += "<section class=\"pillar\" id=\"pillar-\(pillar.rawValue)\" style=\"--pillar: #\(IssueLabels.label(pillar).color ?? "777777")\">\n"
            html += "<h2>\(Self.escape(pillar.title)) <span class=\"count\">\(members.count)</span></h2>\n<ol>\n"
            for entry in members {
                let severity = entry.severity?.rawValue ?? "unrated"
                html += "<li class=\"issue severity-\(severity)\(entry.filedByAnshin ? "" : " by-hand")\" data-number=\"\(entry.number)\">"
                html += "<span class=\"severity\">\(severity)</span> "
                if let url = entry.url, url.hasPrefix("https://") || url.hasPrefix("http://") {
                    html += "<a class=\"number\" href=\"\(Self.escape(url))\">#\(entry.number)</a> "
                } else {
                    html += "<span class=\"number\">#\(entry.number)</span> "
                }
                html += "<span class=\"title\">\(Self.escape(entry.title))</span>"
                if !entry.filedByAnshin { html += " <span class=\"tag\">by hand</span>" }
                html += "</li>\n"
            }
            html += "</ol>\n</section>\n"
        }
        return html + "</main>\n</body>\n</html>\n"
    }

    /// Severity badges use the severity labels' colours, so the page and GitHub look alike.
    private static let style: String = {
        var css = """
        :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; }
        body { margin: 0 auto; padding: 16px 24px; max-width: 1600px; background: #f6f8fa; }
        h1 { font-size: 1.4rem; margin: 0 0 4px; overflow-wrap: anywhere; }
        .summary, .empty { color: #59636e; margin: 0 0 12px; }
        div.counts { overflow-x: auto; margin: 0 0 16px; }
        #counts { border-collapse: collapse; background: #fff; font-variant-numeric: tabular-nums; }
        #counts th, #counts td { border: 1px solid #d1d9e0; padding: 3px 10px; text-align: right; }
        #counts th[scope=row], #counts thead th:first-child { text-align: left; }
        #counts td.zero { color: #b0b8c1; }
        .board { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; align-items: start; }
        .pillar { background: #fff; border: 1px solid #d1d9e0; border-top: 4px solid var(--pillar); border-radius: 6px; min-width: 0; }
        .pillar h2 { font-size: 1rem; margin: 0; padding: 8px 10px; border-bottom: 1px solid #d1d9e0; }
        .pillar h2 .count { color: #59636e; font-weight: normal; }
        .pillar ol { list-style: none; margin: 0; padding: 0; }
        .issue { padding: 7px 10px; border-bottom: 1px solid #eef1f4; line-height: 1.35; overflow-wrap: anywhere; }
        .issue:last-child { border-bottom: 0; }
        .issue .number { color: #0969da; text-decoration: none; font-variant-numeric: tabular-nums; }
        .issue .tag { font-size: 0.75rem; color: #59636e; border: 1px solid #d1d9e0; border-radius: 10px; padding: 0 6px; white-space: nowrap; }
        .severity { display: inline-block; min-width: 4.6em; text-align: center; font-size: 0.75rem; font-weight: 600;
                    border-radius: 10px; padding: 1px 6px; background: #ededed; color: #1f2328; }
        @media print { body { background: #fff; } .board { display: block; } .pillar { break-inside: avoid; margin-bottom: 12px; } }

        """
        for severity in Severity.descending {
            let color = IssueLabels.label(severity).color ?? "ededed"
            let text = [.critical, .high].contains(severity) ? "#ffffff" : "#1f2328"
            css += ".severity-\(severity.rawValue) .severity { background: #\(color); color: \(text); }\n"
        }
        return css
    }()

    /// Text safe in element content and quoted attribute values.
    static func escape(_ text: String) -> String { HTMLText.escape(text) }
}
