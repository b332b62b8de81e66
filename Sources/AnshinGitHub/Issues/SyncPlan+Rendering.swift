import AnshinCore
import Foundation

/// The plan as a person reads it (terminal, Markdown) and as other trackers import it (CSV, JSON).
extension SyncPlan {
    /// `create 3, update 1, close 2, reopen 0` and the rest.
    public var summary: String {
        var parts = ["create \(creates.count)", "update \(updates)", "close \(closes)", "reopen \(reopens)", "unchanged \(unchanged)"]
        if !labelsToCreate.isEmpty { parts.append("labels to create \(labelsToCreate.count)") }
        if !deferred.isEmpty { parts.append("deferred by --max-new \(deferred.count)") }
        if !kept.isEmpty { parts.append("left as they are \(kept.count)") }
        if handFiled > 0 { parts.append("filed by hand \(handFiled)") }
        return parts.joined(separator: ", ")
    }

    /// One line per step, for the terminal.
    public func renderText(repository: String?) -> String {
        var lines = ["Issue plan\(repository.map { " for \($0)" } ?? ""): \(summary)"]
        for step in steps {
            switch step {
            case .createLabel(let label): lines.append("  label   \(label.name) (#\(label.color ?? ""))")
            case .create(let draft): lines.append("  create  [\(draft.group.severity)] \(draft.title)")
            case .update(let number, let title, _, _, let draft): lines.append("  update  #\(number) \(title ?? draft.title)")
            case .close(let number, let title, _, let reason, _, _):
                lines.append("  close   #\(number) \(title) (\(reason == .resolved ? "resolved" : "suppressed"))")
            case .reopen(let number, let title, _, _, _, let draft): lines.append("  reopen  #\(number) \(title ?? draft.title)")
            }
        }
        for draft in deferred { lines.append("  later   [\(draft.group.severity)] \(draft.title) (over --max-new)") }
        for entry in kept { lines.append("  keep    #\(entry.issue) \(entry.title): \(entry.reason)") }
        if handFiled > 0 { lines.append("  \(handFiled) open \(handFiled == 1 ? "issue" : "issues") filed by hand with a pillar label, left alone") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Markdown page: the counts, then a table of the issues to file or change.
    public func renderMarkdown(repository: String?) -> String {
        var lines = ["## anshin issue plan\(repository.map { " for \(Self.cell($0))" } ?? "")", "", summary.prefix(1).uppercased() + String(summary.dropFirst()) + ".", ""]
        let rows = tableRows
        if !rows.isEmpty {
            lines.append("| Action | Issue | Severity | Pillars | Title |")
            lines.append("|:--|--:|:--|:--|:--|")
            for row in rows {
                lines.append("| \(row.action) | \(row.issue.map { "#\($0)" } ?? "") | \(row.severity) | \(row.pillars) | \(Self.cell(row.title)) |")
            }
            lines.append("")
        }
        for draft in creates + deferred {
            lines.append("<details>\n<summary>\(Self.cell(draft.title))</summary>\n\n\(draft.content)\n</details>\n")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 CSV for Jira's and Linear's importers: one row per issue to create or change,
    /// with its summary, Markdown description, labels and priority.
    public func renderCSV() -> String {
        var lines = ["Action,Issue,Summary,Priority,Severity,Pillars,Labels,Group,Description"]
        for step in steps {
            switch step {
            case .createLabel: continue
            case .create(let draft): lines.append(csvRow("create", nil, draft.title, draft))
            case .update(let number, let title, _, _, let draft): lines.append(csvRow("update", number, title ?? draft.title, draft))
            case .reopen(let number, let title, _, _, _, let draft): lines.append(csvRow("reopen", number, title ?? draft.title, draft))
            case .close(let number, let title, _, let reason, _, let group):
                lines.append(Self.csv(["close", String(number), title, "", "", "", "", group, reason == .resolved ? "resolved" : "suppressed"]))
            }
        }
        for draft in deferred { lines.append(csvRow("deferred", nil, draft.title, draft)) }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The plan as JSON, for scripts.
    public func renderJSON(repository: String?) -> String {
        struct Row: Encodable {
            var action: String; var issue: Int?; var title: String; var severity: String?; var pillars: [String]?
            var labels: [String]?; var group: String?; var reason: String?
        }
        struct Document: Encodable {
            var repository: String?; var summary: Summary; var actions: [Row]
        }
        struct Summary: Encodable {
            var create: Int; var update: Int; var close: Int; var reopen: Int; var unchanged: Int; var deferred: Int
            var labelsToCreate: Int; var kept: Int; var handFiled: Int
        }
        func row(_ action: String, _ issue: Int?, _ title: String, _ draft: IssueDraft) -> Row {
            Row(action: action, issue: issue, title: title, severity: draft.group.severity.rawValue,
                pillars: draft.group.pillars.map(\.rawValue), labels: draft.labels, group: draft.group.key)
        }
        var rows: [Row] = []
        for step in steps {
            switch step {
            case .createLabel(let label): rows.append(Row(action: "create-label", title: label.name))
            case .create(let draft): rows.append(row("create", nil, draft.title, draft))
            case .update(let number, let title, _, _, let draft): rows.append(row("update", number, title ?? draft.title, draft))
            case .reopen(let number, let title, _, _, _, let draft): rows.append(row("reopen", number, title ?? draft.title, draft))
            case .close(let number, let title, _, let reason, _, let group):
                rows.append(Row(action: "close", issue: number, title: title, group: group, reason: reason.rawValue))
            }
        }
        rows += deferred.map { row("deferred", nil, $0.title, $0) }
        rows += kept.map { Row(action: "keep", issue: $0.issue, title: $0.title, reason: $0.reason) }
        let document = Document(repository: repository, summary: Summary(
            create: creates.count, update: updates, close: closes, reopen: reopens, unchanged: unchanged, deferred: deferred.count,
            labelsToCreate: labelsToCreate.count, kept: kept.count, handFiled: handFiled), actions: rows)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(document)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }

    private struct TableRow { var action: String; var issue: Int?; var severity: String; var pillars: String; var title: String }

    private var tableRows: [TableRow] {
        var rows: [TableRow] = []
        func describe(_ draft: IssueDraft) -> (String, String) {
            (draft.group.severity.rawValue, draft.group.pillars.map(\.rawValue).joined(separator: " "))
        }
        for step in steps {
            switch step {
            case .createLabel: continue
            case .create(let draft): let (s, p) = describe(draft); rows.append(.init(action: "create", issue: nil, severity: s, pillars: p, title: draft.title))
            case .update(let n, let t, _, _, let draft): let (s, p) = describe(draft); rows.append(.init(action: "update", issue: n, severity: s, pillars: p, title: t ?? draft.title))
            case .reopen(let n, let t, _, _, _, let draft): let (s, p) = describe(draft); rows.append(.init(action: "reopen", issue: n, severity: s, pillars: p, title: t ?? draft.title))
            case .close(let n, let t, _, let reason, _, _): rows.append(.init(action: "close (\(reason.rawValue))", issue: n, severity: "", pillars: "", title: t))
            }
        }
        for draft in deferred { let (s, p) = describe(draft); rows.append(.init(action: "later (--max-new)", issue: nil, severity: s, pillars: p, title: draft.title)) }
        return rows
    }

    private func csvRow(_ action: String, _ issue: Int?, _ title: String, _ draft: IssueDraft) -> String {
        Self.csv([action, issue.map(String.init) ?? "", title, Self.priority(draft.group.severity), draft.group.severity.rawValue,
                  draft.group.pillars.map(\.rawValue).joined(separator: " "), draft.labels.joined(separator: " "), draft.group.key,
                  draft.content])
    }

    /// Jira's default priority names.
    static func priority(_ severity: Severity) -> String {
        switch severity {
        case .critical: "Highest"
        case .high: "High"
        case .medium: "Medium"
        case .low: "Low"
        case .info: "Lowest"
        }
    }

    /// One CSV record: fields quoted when they hold a comma, quote or line break; quotes doubled.
    /// A field starting with `=`, `+`, `-` or `@` gets a leading apostrophe so spreadsheets do not run it as a formula.
    static func csv(_ fields: [String]) -> String {
        fields.map { field in
            var value = field
            if let first = value.first, "=+-@".contains(first) { value = "'" + value }
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }

    /// Text for a Markdown table cell.
    static func cell(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "|", "\\", "`", "*", "_", "[", "]": output += "\\\(character)"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\n", "\r": output += " "
            default: output.append(character)
            }
        }
        return output
    }
}
