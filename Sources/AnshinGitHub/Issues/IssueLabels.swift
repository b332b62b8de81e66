import AnshinCore

/// The labels the sync manages: one per pillar and one per severity, each with a fixed colour
/// and description so every repository's board looks the same.
public enum IssueLabels {
    /// The label of a pillar: its short name (`security`, `opex`).
    public static func name(_ pillar: Pillar) -> String { pillar.rawValue }

    /// The label of a severity: `severity:high`.
    public static func name(_ severity: Severity) -> String { "severity:\(severity.rawValue)" }

    /// Every managed label, pillars in report order then severities most severe first.
    public static let all: [GitHubLabel] = Pillar.reportOrder.map(label) + Severity.descending.map(label)

    /// The names of ``all``.
    public static let names: Set<String> = Set(all.map(\.name))

    public static func label(_ pillar: Pillar) -> GitHubLabel {
        let pair: (color: String, text: String) = switch pillar {
        case .security: ("b60205", "Well-Architected security: protect data, systems and credentials")
        case .reliability: ("d93f0b", "Well-Architected reliability: recover from failure, back up, scale")
        case .opex: ("0e8a16", "Well-Architected operational excellence: run, observe and improve operations")
        case .performance: ("1d76db", "Well-Architected performance efficiency: use resources efficiently")
        case .cost: ("5319e7", "Well-Architected cost optimisation: stop paying for what is not needed")
        case .sustainability: ("006b75", "Well-Architected sustainability: less waste, less energy")
        }
        return GitHubLabel(name: name(pillar), color: pair.color, description: pair.text)
    }

    public static func label(_ severity: Severity) -> GitHubLabel {
        let pair: (color: String, text: String) = switch severity {
        case .critical: ("5c0011", "anshin severity: act today")
        case .high: ("e11d21", "anshin severity: fix this week")
        case .medium: ("fbca04", "anshin severity: plan a fix")
        case .low: ("c5def5", "anshin severity: fix when convenient")
        case .info: ("ededed", "anshin severity: worth knowing")
        }
        return GitHubLabel(name: name(severity), color: pair.color, description: pair.text)
    }

    /// The pillar a label names, if any.
    public static func pillar(_ label: String) -> Pillar? { Pillar(rawValue: label.lowercased()) }

    /// The severity a label names (`severity:high`, also a bare `high` or `Critical` as people
    /// label issues by hand), if any.
    public static func severity(_ label: String) -> Severity? {
        let lowered = label.lowercased().trimmingCharacters(in: .whitespaces)
        if lowered.hasPrefix("severity:") { return Severity(rawValue: String(lowered.dropFirst("severity:".count)).trimmingCharacters(in: .whitespaces)) }
        return Severity(rawValue: lowered)
    }
}
