import AnshinCore

/// The open issues labelled by pillar, the first SRE's prioritisation board: by pillar
/// (security first, then reliability, then the others), then by severity, anshin's issues and
/// those filed by people side by side.
public struct IssueBoard: Sendable {
    public struct Entry: Sendable, Hashable {
        public var number: Int
        public var title: String
        /// The main pillar: the first in report order among its pillar labels.
        public var pillar: Pillar
        /// From its `severity:` label; nil when it has none (often for issues filed by hand).
        public var severity: Severity?
        /// Whether anshin filed it.
        public var filedByAnshin: Bool
        public var url: String?
    }

    /// Entries in board order.
    public var entries: [Entry]

    /// The board of `issues`: open ones with a pillar label (anshin's own issues also without one).
    public init(issues: [GitHubIssue]) {
        entries = issues.filter { $0.isOpen && !$0.isPullRequest }.compactMap { issue -> Entry? in
            let pillars = issue.labelNames.compactMap(IssueLabels.pillar).sorted()
            let severity = issue.labelNames.compactMap(IssueLabels.severity).max()
            guard let pillar = pillars.first ?? (issue.marker != nil ? .opex : nil) else { return nil }
            return Entry(number: issue.number, title: issue.title, pillar: pillar, severity: severity,
                         filedByAnshin: issue.marker != nil, url: issue.htmlUrl)
        }.sorted { a, b in
            if a.pillar != b.pillar { return a.pillar < b.pillar }
            let (sa, sb) = (a.severity.map { Severity.descending.firstIndex(of: $0)! } ?? 5, b.severity.map { Severity.descending.firstIndex(of: $0)! } ?? 5)
            if sa != sb { return sa < sb }
            return a.number < b.number
        }
    }

    /// Pillars with at least one entry, in board order.
    public var pillars: [Pillar] { Pillar.reportOrder.filter { pillar in entries.contains { $0.pillar == pillar } } }

    /// The board for a terminal: a heading per pillar, one line per issue.
    public func renderText(repository: String) -> String {
        guard !entries.isEmpty else { return "No open issue in \(repository) has a pillar label.\n" }
        var lines = ["Open issues of \(repository) by pillar (\(entries.count)):"]
        for pillar in pillars {
            let members = entries.filter { $0.pillar == pillar }
            lines.append("")
            lines.append("\(pillar.title) (\(members.count))")
            for entry in members {
                let severity = (entry.severity?.rawValue ?? "-").padding(toLength: 8, withPad: " ", startingAt: 0)
                lines.append("  \(severity) #\(entry.number) \(entry.title)\(entry.filedByAnshin ? "" : "  [by hand]")")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The board in Markdown: a section and table per pillar.
    public func renderMarkdown(repository: String) -> String {
        var lines = ["## Open issues of \(SyncPlan.cell(repository)) by pillar", ""]
        guard !entries.isEmpty else { return (lines + ["No open issue has a pillar label."]).joined(separator: "\n") + "\n" }
        for pillar in pillars {
            let members = entries.filter { $0.pillar == pillar }
            lines.append("### \(pillar.title) (\(members.count))")
            lines.append("")
            lines.append("| Severity | Issue | Title | Filed by |")
            lines.append("|:--|--:|:--|:--|")
            for entry in members {
                lines.append("| \(entry.severity?.rawValue ?? "unrated") | #\(entry.number) | \(SyncPlan.cell(entry.title)) | \(entry.filedByAnshin ? "anshin" : "hand") |")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
