import AnshinCore

/// The diagram as a Mermaid flowchart, for Markdown that GitHub and GitLab render: the same
/// boxes, containers, request path and dashed log flows as the DOT form, badges as a line of text and a colour.
extension InfrastructureDiagram {
    public func mermaid() -> String {
        var lines = ["---", "title: \(Self.mermaidText(title))", "---", "flowchart LR"]
        let accountLabel = "AWS account " + (account ?? "(account not known)") + (environment.map { " · \($0)" } ?? "")
        lines.append("  subgraph account[\"\(Self.mermaidText(accountLabel))\"]")
        let global = nodes.filter { $0.place == .account }
        if !global.isEmpty {
            lines.append("    subgraph global[\"Global\"]")
            for node in global { lines.append("      " + mermaidNode(node)) }
            lines.append("    end")
        }
        lines.append("    subgraph region[\"\(Self.mermaidText("Region " + (region ?? "(not known)")))\"]")
        for container in containers where container.parent == nil {
            lines.append("      subgraph vpc_\(container.id)[\"\(Self.mermaidText(container.label))\"]")
            for node in nodes where node.place == .vpc(container.id) { lines.append("        " + mermaidNode(node)) }
            for subnets in containers where subnets.parent == container.id {
                lines.append("        subgraph subnets_\(subnets.id)[\"\(Self.mermaidText(subnets.label))\"]")
                for node in nodes where node.place == .subnets(subnets.id) { lines.append("          " + mermaidNode(node)) }
                lines.append("        end")
            }
            lines.append("      end")
        }
        for tier in Tier.allCases {
            let members = nodes.filter { $0.place == .region && $0.tier == tier }
            guard !members.isEmpty else { continue }
            lines.append("      subgraph tier_\(tier.rawValue)[\"\(tier.title)\"]")
            for node in members { lines.append("        " + mermaidNode(node)) }
            lines.append("      end")
        }
        lines.append("    end")
        lines.append("  end")
        for edge in edges {
            switch edge.kind {
            case .requests: lines.append("  \(edge.from) --> \(edge.to)")
            case .logs: lines.append("  \(edge.from) -. \(Self.mermaidText(edge.label)) .-> \(edge.to)")
            }
        }
        let severities = Severity.allCases.sorted(by: >)
        for severity in severities {
            let members = nodes.filter { $0.severity == severity }.map(\.id)
            guard !members.isEmpty else { continue }
            lines.append("  classDef severity_\(severity.rawValue) stroke:\(Self.badgeColor(severity)),stroke-width:3px")
            lines.append("  class \(members.joined(separator: ",")) severity_\(severity.rawValue)")
        }
        let differences: [(String, String, (Node) -> Bool)] = [
            ("only_here", "stroke:#2e7d32,stroke-width:4px", { $0.difference == .onlyHere }),
            ("only_there", "stroke:#757575,stroke-dasharray:5 3,fill:#f5f5f5", { $0.difference == .onlyThere }),
            ("changed", "stroke:#b45309,stroke-width:4px", { if case .changed = $0.difference { true } else { false } }),
        ]
        for (name, style, test) in differences {
            let members = nodes.filter(test).map(\.id)
            guard !members.isEmpty else { continue }
            lines.append("  classDef diff_\(name) \(style)")
            lines.append("  class \(members.joined(separator: ",")) diff_\(name)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func mermaidNode(_ node: Node) -> String {
        var parts = ["<b>\(Self.mermaidText(node.title))</b>", Self.mermaidText(node.subtitle)]
        if !node.marks.isEmpty { parts.append(node.marks.map { Self.mermaidText($0.symbolText) }.joined(separator: " · ")) }
        if let severity = node.severity { parts.append("⚠ \(severity.rawValue) \(node.findings.count)") }
        switch node.difference {
        case nil: break
        case .onlyHere?: parts.append("<b>only in \(Self.mermaidText(side ?? environment ?? "this environment"))</b>")
        case .onlyThere?: parts.append("<b>only in \(Self.mermaidText(comparedWith ?? "the other environment"))</b>")
        case .changed(let changes)?: parts += changes.map { "<b>≠ \(Self.mermaidText($0))</b>" }
        }
        return "\(node.id)[\"\(parts.joined(separator: "<br/>"))\"]"
    }

    /// Text inside a quoted Mermaid label: quotes and angle brackets as Mermaid's entity codes.
    static func mermaidText(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\"": result += "#quot;"
            case "<": result += "#lt;"
            case ">": result += "#gt;"
            case "\n": result += " "
            default: result.append(character)
            }
        }
        return result
    }
}
