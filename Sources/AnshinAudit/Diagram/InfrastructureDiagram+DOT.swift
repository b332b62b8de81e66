import AnshinCore

/// The diagram as Graphviz DOT, laid out by `dot`: clusters for the account, the Region, each
/// VPC (with its public and private subnets) and each tier, one column per tier (kept in order
/// by invisible edges), the request path solid, log flows dashed.
extension InfrastructureDiagram {
    /// Colours of the severity badges (white text on each passes WCAG AA).
    public static func badgeColor(_ severity: Severity) -> String {
        switch severity {
        case .critical: "#7b1020"
        case .high: "#c62828"
        case .medium: "#b45309"
        case .low: "#1f6f8b"
        case .info: "#546e7a"
        }
    }

    static func tierColor(_ tier: Tier) -> String {
        switch tier {
        case .network: "#2e7d32"
        case .edge: "#6a1b9a"
        case .loadBalancing: "#1565c0"
        case .compute: "#ef6c00"
        case .data: "#00695c"
        case .logging: "#5d4037"
        case .identity: "#455a64"
        }
    }

    static func markColor(_ state: Mark.State) -> String {
        switch state {
        case .good: "#1b5e20"
        case .bad: "#b71c1c"
        case .unknown: "#616161"
        }
    }

    /// The DOT text. With `links`, each badge links to `#findings-<node id>` (the HTML page's
    /// list of the box's findings); without, the SVG stands alone.
    public func dot(links: Bool = false) -> String {
        var lines: [String] = []
        lines.append("digraph anshin {")
        lines.append("  graph [rankdir=LR, compound=true, newrank=true, nodesep=0.25, ranksep=0.7, fontname=\"Helvetica\", fontsize=16, "
            + "labelloc=t, labeljust=l, label=\(Self.quoted(title)), bgcolor=\"white\", pad=0.2];")
        lines.append("  node [shape=plain, fontname=\"Helvetica\", fontsize=11];")
        lines.append("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#6d4c41\", fontcolor=\"#6d4c41\", arrowsize=0.7];")
        let accountLabel = "AWS account " + (account ?? "(account not known)") + (environment.map { " · \($0)" } ?? "")
        lines.append("  subgraph cluster_account {")
        lines.append("    id=\"account\"; class=\"box account\"; label=\(Self.quoted(accountLabel)); style=\"rounded\"; color=\"#37474f\"; "
            + "penwidth=1.5; fontsize=13; bgcolor=\"#fbfbfb\";")
        let global = nodes.filter { $0.place == .account }
        if !global.isEmpty {
            lines.append("    subgraph cluster_global {")
            lines.append("      id=\"global\"; class=\"box global\"; label=\"Global\"; style=\"rounded,dashed\"; color=\"#90a4ae\"; fontsize=12;")
            for node in global { lines.append("      " + nodeStatement(node, links: links)) }
            lines.append("    }")
        }
        lines.append("    subgraph cluster_region {")
        lines.append("      id=\"region\"; class=\"box region\"; label=\(Self.quoted("Region " + (region ?? "(not known)"))); "
            + "style=\"rounded\"; color=\"#1565c0\"; fontsize=12; bgcolor=\"white\";")
        for container in containers where container.parent == nil {
            lines.append("      subgraph cluster_\(container.id) {")
            lines.append("        id=\"vpc_\(container.id)\"; class=\"box vpc\"; label=\(Self.quoted(container.label)); style=\"rounded,filled\"; "
                + "fillcolor=\"#f1f8e9\"; color=\"#2e7d32\"; fontsize=12;")
            for node in nodes where node.place == .vpc(container.id) { lines.append("        " + nodeStatement(node, links: links)) }
            for subnets in containers where subnets.parent == container.id {
                lines.append("        subgraph cluster_\(subnets.id) {")
                lines.append("          id=\"subnets_\(subnets.id)\"; class=\"box subnets\"; label=\(Self.quoted(subnets.label)); "
                    + "style=\"rounded,filled,dashed\"; fillcolor=\"white\"; color=\"#66bb6a\"; fontsize=11;")
                for node in nodes where node.place == .subnets(subnets.id) { lines.append("          " + nodeStatement(node, links: links)) }
                lines.append("        }")
            }
            lines.append("      }")
        }
        for tier in Tier.allCases {
            let members = nodes.filter { $0.place == .region && $0.tier == tier }
            guard !members.isEmpty else { continue }
            lines.append("      subgraph cluster_tier_\(tier.rawValue) {")
            lines.append("        id=\"tier_\(tier.rawValue)\"; class=\"box tier\"; label=\(Self.quoted(tier.title)); style=\"rounded,dashed\"; "
                + "color=\"#b0bec5\"; fontsize=11;")
            for node in members { lines.append("        " + nodeStatement(node, links: links)) }
            lines.append("      }")
        }
        lines.append("    }")
        lines.append("  }")
        // One column per tier: every box of a tier follows the first box of the tier before it.
        // The Global box comes first, as a column of its own beside the Region, so neither box
        // stretches over the other's columns.
        var previous: Node?
        for tier in Tier.allCases {
            let members = nodes.filter { $0.tier == tier && $0.place != .account }
            guard let first = members.first else { continue }
            if let previous {
                for node in members { lines.append("  \(previous.id) -> \(node.id) [style=invis];") }
            } else {
                for node in global { lines.append("  \(node.id) -> \(first.id) [style=invis];") }
            }
            previous = first
        }
        for edge in edges {
            let style = switch edge.kind {
            case .requests: "style=solid, color=\"#1565c0\", penwidth=1.4"
            case .logs: "style=dashed"
            }
            let label = edge.label.isEmpty ? "" : ", label=\(Self.quoted(edge.label))"
            lines.append("  \(edge.from) -> \(edge.to) [id=\"flow_\(edge.from)_\(edge.to)\", class=\"flow \(edge.kind.rawValue)\", \(style)\(label)];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    func nodeStatement(_ node: Node, links: Bool) -> String {
        var color = Self.tierColor(node.tier)
        var classes = ["resource", "tier-\(node.tier.rawValue)", "members-\(node.count)"]
        var border = "1", style = "rounded", background = "white"
        var notes: [(String, String)] = []
        switch node.difference {
        case nil: break
        case .onlyHere?:
            classes.append("diff-only-here")
            (color, border) = ("#2e7d32", "3")
            notes.append(("#1b5e20", "only in \(side ?? environment ?? "this environment")"))
        case .onlyThere?:
            classes.append("diff-only-there")
            (color, border, style, background) = ("#757575", "2", "rounded,dashed", "#f5f5f5")
            notes.append(("#616161", "only in \(comparedWith ?? "the other environment")"))
        case .changed(let changes)?:
            classes.append("diff-changed")
            (color, border) = ("#b45309", "3")
            notes += changes.map { ("#b45309", "≠ " + $0) }
        }
        if let severity = node.severity { classes.append("severity-\(severity.rawValue)") }
        var title = "<TD ALIGN=\"LEFT\"><B>\(Self.html(node.title))</B></TD>"
        if let severity = node.severity {
            let rules = Array(Set(node.findings.map(\.ruleID))).sorted().joined(separator: ", ")
            let tip = "\(node.findings.count) finding\(node.findings.count == 1 ? "" : "s"): \(rules)"
            let href = links ? " HREF=\"#findings-\(node.id)\" TARGET=\"_self\"" : ""
            title += "<TD ALIGN=\"RIGHT\" BGCOLOR=\"\(Self.badgeColor(severity))\" ID=\"badge_\(node.id)\"\(href) TITLE=\"\(Self.html(tip))\">"
                + "<FONT COLOR=\"white\" POINT-SIZE=\"9\">\(severity.rawValue) \(node.findings.count)</FONT></TD>"
        }
        let span = node.severity == nil ? "" : " COLSPAN=\"2\""
        var rows = ["<TR>\(title)</TR>",
                    "<TR><TD ALIGN=\"LEFT\"\(span)><FONT POINT-SIZE=\"9\" COLOR=\"#546e7a\">\(Self.html(node.subtitle))</FONT></TD></TR>"]
        if !node.marks.isEmpty {
            let marks = node.marks.map { "<FONT COLOR=\"\(Self.markColor($0.state))\">\(Self.html($0.symbolText))</FONT>" }.joined(separator: "  ")
            rows.append("<TR><TD ALIGN=\"LEFT\"\(span)><FONT POINT-SIZE=\"9\">\(marks)</FONT></TD></TR>")
        }
        for (noteColor, text) in notes {
            rows.append("<TR><TD ALIGN=\"LEFT\"\(span)><FONT POINT-SIZE=\"9\" COLOR=\"\(noteColor)\"><B>\(Self.html(text))</B></FONT></TD></TR>")
        }
        let table = "<TABLE BORDER=\"\(border)\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\" STYLE=\"\(style)\" BGCOLOR=\"\(background)\" "
            + "COLOR=\"\(color)\">" + rows.joined() + "</TABLE>"
        return "\(node.id) [id=\"\(node.id)\", class=\"\(classes.joined(separator: " "))\", label=<\(table)>];"
    }

    /// A DOT string literal.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result + "\""
    }

    /// Text for an HTML-like label (and for HTML).
    static func html(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
