import AnshinCore

/// JUnit XML, the test-report format every CI shows (GitHub Actions test reporters, GitLab
/// merge-request widgets, Jenkins), so findings appear where test failures do.
///
/// Each pillar is a test suite and each listed finding a test case: a failure when it reaches
/// `--fail-on`, a pass (with its details in `system-out`) below it, skipped when suppressed.
/// Parts of the run that were not assessed are skipped test cases too, so a CI page never
/// hides them. A report without findings still holds one passing "no findings" case, because
/// several CI parsers reject or hide an empty file.
public struct JUnitReporter: Reporter {
    public static let format = ReportFormat.junit

    public init() {}

    /// One `<testcase>` before it is written.
    struct Case {
        var classname: String
        var name: String
        enum Outcome {
            case passed
            case failed(type: String, message: String)
            case skipped(message: String)
        }
        var outcome: Outcome
        var details: String?
        /// The finding's fingerprint, to tell apart cases that would otherwise share a name.
        var fingerprint: String?
    }

    /// One `<testsuite>` before it is written.
    struct Suite {
        var name: String
        var cases: [Case]

        var failures: Int { cases.filter { if case .failed = $0.outcome { true } else { false } }.count }
        var skipped: Int { cases.filter { if case .skipped = $0.outcome { true } else { false } }.count }
    }

    public func render(_ report: Report) -> String {
        let suites = Self.suites(report)
        let tests = suites.reduce(0) { $0 + $1.cases.count }
        let failures = suites.reduce(0) { $0 + $1.failures }
        let skipped = suites.reduce(0) { $0 + $1.skipped }
        let timestamp = XMLEscaping.attribute(report.generatedAt)

        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"\(XMLEscaping.attribute(report.toolName))\" tests=\"\(tests)\" failures=\"\(failures)\""
        xml += " errors=\"0\" skipped=\"\(skipped)\" time=\"0\" timestamp=\"\(timestamp)\">\n"
        for suite in suites {
            xml += "  <testsuite name=\"\(XMLEscaping.attribute(suite.name))\" tests=\"\(suite.cases.count)\""
            xml += " failures=\"\(suite.failures)\" errors=\"0\" skipped=\"\(suite.skipped)\" time=\"0\" timestamp=\"\(timestamp)\">\n"
            for testCase in suite.cases {
                xml += Self.write(testCase)
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    static func suites(_ report: Report) -> [Suite] {
        var suites: [Suite] = []
        let findings = report.listedFindings
        for pillar in Pillar.reportOrder {
            let members = findings.filter { $0.pillars[0] == pillar }
            guard !members.isEmpty else { continue }
            suites.append(Suite(name: pillar.title, cases: uniquelyNamed(members.map { testCase($0, report: report) })))
        }
        if findings.isEmpty {
            var details: String?
            if report.suppressedCount > 0 {
                details = "\(report.suppressedCount) suppressed \(report.suppressedCount == 1 ? "finding" : "findings") not listed."
            }
            let outcome: Case.Outcome = report.fails ? .failed(type: "not-assessed", message: "nothing was assessed") : .passed
            suites.append(Suite(name: report.toolName, cases: [
                Case(classname: report.toolName, name: report.fails ? "nothing was assessed" : "no findings", outcome: outcome,
                     details: details, fingerprint: nil),
            ]))
        }
        if !report.notes.isEmpty {
            suites.append(Suite(name: "Notes", cases: report.notes.map { note in
                let name = "\(note.source): \(note.message)"
                switch note.kind {
                case .notAssessed:
                    return Case(classname: "\(report.toolName).not-assessed", name: name,
                                outcome: .skipped(message: "not assessed: \(note.message)"), details: nil, fingerprint: nil)
                case .warning, .info:
                    return Case(classname: "\(report.toolName).note.\(note.kind.rawValue)", name: name,
                                outcome: .passed, details: note.message, fingerprint: nil)
                }
            }))
        }
        return suites
    }

    static func testCase(_ finding: Finding, report: Report) -> Case {
        let outcome: Case.Outcome
        if let suppression = finding.suppression {
            outcome = .skipped(message: "\(suppression.state.label): \(suppression.reason)")
        } else if let failOn = report.failOn, finding.severity >= failOn {
            outcome = .failed(type: finding.severity.rawValue, message: finding.summary)
        } else {
            outcome = .passed
        }
        return Case(classname: "\(report.toolName).\(finding.ruleID)",
                    name: finding.place.isEmpty ? finding.title : finding.place,
                    outcome: outcome, details: details(finding), fingerprint: finding.fingerprint)
    }

    /// Test cases with the same class and name are merged or dropped by several CI viewers, so
    /// repeated names get a suffix from the fingerprint, which tells the findings apart.
    static func uniquelyNamed(_ cases: [Case]) -> [Case] {
        var seen: [String: Int] = [:]
        for testCase in cases { seen[testCase.classname + "\n" + testCase.name, default: 0] += 1 }
        return cases.map { testCase in
            guard seen[testCase.classname + "\n" + testCase.name, default: 0] > 1 else { return testCase }
            var renamed = testCase
            renamed.name += " [\(testCase.fingerprint?.prefix(8) ?? "?")]"
            return renamed
        }
    }

    /// Everything a reader needs to act, as plain text lines.
    static func details(_ finding: Finding) -> String {
        var lines = [
            "Rule: \(finding.ruleID) (\(finding.title))",
            "Severity: \(finding.severity.rawValue)",
            "Pillars: \(finding.pillars.map(\.title).joined(separator: ", "))",
        ]
        if !finding.place.isEmpty { lines.append("Place: \(finding.place)") }
        if let resource = finding.resource {
            var text = "Resource: \(resource.kind) \(resource.identifier)"
            if let arn = resource.arn { text += " (\(arn))" }
            lines.append(text)
            if let environment = resource.environment { lines.append("Environment: \(environment)") }
        }
        if let location = finding.location {
            if let commit = location.commit {
                var text = "Commit: \(commit)"
                if let author = location.author { text += " by \(author)" }
                if let date = location.date { text += " on \(date)" }
                lines.append(text)
            }
        }
        if let message = finding.message { lines.append("Message: \(message)") }
        if let others = finding.otherLocations, !others.isEmpty {
            lines.append("Other places (\(others.count)):\n" + others.map { "- " + Self.place($0) }.joined(separator: "\n"))
        }
        if let evidence = finding.evidence, !evidence.isEmpty { lines.append("Evidence: \(evidence)") }
        if let suppression = finding.suppression {
            var text = "Suppressed: \(suppression.state.label): \(suppression.reason) (\(suppression.author)"
            if let expires = suppression.expires { text += ", until \(expires)" }
            lines.append(text + "; \(suppression.origin))")
        }
        if !finding.remediation.isEmpty { lines.append("Remediation:\n\(finding.remediation)") }
        if !finding.references.isEmpty {
            lines.append("References:\n" + finding.references.map { "- \($0)" }.joined(separator: "\n"))
        }
        lines.append("Fingerprint: \(finding.fingerprint)")
        return lines.joined(separator: "\n")
    }

    /// `path:line:column in commit abc by author on date`, every part known.
    static func place(_ location: Location) -> String {
        var text = location.path
        if let line = location.line, line >= 1 {
            text += ":\(line)"
            if let column = location.column, column >= 1 { text += ":\(column)" }
        }
        if let commit = location.commit { text += " in commit \(commit)" }
        if let author = location.author { text += " by \(author)" }
        if let date = location.date { text += " on \(date)" }
        return text
    }

    static func write(_ testCase: Case) -> String {
        var xml = "    <testcase classname=\"\(XMLEscaping.attribute(testCase.classname))\" name=\"\(XMLEscaping.attribute(testCase.name))\" time=\"0\""
        switch testCase.outcome {
        case .failed(let type, let message):
            xml += ">\n      <failure type=\"\(XMLEscaping.attribute(type))\" message=\"\(XMLEscaping.attribute(message))\">"
            xml += XMLEscaping.text(testCase.details ?? "") + "</failure>\n"
        case .skipped(let message):
            xml += ">\n      <skipped message=\"\(XMLEscaping.attribute(message))\"/>\n"
            if let details = testCase.details {
                xml += "      <system-out>\(XMLEscaping.text(details))</system-out>\n"
            }
        case .passed:
            guard let details = testCase.details else { return xml + "/>\n" }
            xml += ">\n      <system-out>\(XMLEscaping.text(details))</system-out>\n"
        }
        return xml + "    </testcase>\n"
    }
}
