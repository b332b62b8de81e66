import AnshinCore
import Foundation

/// The diagram as one self-contained HTML page: the SVG inline, then each box's findings, which
/// the badges link to. No script, no external resource, so it can be committed and opened offline.
extension InfrastructureDiagram {
    /// `svg` is the layout of ``dot(links:)`` with `links: true`.
    public func html(svg: String) -> String {
        let body = Self.inlineSVG(svg)
        var findings: [String] = []
        for node in nodes where !node.findings.isEmpty {
            let items = node.findings.sorted { ($0.severity, $0.ruleID) > ($1.severity, $1.ruleID) }.map { finding in
                "<li><span class=\"badge\" style=\"background:\(Self.badgeColor(finding.severity))\">\(finding.severity.rawValue)</span> "
                    + "<code>\(Self.html(finding.ruleID))</code> \(Self.html(finding.title))"
                    + (node.isGroup ? " <small>(\(Self.html(finding.identifier ?? "")))</small>" : "") + "</li>"
            }
            findings.append("<section class=\"findings\" id=\"findings-\(node.id)\"><h3>\(Self.html(node.title)) "
                + "<small>\(Self.html(node.kind))</small></h3><ul>\(items.joined())</ul></section>")
        }
        if !otherFindings.isEmpty {
            let items = otherFindings.sorted { ($0.severity, $0.ruleID) > ($1.severity, $1.ruleID) }.map { finding in
                "<li><span class=\"badge\" style=\"background:\(Self.badgeColor(finding.severity))\">\(finding.severity.rawValue)</span> "
                    + "<code>\(Self.html(finding.ruleID))</code> \(Self.html(finding.title))</li>"
            }
            findings.append("<section class=\"findings\" id=\"findings-other\"><h3>About the account or the code, not one drawn resource</h3>"
                + "<ul>\(items.joined())</ul></section>")
        }
        let summary = "\(resourceCount) resource\(resourceCount == 1 ? "" : "s") in \(nodes.count) box\(nodes.count == 1 ? "" : "es"); "
            + "\(nodes.filter { !$0.findings.isEmpty }.count) with findings"
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.html(title))</title>
        <style>
        body { font-family: Helvetica, Arial, sans-serif; margin: 1.5rem; color: #263238; }
        h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
        p.summary { color: #546e7a; margin: 0 0 1rem; }
        .diagram { overflow-x: auto; border: 1px solid #eceff1; border-radius: 6px; padding: .5rem; }
        .diagram svg { max-width: none; height: auto; }
        .diagram a { cursor: pointer; }
        section.findings { margin-top: 1rem; }
        section.findings:target { outline: 3px solid #1565c0; outline-offset: 4px; }
        section.findings h3 { font-size: 1rem; margin: .5rem 0; }
        section.findings small { color: #607d8b; font-weight: normal; }
        .badge { color: #fff; border-radius: 3px; padding: 0 .35rem; font-size: .8rem; }
        ul { margin: 0; padding-left: 1.25rem; }
        li { margin: .2rem 0; }
        </style>
        </head>
        <body>
        <h1>\(Self.html(title))</h1>
        <p class="summary">\(summary)</p>
        <div class="diagram">
        \(body)
        </div>
        <h2>Findings by resource</h2>
        \(findings.isEmpty ? "<p>No finding about these resources.</p>" : findings.joined(separator: "\n"))
        </body>
        </html>

        """
    }

    /// The `<svg>` element alone, without the XML declaration and doctype.
    static func inlineSVG(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return svg }
        return String(svg[start.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
