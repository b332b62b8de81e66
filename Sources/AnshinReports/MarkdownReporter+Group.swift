import AnshinCore

extension MarkdownReporter {
    /// One group of findings (one rule on one resource, or one secret incident) as a Markdown
    /// document of its own, for an issue body or a tracker's ticket: what is wrong, every place it
    /// holds (one line each, with its environment, account and Region), the evidence, triage
    /// state, the remediation once, the references and the fingerprints to triage by.
    ///
    /// The text is deterministic (no dates), so rendering an unchanged group twice gives the same
    /// document, and it stays under `limit` characters (GitHub's issue body limit is 65,536): when
    /// places would overflow it, the last are counted instead of listed.
    public func renderGroup(_ findings: [Finding], limit: Int = 60_000) -> String {
        guard let first = findings.first else { return "No findings.\n" }
        let active = findings.filter { !$0.isSuppressed }
        let shown = active.isEmpty ? findings : active
        let severity = shown.map(\.severity).max() ?? first.severity
        var pillars: [Pillar] = []
        for pillar in findings.flatMap(\.pillars) where !pillars.contains(pillar) { pillars.append(pillar) }

        var head: [String] = []
        head.append("### \(severity.rawValue.uppercased()): \(Self.inline(first.title))")
        var facts = ["Rule \(Self.code(first.ruleID))", "pillars " + pillars.map { Self.code($0.rawValue) }.joined(separator: " ")]
        if let resource = first.resource { facts.append("resource \(Self.code(resource.identifier)) (\(Self.code(resource.kind)))") }
        head.append(facts.joined(separator: " · "))

        var tail: [String] = []
        if let evidence = shown.compactMap(\.evidence).first(where: { !$0.isEmpty }) {
            tail.append("Evidence: \(Self.code(evidence))")
        }
        if let sure = shown.first(where: { $0.confidence != nil }), let confidence = sure.confidence {
            tail.append("Confidence: \(confidence)" + (sure.reason.map { " (\(Self.inline($0)))" } ?? ""))
        }
        let suppressed = findings.filter(\.isSuppressed)
        if !suppressed.isEmpty {
            let entries = suppressed.compactMap { finding -> String? in
                guard let suppression = finding.suppression else { return nil }
                var text = "- Suppressed at \(Self.code(finding.place)): **\(Self.inline(suppression.state.label))**: \(Self.inline(suppression.reason))"
                text += " (\(Self.inline(suppression.author))"
                if let expires = suppression.expires { text += ", until \(Self.inline(expires))" }
                return text + ")"
            }
            tail.append(Self.bounded(entries, separator: "\n", budget: limit / 5) { "- and \($0) more suppressed (see the full report)" })
        }
        if !first.remediation.isEmpty {
            tail.append("<details>\n<summary>Remediation</summary>\n\n\(Self.remediation(first.remediation))\n\n</details>")
        }
        let references = Array(Set(findings.flatMap(\.references))).sorted()
        if !references.isEmpty {
            tail.append("References: " + references.map(Self.reference).joined(separator: ", "))
        }
        tail.append("Fingerprints: " + Self.bounded(findings.map { Self.code($0.fingerprint) }, separator: " ", budget: limit / 5) {
            "and \($0) more (see the full report)"
        })

        // Places: one line per finding, as many as fit.
        let fixed = (head + tail).reduce(0) { $0 + $1.count + 2 } + 200
        var lines: [String] = []
        var used = fixed
        let places = shown.flatMap { finding in [placeLine(finding)] + (finding.otherLocations ?? []).map(otherPlaceLine) }
        for (index, line) in places.enumerated() {
            if used + line.count + 1 > limit {
                let rest = places.count - index
                lines.append("- and \(rest) more \(rest == 1 ? "place" : "places") (see the full report)")
                break
            }
            lines.append(line)
            used += line.count + 1
        }
        let where_ = "**Where** (\(places.count) \(places.count == 1 ? "place" : "places")):\n\n" + lines.joined(separator: "\n")
        return (head + [where_] + tail).joined(separator: "\n\n") + "\n"
    }

    /// `items` joined by `separator` while they fit in `budget` characters; the rest counted by `more`.
    static func bounded(_ items: [String], separator: String, budget: Int, more: (Int) -> String) -> String {
        var kept: [String] = []
        var used = 0
        for (index, item) in items.enumerated() {
            if used + item.count + separator.count > budget && !kept.isEmpty {
                kept.append(more(items.count - index))
                break
            }
            kept.append(item)
            used += item.count + separator.count
        }
        return kept.joined(separator: separator)
    }

    /// `- \`path:line\` in commit … by author on date` for another place of the same finding.
    private func otherPlaceLine(_ location: Location) -> String {
        "- " + Self.place(location)
    }

    /// `- \`prd\` · \`place\`: message`
    private func placeLine(_ finding: Finding) -> String {
        var scope: [String] = []
        if let environment = finding.resource?.environment { scope.append(Self.code(environment)) }
        if let account = finding.resource?.account { scope.append("account \(Self.code(account))") }
        if let region = finding.resource?.region { scope.append(Self.code(region)) }
        var text = "- "
        if !scope.isEmpty { text += scope.joined(separator: " ") + " · " }
        text += Self.code(finding.place.isEmpty ? "(unknown)" : finding.place)
        if let location = finding.location, location.author != nil || location.date != nil {
            if let author = location.author { text += " by \(Self.inline(author))" }
            if let date = location.date { text += " on \(Self.inline(String(date.prefix(10))))" }
        }
        if let message = finding.message, message != finding.title { text += ": " + Self.prose(message) }
        if finding.isSuppressed { text += " (suppressed)" }
        return text
    }
}

extension MarkdownReporter {
    /// The report as one document per group, each under the limit, named so that a folder lists
    /// them most severe first (`001-critical-secret-aws-access-key.md`), after the whole report's
    /// document (which counts what it leaves out when it is too long itself).
    public func split(_ report: Report) -> [(name: String, text: String)] {
        let groups = FindingGroup.groups(report.listedFindings)
        let digits = max(3, String(groups.count).count)
        return groups.enumerated().map { index, group in
            let number = String(index + 1)
            let name = String(repeating: "0", count: digits - number.count) + number + "-\(group.severity.rawValue)-\(group.ruleID).md"
            return (name, renderGroup(group.findings, limit: min(limit, 60_000)))
        }
    }
}
