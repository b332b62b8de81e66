import AnshinCore

/// GitHub-flavoured Markdown, to paste into an issue or a pull-request comment.
///
/// A heading with the counts, a pillar × severity table, then the findings grouped as in the
/// terminal, under their main pillar: one entry per rule and resource (or secret incident) with
/// the environments it holds in, each environment's message and place folded in `<details>`,
/// the remediation once, and the fingerprints to triage by. Text from findings is escaped so
/// that it cannot open links, tables or HTML, except its code spans, which stay code;
/// remediation is Markdown written by rule authors, so only its HTML is escaped and its fenced
/// snippets are kept as they are.
///
/// The document stays under GitHub's 65,536-character limit for an issue body or comment: when
/// the groups do not all fit, the most severe are listed and a closing section counts the rest
/// by severity and rule (``renderGroup(_:limit:)`` writes one document per group, as
/// `anshin issues sync` files them).
public struct MarkdownReporter: Reporter {
    public static let format = ReportFormat.markdown

    /// GitHub's limit on an issue body or comment, in characters.
    public static let gitHubLimit = 65_536

    /// The longest document this reporter writes, in UTF-16 code units (never fewer than
    /// characters), with room left for a heading a tool may add when posting it.
    public var limit: Int

    public init(limit: Int = 65_000) {
        self.limit = limit
    }

    public func render(_ report: Report) -> String {
        var head: [String] = [heading(report), status(report)]
        let listed = report.listedFindings
        let active = listed.filter { !$0.isSuppressed }
        guard !listed.isEmpty else {
            return (head + ["No findings."] + notes(report)).joined(separator: "\n\n") + "\n"
        }
        if !active.isEmpty { head.append(table(report)) }

        // Sections in order: each pillar's groups, then the suppressed ones.
        var sections: [(title: String, groups: [[Finding]])] = []
        for pillar in Pillar.reportOrder {
            let groups = FindingGroup.groups(active.filter { $0.pillars[0] == pillar }).map(\.findings)
            if !groups.isEmpty { sections.append((pillar.title, groups)) }
        }
        let suppressed = FindingGroup.groups(listed.filter(\.isSuppressed)).map(\.findings)
        if !suppressed.isEmpty { sections.append(("Suppressed", suppressed)) }

        let tail = Self.boundedNotes(notes(report), budget: limit / 4)
        // Room for the closing section that counts what did not fit.
        var used = Self.size(head + tail) + 2_000
        var kept: [[Int]] = sections.map { _ in [] }
        var left: [[Finding]] = []
        // The most severe groups first, wherever they are in the document.
        let isSuppressedSection = { (section: Int) in !suppressed.isEmpty && section == sections.count - 1 }
        let ranked = sections.indices.flatMap { section in sections[section].groups.indices.map { (section, $0) } }
            .sorted { a, b in
                if isSuppressedSection(a.0) != isSuppressedSection(b.0) { return isSuppressedSection(b.0) }
                let (sa, sb) = (Self.severity(sections[a.0].groups[a.1]), Self.severity(sections[b.0].groups[b.1]))
                if sa != sb { return sa > sb }
                return a < b
            }
        var rendered: [String: String] = [:]
        for (section, index) in ranked {
            let text = group(sections[section].groups[index], order: report.environments)
            let size = Self.size([text]) + 40
            if used + size <= limit && left.isEmpty {
                kept[section].append(index)
                rendered["\(section).\(index)"] = text
                used += size
            } else {
                left.append(sections[section].groups[index])
            }
        }
        var blocks = head
        for (section, entry) in sections.enumerated() where !kept[section].isEmpty {
            let count = entry.groups.count
            let shown = kept[section].count
            blocks.append("### \(entry.title) (\(shown == count ? "\(count)" : "\(shown) of \(count)"))")
            blocks += kept[section].sorted().compactMap { rendered["\(section).\($0)"] }
        }
        if !left.isEmpty { blocks.append(omitted(left)) }
        return (blocks + tail).joined(separator: "\n\n") + "\n"
    }

    /// The length GitHub's limit is checked against, counted so as never to undercount.
    static func size(_ blocks: [String]) -> Int {
        blocks.reduce(0) { $0 + $1.utf16.count + 2 }
    }

    static func severity(_ group: [Finding]) -> Severity {
        let active = group.filter { !$0.isSuppressed }
        return (active.isEmpty ? group : active).map(\.severity).max() ?? .info
    }

    /// What did not fit: counted by severity and rule, with where to find it.
    private func omitted(_ groups: [[Finding]]) -> String {
        let findings = groups.flatMap { $0 }
        var counts: [Severity: Int] = [:]
        for group in groups { counts[Self.severity(group), default: 0] += 1 }
        let bySeverity = Severity.descending.compactMap { severity in counts[severity].map { "\($0) \(severity)" } }
        var rules: [String] = []
        var perRule: [String: Int] = [:]
        for group in groups {
            if perRule[group[0].ruleID] == nil { rules.append(group[0].ruleID) }
            perRule[group[0].ruleID, default: 0] += 1
        }
        let lines = rules.map { "- \(Self.code($0)): \(perRule[$0]!) \(perRule[$0]! == 1 ? "group" : "groups")" }
        var text = "### Not listed here (\(groups.count) \(groups.count == 1 ? "group" : "groups"))\n\n"
        text += "\(groups.count) more \(groups.count == 1 ? "group" : "groups") (\(findings.count) \(findings.count == 1 ? "finding" : "findings"): "
        text += bySeverity.joined(separator: ", ")
        text += ") are left out so that this document stays within GitHub's \(Self.gitHubLimit)-character limit for an issue body. "
        text += "The JSON, SARIF and HTML reports list every one; `anshin issues sync` files one issue per group.\n\n"
        text += Self.bounded(lines, separator: "\n", budget: 1_200) { "- and \($0) more rules" }
        return text
    }

    /// Notes as blocks, their lists bounded.
    static func boundedNotes(_ blocks: [String], budget: Int) -> [String] {
        blocks.map { block in
            guard block.utf16.count > budget / 2 else { return block }
            let lines = block.split(separator: "\n").map(String.init)
            return bounded(lines, separator: "\n", budget: budget / 2) { "- and \($0) more notes (see the JSON report)" }
        }
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
        } else if report.assessedNothing {
            line = "**Failed**: nothing was assessed."
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

    /// One group: a heading with the severity and title, the rule, the resource and where it
    /// holds, each finding's message and place, evidence, triage, the remediation once, the
    /// references and the fingerprints.
    private func group(_ findings: [Finding], order: [String] = []) -> String {
        let first = findings[0]
        var lines: [String] = []
        lines.append("#### \(Self.severity(findings).rawValue.uppercased()): \(Self.inline(first.title))")

        var facts = ["Rule \(Self.code(first.ruleID))"]
        if let resource = first.resource {
            facts.append(Self.code(resource.identifier))
            if findings.count == 1, let location = first.location, !location.path.isEmpty {
                facts.append("at " + Self.code(location.line.map { "\(location.path):\($0)" } ?? location.path))
            }
        } else if !first.place.isEmpty {
            facts.append("at \(Self.code(first.place))")
        }
        let scopes = FindingGroup.scopes(of: findings, order: order)
        if !scopes.isEmpty { facts.append(scopes.map(Self.code).joined(separator: " ")) }
        if first.pillars.count > 1 {
            facts.append("also " + first.pillars.dropFirst().map { Self.code($0.rawValue) }.joined(separator: " "))
        }
        if findings.count == 1, let location = first.location, location.author != nil || location.date != nil {
            var commit = "committed"
            if let author = location.author { commit += " by \(Self.inline(author))" }
            if let date = location.date { commit += " on \(Self.inline(date))" }
            facts.append(commit)
        }
        lines.append(facts.joined(separator: " · "))

        let others = findings.flatMap { $0.otherLocations ?? [] }
        if findings.count == 1 {
            if let message = first.message { lines.append(Self.prose(message, startsBlock: true)) }
            if !others.isEmpty {
                lines.append("<details>\n<summary>Also at \(others.count) other \(others.count == 1 ? "place" : "places")</summary>\n\n"
                    + Self.bounded(others.map { "- " + Self.place($0) }, separator: "\n", budget: limit / 3) {
                        "- and \($0) more places (see the JSON report)"
                    } + "\n\n</details>")
            }
        } else {
            let entries = findings.map(instanceLine) + others.map { "- " + Self.place($0) }
            let label = scopes.isEmpty ? "\(entries.count) places" : "\(findings.count) \(findings.count == 1 ? "environment" : "environments")"
            lines.append("<details>\n<summary>Where: \(label), each with its message and place</summary>\n\n"
                + Self.bounded(entries, separator: "\n", budget: limit / 3) { "- and \($0) more (see the JSON report)" }
                + "\n\n</details>")
        }

        if let evidence = findings.compactMap(\.evidence).first(where: { !$0.isEmpty }) {
            lines.append("Evidence: \(Self.code(evidence))")
        }
        if let sure = findings.first(where: { $0.confidence != nil }), let confidence = sure.confidence {
            lines.append("Confidence: \(confidence)" + (sure.reason.map { " (\(Self.code($0)))" } ?? ""))
        }
        for finding in findings {
            guard let suppression = finding.suppression else { continue }
            var text = "Suppressed: **\(Self.inline(suppression.state.label))**: \(Self.inline(suppression.reason))"
            text += " (\(Self.inline(suppression.author))"
            if let expires = suppression.expires { text += ", until \(Self.inline(expires))" }
            text += "; \(Self.code(suppression.origin)))"
            lines.append(text)
        }
        if !first.remediation.isEmpty {
            lines.append("<details>\n<summary>Remediation</summary>\n\n\(Self.remediation(first.remediation))\n\n</details>")
        }
        var references: [String] = []
        for reference in findings.flatMap(\.references) where !references.contains(reference) { references.append(reference) }
        if !references.isEmpty {
            lines.append("References: " + references.map(Self.reference).joined(separator: ", "))
        }
        lines.append((findings.count == 1 ? "Fingerprint: " : "Fingerprints: ") + findings.map { Self.code($0.fingerprint) }.joined(separator: " "))
        return lines.joined(separator: "\n\n")
    }

    /// `- \`prd\` · \`place\`: message` for one finding of a group.
    private func instanceLine(_ finding: Finding) -> String {
        var text = "- "
        if let scope = FindingGroup.scopeLabel(finding) { text += Self.code(scope) + " · " }
        if let location = finding.location {
            text += Self.place(location)
        } else {
            text += Self.code(finding.resource?.arn ?? finding.place)
        }
        if let message = finding.message { text += ": " + Self.prose(message) }
        if finding.isSuppressed { text += " (suppressed)" }
        return text
    }

    /// A place as Markdown: `` `path:line:column` `` and, for history, the commit, author and date.
    static func place(_ location: Location) -> String {
        var text = location.path
        if let line = location.line, line >= 1 {
            text += ":\(line)"
            if let column = location.column, column >= 1 { text += ":\(column)" }
        }
        var markdown = code(text)
        if let commit = location.commit { markdown += " in commit \(code(String(commit.prefix(12))))" }
        if let author = location.author { markdown += " by \(inline(author))" }
        if let date = location.date { markdown += " on \(inline(String(date.prefix(10))))" }
        return markdown
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

    /// Plain text that may hold Markdown code spans: the spans kept as code, the rest escaped as
    /// ``inline(_:startsBlock:)`` does.
    static func prose(_ text: String, startsBlock: Bool = false) -> String {
        InlineText.split(text).enumerated().map { index, part in
            switch part {
            case .text(let plain): inline(plain, startsBlock: startsBlock && index == 0)
            case .code(let code): self.code(code)
            }
        }.joined()
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
