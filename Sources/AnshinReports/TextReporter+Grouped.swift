import AnshinCore

extension TextReporter {
    /// Columns of the severity label and the indentation of everything under it.
    private static let labelColumns = 12

    /// The grouped view: headline and pillar × severity summary, fix first, groups per pillar,
    /// notes, verdict.
    func grouped(_ report: Report) -> String {
        var out = wrap(headline(report, styled: false), indent: 0, head: 0, style: .bold) + "\n"
        if !report.activeFindings.isEmpty { out += "\n" + summaryTable(report) }
        let groups = FindingGroup.groups(report.listedFindings)
        let failing = fixFirst(groups, report: report)
        if !failing.isEmpty {
            let count = failing.reduce(0) { $0 + $1.failing }
            out += "\n" + style("FIX FIRST", .bold) + ": \(count) finding\(count == 1 ? "" : "s") at or above \(report.failOnLabel)"
                + " in \(failing.count) \(failing.count == 1 ? "place" : "places") to change\n"
            out += entries(failing.map(\.group), report: report)
        }
        // The rest under their main pillar; what fails the run was listed first, once.
        let listed = Set(failing.map(\.group.key))
        for pillar in Pillar.reportOrder {
            let members = groups.filter { $0.pillars[0] == pillar && !listed.contains($0.key) }
            guard !members.isEmpty else { continue }
            out += "\n" + style(pillar.title.uppercased(), .bold) + "\n" + entries(members, report: report)
        }
        let notes = NoteSummary.lines(report.notes)
        if !notes.isEmpty {
            out += "\n" + style("NOTES", .bold) + "\n"
            for note in notes { out += wrap("- " + note, indent: 4, head: 2) + "\n" }
        }
        if !groups.isEmpty {
            out += "\n" + wrap("anshin explain RULE prints a rule's whole fix; --details prints every finding in full.",
                               indent: 0, head: 0, style: .dim) + "\n"
        }
        out += "\n" + verdict(report) + "\n"
        return out
    }

    /// The groups with findings that fail the run, with the most severe of those findings and
    /// how many there are: most severe first, then security, reliability and the other pillars,
    /// then the group that holds in the most places.
    private func fixFirst(_ groups: [FindingGroup], report: Report)
        -> [(group: FindingGroup, severity: Severity, failing: Int)] {
        guard let threshold = report.failOn else { return [] }
        return groups.compactMap { group in
            let failing = group.active.filter { $0.severity >= threshold }
            guard let severity = failing.map(\.severity).max() else { return nil }
            return (group, severity, failing.count)
        }.sorted { a, b in
            if a.severity != b.severity { return a.severity > b.severity }
            if a.group.pillars[0] != b.group.pillars[0] { return a.group.pillars[0] < b.group.pillars[0] }
            let (wa, wb) = (max(a.group.findings.count, a.group.placeCount), max(b.group.findings.count, b.group.placeCount))
            if wa != wb { return wa > wb }
            if a.group.ruleID != b.group.ruleID { return a.group.ruleID < b.group.ruleID }
            return a.group.key < b.group.key
        }
    }

    /// One entry per rule, where its first group stands in `groups`, with every group of it.
    private func entries(_ groups: [FindingGroup], report: Report) -> String {
        var rules: [String] = []
        for group in groups where !rules.contains(group.ruleID) { rules.append(group.ruleID) }
        return rules.map { rule in ruleEntry(groups.filter { $0.ruleID == rule }, report: report) }.joined()
    }

    /// One rule: its severity and id, then its resource on the same line when it has one, else
    /// a line per resource or incident, then what it detects and its fix, once.
    private func ruleEntry(_ groups: [FindingGroup], report: Report) -> String {
        let first = groups[0]
        let severity = groups.map(\.severity).max() ?? first.severity
        var out: String
        if groups.count == 1 {
            out = line(first, severity: severity, rule: true, report: report)
        } else {
            out = wrap(first.ruleID, indent: Self.labelColumns + 2, head: Self.labelColumns,
                       label: severity.rawValue.uppercased(), labelStyle: .severity(severity)) + "\n"
            for group in groups { out += line(group, severity: nil, rule: false, report: report) }
        }
        var about = first.title
        let others = first.pillars.dropFirst()
        if !others.isEmpty { about += " (also \(others.map(\.rawValue).joined(separator: ", ")))" }
        about += "."
        if let fix = Self.firstSentence(of: first.findings[0].remediation) { about += " Fix: " + fix }
        return out + wrap(about, indent: Self.labelColumns, head: Self.labelColumns, maxLines: 1) + "\n"
    }

    /// Only the headline and the verdict: the terminal's share of a run whose reports all went
    /// to files.
    public func summary(_ report: Report) -> String {
        wrap(headline(report, styled: false), indent: 0, head: 0, style: .bold) + "\n" + verdict(report) + "\n"
    }

    /// One group on one line (wrapped when long): its rule when asked, its subject, where it holds.
    private func line(_ group: FindingGroup, severity: Severity?, rule: Bool, report: Report) -> String {
        var parts: [String] = []
        if rule { parts.append(group.ruleID) }
        parts.append(Self.subject(group))
        let scopes = group.scopes(order: report.environments)
        if !scopes.isEmpty { parts.append(scopes.joined(separator: " ")) }
        if group.placeCount > 1 { parts.append("+\(group.placeCount - 1) place\(group.placeCount == 2 ? "" : "s")") }
        if group.isSuppressed, let state = group.findings[0].suppression?.state.label { parts.append("[suppressed: \(state)]") }
        let text = parts.joined(separator: "  ")
        if let severity {
            return wrap(text, indent: Self.labelColumns + 2, head: Self.labelColumns,
                        label: severity.rawValue.uppercased(), labelStyle: .severity(severity)) + "\n"
        }
        return wrap(text, indent: Self.labelColumns + 4, head: Self.labelColumns + 2) + "\n"
    }

    /// What a group is about: the resource (with the file and line of its first finding), or
    /// the first place of a finding without one.
    static func subject(_ group: FindingGroup) -> String {
        let first = group.findings[0]
        guard let resource = first.resource else { return first.place }
        guard let location = first.location, !location.path.isEmpty else { return resource.identifier }
        return "\(resource.identifier) (\(location.path)\(location.line.map { ":\($0)" } ?? ""))"
    }

    /// The first sentence of a remediation's prose, its code spans kept: what to do, in short.
    static func firstSentence(of remediation: String) -> String? {
        guard let prose = TextBlock.split(remediation).lazy.compactMap({ block -> String? in
            if case .prose(let text) = block { return text }
            return nil
        }).first else { return nil }
        let flat = prose.split(whereSeparator: \.isNewline).joined(separator: " ")
        var inCode = false
        var previous: Character = " "
        var index = flat.startIndex
        while index < flat.endIndex {
            let character = flat[index]
            if character == "`" { inCode.toggle() }
            let next = flat.index(after: index)
            // A full stop or colon before a space ends it, unless it ends an abbreviation (`e.g.`).
            if !inCode, character == "." || character == ":", previous != ".", next == flat.endIndex || flat[next] == " ",
               !flat[(flat[..<index].lastIndex(of: " ").map { flat.index(after: $0) } ?? flat.startIndex)..<index].contains(".") {
                let sentence = String(flat[...index])
                return character == ":" ? String(sentence.dropLast()) + "." : sentence
            }
            previous = character
            index = next
        }
        return flat.isEmpty ? nil : flat
    }

    /// `text` wrapped at spaces to ``width``: the first line starts with `label` (padded to `head`
    /// columns, styled) or `head` spaces, the following lines with `indent` spaces. A word longer
    /// than a line stays whole; past `maxLines` lines the text is cut with an ellipsis.
    func wrap(_ text: String, indent: Int, head: Int, label: String? = nil, labelStyle: Style? = nil,
              style lineStyle: Style? = nil, maxLines: Int? = nil) -> String {
        var lines: [String] = []
        var current = ""
        var limit = width - head
        // Empty words keep runs of spaces (the two between columns) inside a line; a line never
        // starts with them.
        var started = false
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !started {
                guard !word.isEmpty else { continue }
                current = String(word)
                started = true
            } else if current.count + 1 + word.count <= limit {
                current += " " + word
            } else {
                lines.append(current.trimmingTrailingSpaces())
                current = String(word)
                started = !word.isEmpty
                limit = width - indent
            }
        }
        lines.append(current.trimmingTrailingSpaces())
        if let maxLines, lines.count > maxLines {
            // The rest is one `anshin explain` away: end the last line kept with an ellipsis.
            lines = Array(lines.prefix(maxLines))
            var last = lines[maxLines - 1]
            while last.count + 2 > width - indent, let space = last.lastIndex(of: " ") { last = String(last[..<space]) }
            lines[maxLines - 1] = last + " …"
        }
        var first = String(repeating: " ", count: head)
        if let label {
            let gap = String(repeating: " ", count: max(head - 2 - label.count, 1))
            first = "  " + (labelStyle.map { style(label, $0) } ?? label) + gap
        }
        let styled = lines.map { line in lineStyle.map { style(line, $0) } ?? line }
        let pad = String(repeating: " ", count: indent)
        return ([first + styled[0]] + styled.dropFirst().map { pad + $0 }).joined(separator: "\n")
    }
}

/// Notes a person can read: notes of one source and kind about one module (the folder of the
/// file they start with) whose messages differ in a few words only (a variable, an environment,
/// a blob) become one line with a count and the first of them as the example.
enum NoteSummary {
    /// Words two messages may differ in and still be one kind of note.
    static let differingWords = 3

    static func lines(_ notes: [Note]) -> [String] {
        var clusters: [(key: String, module: String, words: [Substring], notes: [Note])] = []
        for note in notes {
            let module = module(of: note.message)
            let key = "\(note.source)\u{1F}\(note.kind.rawValue)\u{1F}\(module)"
            let words = note.message.split(separator: " ")
            if let index = clusters.firstIndex(where: { $0.key == key && similar($0.words, words) }) {
                clusters[index].notes.append(note)
            } else {
                clusters.append((key, module, words, [note]))
            }
        }
        return clusters.map { cluster in
            let note = cluster.notes[0]
            let prefix = "[\(note.source)] \(TextReporter.label(note.kind)): "
            let hint = hints.first { note.message.contains($0.phrase) }.map { " (\($0.hint))" } ?? ""
            guard cluster.notes.count > 1 else { return prefix + note.message + hint }
            let place = cluster.module.isEmpty ? "" : " in \(cluster.module)"
            return prefix + "\(cluster.notes.count) like this\(place), e.g. " + note.message + hint
        }
    }

    /// What to do about the notes a Terraform tree raises by the hundred.
    static let hints: [(phrase: String, hint: String)] = [
        ("No value for required variable", "pass --var or --var-file, or name the environment's tfvars in anshin.yml"),
        ("Reference to undeclared input variable", "the module is evaluated without its caller: point anshin at the Terragrunt unit or the catalog environment that calls it"),
    ]

    /// The folder of the file a message starts with (`datadog/` for `datadog/variables.tf:36: …`;
    /// `./` for a file at the top), or empty when it starts with no file.
    static func module(of message: String) -> String {
        guard let first = message.split(separator: " ").first, first.hasSuffix(":"),
              first.contains(".") || first.contains("/") else { return "" }
        let path = first.split(separator: ":").first.map(String.init) ?? ""
        guard path.contains(".") else { return "" }
        guard let slash = path.lastIndex(of: "/") else { return "./" }
        return String(path[...slash])
    }

    private static func similar(_ a: [Substring], _ b: [Substring]) -> Bool {
        guard a.count == b.count else { return false }
        var differences = 0
        for (x, y) in zip(a, b) where x != y {
            differences += 1
            if differences > differingWords { return false }
        }
        return true
    }
}
