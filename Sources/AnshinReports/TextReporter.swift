import AnshinCore

/// The terminal report. By default grouped, to read on one or two screens: the headline and a
/// pillar × severity summary; "fix first", the findings that fail the run, one entry per rule and
/// resource, most severe first, then security, reliability and the other pillars, then the widest
/// spread; every other group under its main pillar, each rule's explanation and fix once; the
/// notes of one kind counted together; the verdict. `details` prints every finding in full
/// instead (its message, evidence, whole remediation and fingerprint).
///
/// Colour is opt-in (the command line turns it on for a terminal unless `NO_COLOR` is set); the
/// grouped view is wrapped to `width` columns.
public struct TextReporter: Reporter {
    public static let format = ReportFormat.text

    /// Whether to use ANSI colours and bold.
    public var color: Bool
    /// Every finding in full instead of one line per group.
    public var details: Bool
    /// Columns to wrap the grouped view to.
    public var width: Int

    public init(color: Bool = false, details: Bool = false, width: Int = 100) {
        self.color = color
        self.details = details
        self.width = max(width, 40)
    }

    public func render(_ report: Report) -> String {
        details ? detailed(report) : grouped(report)
    }

    /// Every finding in full, under its main pillar.
    private func detailed(_ report: Report) -> String {
        var out = headline(report) + "\n"
        let listed = report.listedFindings
        for pillar in Pillar.reportOrder {
            let group = listed.filter { $0.pillars[0] == pillar }
            guard !group.isEmpty else { continue }
            out += "\n" + style(pillar.title.uppercased(), .bold) + "\n"
            for finding in group { out += render(finding) }
        }
        if !report.notes.isEmpty {
            out += "\n" + style("NOTES", .bold) + "\n"
            for note in report.notes {
                out += "  - [\(note.source)] \(Self.label(note.kind)): \(note.message)\n"
            }
        }
        if !report.activeFindings.isEmpty { out += "\n" + summaryTable(report) }
        out += "\n" + verdict(report) + "\n"
        return out
    }

    /// How a note's kind reads in the terminal.
    static func label(_ kind: Note.Kind) -> String { kind == .notAssessed ? "not assessed" : kind.rawValue }

    func headline(_ report: Report, styled: Bool = true) -> String {
        let active = report.activeFindings
        var text = "\(report.toolName) \(report.toolVersion): \(report.target): "
        text += active.isEmpty ? "no findings" : "\(active.count) finding\(active.count == 1 ? "" : "s")"
        let counts = report.countsBySeverity
        let parts = Severity.descending.compactMap { severity in counts[severity].map { "\($0) \(severity)" } }
        if !parts.isEmpty { text += " (\(parts.joined(separator: ", ")))" }
        if report.suppressedCount > 0 {
            text += ", \(report.suppressedCount) suppressed"
            if !report.showSuppressed { text += " (--show-suppressed lists them)" }
        }
        return styled ? style(text, .bold) : text
    }

    private func render(_ finding: Finding) -> String {
        let label = finding.severity.rawValue.uppercased().padding(toLength: 9)
        var head = "  " + style(label, .severity(finding.severity)) + finding.ruleID
        if !finding.place.isEmpty { head += "  " + finding.place }
        if finding.pillars.count > 1 {
            head += "  " + style("(also \(finding.pillars.dropFirst().map(\.rawValue).joined(separator: ", ")))", .dim)
        }
        var out = head + "\n"
        let indent = String(repeating: " ", count: 11)
        if let suppression = finding.suppression {
            out += indent + style("suppressed: \(suppression.state.label): \(suppression.reason) (\(suppression.author)"
                + (suppression.expires.map { ", until \($0)" } ?? "") + "; \(suppression.origin))", .dim) + "\n"
        }
        out += indent + finding.summary + "\n"
        if let environment = finding.resource?.environment { out += indent + "environment: \(environment)\n" }
        if let author = finding.location?.author {
            out += indent + "introduced by \(author)" + (finding.location?.date.map { " on \($0)" } ?? "") + "\n"
        }
        if let evidence = finding.evidence { out += indent + "evidence: \(evidence)\n" }
        if let confidence = finding.confidence {
            out += indent + "confidence: \(confidence)" + (finding.reason.map { " (\($0))" } ?? "") + "\n"
        }
        let remediation = finding.remediation.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in remediation.enumerated() {
            out += indent + (index == 0 ? "fix: " : "     ") + line + "\n"
        }
        if !finding.references.isEmpty { out += indent + "see: \(finding.references.joined(separator: ", "))\n" }
        out += indent + style("fingerprint \(finding.fingerprint)", .dim) + "\n"
        return out
    }

    func summaryTable(_ report: Report) -> String {
        let counts = report.countsByPillar
        let severities = Severity.descending
        // Short pillar names on a narrow terminal, so the table fits 60 columns.
        let short = width < 72
        let name = { (pillar: Pillar) in short ? pillar.rawValue : pillar.title }
        let nameWidth = Pillar.allCases.map { name($0).count }.max() ?? 0
        let column = short ? 9 : 10
        var out = style("SUMMARY".padding(toLength: nameWidth + 2), .bold)
            + severities.map { $0.rawValue.padding(toLength: column) }.joined() + "\n"
        for pillar in Pillar.reportOrder {
            guard let row = counts[pillar] else { continue }
            out += name(pillar).padding(toLength: nameWidth + 2)
            out += severities.map { String(row[$0] ?? 0).padding(toLength: column) }.joined() + "\n"
        }
        return out.split(separator: "\n").map { $0.trimmingTrailingSpaces() }.joined(separator: "\n") + "\n"
    }

    func verdict(_ report: Report) -> String {
        let failing = report.failingFindings.count
        if report.failOn == nil {
            let count = report.activeFindings.count
            return "REPORT ONLY (--fail-on none): \(count) finding\(count == 1 ? "" : "s")"
        }
        if failing == 0 && report.assessedNothing {
            return style("FAIL", .fail) + ": nothing was assessed"
        }
        if failing == 0 {
            return style("PASS", .pass) + ": no findings at or above \(report.failOnLabel)"
        }
        return style("FAIL", .fail) + ": \(failing) finding\(failing == 1 ? "" : "s") at or above \(report.failOnLabel)"
    }

    enum Style {
        case bold, dim, pass, fail
        case severity(Severity)
    }

    func style(_ text: String, _ style: Style) -> String {
        guard color else { return text }
        let code: String
        switch style {
        case .bold: code = "1"
        case .dim: code = "2"
        case .pass: code = "1;32"
        case .fail: code = "1;31"
        case .severity(let severity):
            switch severity {
            case .critical: code = "1;35"
            case .high: code = "1;31"
            case .medium: code = "33"
            case .low: code = "36"
            case .info: code = "2"
            }
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self + " " : self + String(repeating: " ", count: length - count)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " { end = index(before: end) }
        return String(self[startIndex..<end])
    }
}

extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " { end = index(before: end) }
        return self[startIndex..<end]
    }
}
