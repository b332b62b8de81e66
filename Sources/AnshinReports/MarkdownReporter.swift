import AnshinCore

/// GitHub-flavoured Markdown, to paste into an issue or a pull-request comment.
///
/// A heading with the counts, a pillar × severity table, then the findings grouped under their
/// main pillar, each with its remediation folded in `<details>`. Text from findings is escaped
/// so that it cannot open links, tables or HTML; remediation is Markdown written by rule
/// authors, so only its HTML is escaped and its fenced snippets are kept as they are.
public struct MarkdownReporter: Reporter {
    public static let format = ReportFormat.markdown

    public init() {}

    public func render(_ report: Report) -> String {
        var blocks: [String] = []
        blocks.append(heading(report))
        blocks.append(status(report))

        let active = report.listedFindings.filter { !$0.isSuppressed }
        if report.listedFindings.isEmpty {
            blocks.append("No findings.")
        } else {
            if !active.isEmpty { blocks.append(table(report)) }
            for pillar in Pillar.reportOrder {
                let findings = active.filter { $0.pillars[0] == pillar }
                guard !findings.isEmpty else { continue }
                blocks.append("### \(pillar.title) (\(findings.count))")
                blocks += findings.map(finding)
            }
            let suppressed = report.listedFindings.filter(\.isSuppressed)
            if !suppressed.isEmpty {
                blocks.append("### Suppressed (\(suppressed.count))")
                blocks += suppressed.map(finding)
            }
        }
        blocks += notes(report)
        return blocks.joined(separator: "\n\n") + "\n"
    }

    private func heading(_ report: Report) -> String {
        let counts = report.countsBySeverity
        let total = report.activeFindings.count
        var text = "## anshin report for \(Self.inline(report.target)): "
        if total == 0 {
            text += "no findings"
        } else {
            let parts = Severity.descending.compactMap { severity in
                counts[severity].map { "\($0) \(severity)" }
            }
            text += "\(total) \(total == 1 ? "finding" : "findings") (\(parts.joined(separator: ", ")))"
        }
        return text
    }

    private func status(_ report: Report) -> String {
        let failing = report.failingFindings.count
        var line: String
        if report.failOn == nil {
            line = "**Report only** (`--fail-on none`): \(report.activeFindings.count) \(report.activeFindings.count == 1 ? "finding" : "findings")."
        } else if failing > 0 {
            line = "**Failed**: \(failing) \(failing == 1 ? "finding" : "findings") at or above `\(report.failOnLabel)`."
        } else {
            line = "**Passed**: no finding at or above `\(report.failOnLabel)`."
        }
        if report.suppressedCount > 0 {
            let shown = report.showSuppressed ? "listed below" : "not listed"
            line += " \(report.suppressedCount) suppressed (\(shown))."
        }
        return line + "\n\nGenerated \(Self.inline(report.generatedAt)) by \(Self.inline(report.toolName)) \(Self.inline(report.toolVersion))."
    }

    /// Active findings per pillar and severity; a finding counts in each of its pillars, so the
    /// last row counts findings once.
    private func table(_ report: Report) -> String {
        let counts = report.countsByPillar
        var rows = ["| Pillar | " + Severity.descending.map { Self.cell($0.rawValue.capitalized) }.joined(separator: " | ") + " |"]
        rows.append("|:--|" + Severity.descending.map { _ in "--:|" }.joined())
        for pillar in Pillar.reportOrder {
            let cells = Severity.descending.map { String(counts[pillar]?[$0] ?? 0) }
            rows.append("| \(Self.cell(pillar.title)) | " + cells.joined(separator: " | ") + " |")
        }
        let totals = Severity.descending.map { "**\(report.countsBySeverity[$0] ?? 0)**" }
        rows.append("| **All findings** | " + totals.joined(separator: " | ") + " |")
        return rows.joined(separator: "\n")
    }

    private func finding(_ finding: Finding) -> String {
        var lines: [String] = []
        lines.append("#### \(finding.severity.rawValue.uppercased()): \(Self.inline(finding.title))")

        var facts = ["Rule \(Self.code(finding.ruleID))"]
        if !finding.place.isEmpty { facts.append("at \(Self.code(finding.place))") }
        if let environment = finding.resource?.environment { facts.append("environment \(Self.code(environment))") }
        if finding.pillars.count > 1 {
            facts.append("also " + finding.pillars.dropFirst().map { Self.code($0.rawValue) }.joined(separator: " "))
        }
        if let location = finding.location, location.author != nil || location.date != nil {
            var commit = "committed"
            if let author = location.author { commit += " by \(Self.inline(author))" }
            if let date = location.date { commit += " on \(Self.inline(date))" }
            facts.append(commit)
        }
        lines.append(facts.joined(separator: " · "))
        if let message = finding.message { lines.append(Self.inline(message, startsBlock: true)) }

        if let evidence = finding.evidence, !evidence.isEmpty {
            lines.append("Evidence: \(Self.code(evidence))")
        }
        if let confidence = finding.confidence {
            lines.append("Confidence: \(confidence)" + (finding.reason.map { " (\(Self.code($0)))" } ?? ""))
        }
        if let suppression = finding.suppression {
            var text = "Suppressed: **\(Self.inline(suppression.state.label))**: \(Self.inline(suppression.reason))"
            text += " (\(Self.inline(suppression.author))"
            if let expires = suppression.expires { text += ", until \(Self.inline(expires))" }
            text += "; \(Self.code(suppression.origin)))"
            lines.append(text)
        }
        if !finding.remediation.isEmpty {
            lines.append("<details>\n<summary>Remediation</summary>\n\n\(Self.remediation(finding.remediation))\n\n</details>")
        }
        if !finding.references.isEmpty {
            lines.append("References: " + finding.references.map(Self.reference).joined(separator: ", "))
        }
        return lines.joined(separator: "\n\n")
    }

    private func notes(_ report: Report) -> [String] {
        var blocks: [String] = []
        let notAssessed = report.notes.filter { $0.kind == .notAssessed }
        if !notAssessed.isEmpty {
            blocks.append("### Not assessed")
            blocks.append(notAssessed.map { "- **\(Self.inline($0.source))**: \(Self.inline($0.message))" }.joined(separator: "\n"))
        }
        let others = report.notes.filter { $0.kind != .notAssessed }
        if !others.isEmpty {
            blocks.append("### Notes")
            blocks.append(others.map { "- **\(Self.inline($0.source))** (\($0.kind.rawValue)): \(Self.inline($0.message))" }
                .joined(separator: "\n"))
        }
        return blocks
    }

    // MARK: - Escaping

    /// Plain text as inline Markdown that renders as itself: emphasis, link, code, table and
    /// strikethrough characters backslash-escaped, HTML characters as entities, lines joined;
    /// when the text begins a line, a leading block marker (`#`, `-`, `+`, `=`, `1.`) too,
    /// since headings and lists can interrupt a paragraph.
    static func inline(_ text: String, startsBlock: Bool = false) -> String {
        var output = ""
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "|", "~":
                output += "\\\(character)"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            case "\n", "\r", "\r\n": output += " "
            default: output.append(character)
            }
        }
        guard startsBlock else { return output }
        if let first = output.first, "#-+=".contains(first) {
            output = "\\" + output
        } else if let dot = output.firstIndex(where: { !($0.isASCII && $0.isNumber) }), dot > output.startIndex,
                  output[dot] == "." || output[dot] == ")" {
            output.insert("\\", at: dot)
        }
        return output
    }

    /// A table cell: inline text with nothing that could end the cell.
    static func cell(_ text: String) -> String { inline(text) }

    /// A code span holding `text` literally: delimited by one backtick more than the longest
    /// run inside, padded when the text begins or ends with a backtick (CommonMark §6.1).
    /// Not for table cells, where GitHub splits rows on `|` even inside code.
    static func code(_ text: String) -> String {
        let flat = text.replacingLineBreaks()
        var longest = 0
        var run = 0
        for character in flat {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let padded = flat.first == "`" || flat.last == "`" || (flat.first == " " && flat.last == " ") ? " \(flat) " : flat
        return fence + padded + fence
    }

    /// Remediation as Markdown: its prose with HTML escaped, its fenced snippets untouched and
    /// always closed.
    static func remediation(_ text: String) -> String {
        TextBlock.split(text).map { block in
            switch block {
            case .prose(let prose):
                return prose.escapingHTML()
            case .code(let language, let code):
                var longest = 2
                for line in code.split(separator: "\n") where line.allSatisfy({ $0 == "`" }) {
                    longest = max(longest, line.count)
                }
                let fence = String(repeating: "`", count: longest + 1)
                return "\(fence)\(language)\n\(code)\n\(fence)"
            }
        }.joined(separator: "\n\n")
    }

    /// A reference: an autolink for an https URL, a code span for an identifier.
    static func reference(_ reference: String) -> String {
        if reference.hasPrefix("https://"), !reference.contains(where: { " <>\"`\n".contains($0) }) {
            return "<\(reference)>"
        }
        return code(reference)
    }
}

private extension String {
    func replacingLineBreaks() -> String {
        String(map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }

    func escapingHTML() -> String {
        var output = ""
        for character in self {
            switch character {
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            default: output.append(character)
            }
        }
        return output
    }
}
