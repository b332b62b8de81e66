import AnshinCore

/// SARIF 2.1.0 (OASIS), the format GitHub code scanning, Azure DevOps and most IDE viewers import.
///
/// The output validates against the OASIS schema and follows GitHub's stricter ingestion rules
/// ("SARIF support for code scanning"): every rule has `help`, security rules carry
/// `security-severity` as a string, every result has one physical location with a relative URI
/// and a start line, and `partialFingerprints` lets alerts survive line moves.
///
/// URIs are relative to the repository root (`%SRCROOT%`, given its `file:` URI in
/// `originalUriBaseIds` when known), not to the assessed folder, so a scan of a subfolder still
/// points at the right files. A finding found in several places (one secret pasted in many
/// files) has its first place in `locations` and the others in `relatedLocations`, up to GitHub's
/// display limit of 100 locations per alert; any beyond are counted in the message and in
/// `properties.placesNotListed`.
public struct SARIFReporter: Reporter {
    public static let format = ReportFormat.sarif

    static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    static let informationURI = "https://github.com/anshin-sre/anshin"
    /// The key of anshin's fingerprint in `partialFingerprints`; the suffix versions its algorithm.
    static let fingerprintKey = "anshinFingerprint/v1"
    /// Every artifact URI is relative to this base: the folder that was assessed.
    static let sourceRoot = "%SRCROOT%"
    /// Locations GitHub code scanning keeps per alert (it rejects a result with more than 1,000);
    /// `locations` and `relatedLocations` together never exceed it.
    static let placeLimit = 100

    public init() {}

    public func render(_ report: Report) -> String {
        let findings = report.listedFindings
        let rules = Rule.collect(from: findings)
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($0.element.id, $0.offset) })

        let driver: JSONValue = [
            "name": .string(report.toolName),
            "version": .string(report.toolVersion),
            "semanticVersion": .string(report.toolVersion),
            "informationUri": .string(Self.informationURI),
            "rules": .array(rules.map(\.json)),
        ]
        let run = JSONValue.members([
            "tool": ["driver": driver],
            "originalUriBaseIds": [Self.sourceRoot: Self.sourceRootDescription(report)],
            // Columns count characters, as anshin's scanners report them.
            "columnKind": "unicodeCodePoints",
            "invocations": [invocation(report)],
            "results": .array(findings.map { result($0, ruleIndex: ruleIndex[$0.ruleID] ?? 0, root: report.sourceRoot) }),
            "properties": .members([
                "target": .string(report.target),
                "failOn": .string(report.failOnLabel),
                "suppressedCount": .int(report.suppressedCount),
            ]),
        ])
        let document: JSONValue = [
            "$schema": .string(Self.schemaURI),
            "version": "2.1.0",
            "runs": [run],
        ]
        return document.prettyPrinted()
    }

    /// What `%SRCROOT%` stands for: the repository root, with its URI when the report knows it.
    static func sourceRootDescription(_ report: Report) -> JSONValue {
        guard let root = report.sourceRoot else {
            return ["description": ["text": .string("The assessed folder, \(report.target)")]]
        }
        let text = root.prefix.isEmpty
            ? "The repository root, which was assessed (\(report.target))"
            : "The repository root; the assessed folder \(report.target) is \(root.prefix) inside it"
        return ["uri": .string(root.uri), "description": ["text": .string(text)]]
    }

    /// The run's single invocation; notes (parts not assessed, warnings) become its notifications.
    private func invocation(_ report: Report) -> JSONValue {
        let notifications: [JSONValue] = report.notes.map { note in
            let level: String
            let text: String
            switch note.kind {
            case .notAssessed:
                level = "warning"
                text = "Not assessed (\(note.source)): \(note.message)"
            case .warning:
                level = "warning"
                text = "\(note.source): \(note.message)"
            case .info:
                level = "note"
                text = "\(note.source): \(note.message)"
            }
            return [
                "level": .string(level),
                "message": ["text": .string(text)],
                "properties": ["kind": .string(note.kind.rawValue), "source": .string(note.source)],
            ]
        }
        return .members([
            "executionSuccessful": true,
            "endTimeUtc": report.generatedAt.isEmpty ? nil : .string(report.generatedAt),
            "toolExecutionNotifications": notifications.isEmpty ? nil : .array(notifications),
        ])
    }

    private func result(_ finding: Finding, ruleIndex: Int, root: SourceRoot?) -> JSONValue {
        var text = finding.summary
        if let evidence = finding.evidence, !evidence.isEmpty { text += "\nEvidence: \(evidence)" }
        if let confidence = finding.confidence {
            text += "\nConfidence: \(confidence)" + (finding.reason.map { " (\($0))" } ?? "")
        }
        let others = finding.otherLocations ?? []
        let listed = others.prefix(Self.placeLimit - 1)
        let notListed = others.count - listed.count
        if notListed > 0 {
            text += "\n\(others.count + 1) places: the first \(Self.placeLimit) are this result's locations and related "
                + "locations; \(notListed) more are listed in the JSON report (GitHub keeps \(Self.placeLimit) locations per alert)."
        }
        let related: [JSONValue] = listed.enumerated().map { index, location in
            Self.relatedLocation(location, id: index + 1, of: others.count + 1, root: root)
        }
        var properties = Self.properties(finding)
        if !others.isEmpty, case .object(var members) = properties {
            members["placeCount"] = .int(others.count + 1)
            if notListed > 0 { members["placesNotListed"] = .int(notListed) }
            properties = .object(members)
        }
        return .members([
            "ruleId": .string(finding.ruleID),
            "ruleIndex": .int(ruleIndex),
            "level": .string(Self.level(finding.severity)),
            "message": ["text": .string(text)],
            "locations": [Self.location(finding, root: root)],
            "relatedLocations": related.isEmpty ? nil : .array(related),
            "partialFingerprints": [Self.fingerprintKey: .string(finding.fingerprint)],
            "suppressions": finding.suppression.map { .array([Self.suppression($0)]) },
            "properties": properties,
        ])
    }

    /// Another place of the same finding: its file and region, and in words which place it is
    /// and, for history, the commit, author and date.
    static func relatedLocation(_ location: Location, id: Int, of count: Int, root: SourceRoot?) -> JSONValue {
        var text = "Place \(id + 1) of \(count): \(location.path)"
        if let line = location.line, line >= 1 { text += ":\(line)" }
        if let commit = location.commit { text += " in commit \(commit.prefix(12))" }
        if let author = location.author { text += " by \(author)" }
        if let date = location.date { text += " on \(date)" }
        return .members([
            "id": .int(id),
            "physicalLocation": [
                "artifactLocation": ["uri": .string(uri(forPath: location.path, root: root)), "uriBaseId": .string(sourceRoot)],
                "region": region(location),
            ],
            "message": ["text": .string(text)],
            "properties": .members([
                "commit": location.commit.map { .string($0) },
                "author": location.author.map { .string($0) },
                "date": location.date.map { .string($0) },
            ]),
        ])
    }

    /// SARIF levels by severity: only what must be fixed is an error.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .info: "note"
        }
    }

    /// The result's location: the file when there is one, and the resource as a logical location.
    ///
    /// GitHub rejects a whole upload when a result has no physical location with a URI
    /// ("locationFromSarifResult: expected at least one location"), so a finding about a live
    /// resource with no file points at a stable pseudo-path named after the resource
    /// (`aws/<account>/<region>/<identifier>`), as container scanners do for images.
    static func location(_ finding: Finding, root: SourceRoot? = nil) -> JSONValue {
        let physical: JSONValue
        if let location = finding.location, !location.path.isEmpty {
            physical = [
                "artifactLocation": ["uri": .string(uri(forPath: location.path, root: root)), "uriBaseId": .string(sourceRoot)],
                "region": region(location),
            ]
        } else {
            var segments: [String] = []
            if let resource = finding.resource {
                segments = ["aws", resource.account, resource.region, resource.identifier].compactMap { $0 }
            }
            if segments.count < 2 { segments = ["anshin", finding.ruleID] }
            physical = [
                "artifactLocation": ["uri": .string(segments.map { percentEncode($0, keepSlash: false) }.joined(separator: "/"))],
                "region": ["startLine": 1],
            ]
        }
        let logical: JSONValue? = finding.resource.map { resource in
            [[
                "name": .string(resource.identifier),
                "fullyQualifiedName": .string(resource.arn ?? resource.identifier),
                "kind": "resource",
            ]]
        }
        return .members(["physicalLocation": physical, "logicalLocations": logical])
    }

    /// The region of a location; an unknown line (absent or 0) means the file as a whole, which
    /// SARIF and GitHub both express as line 1 (GitHub requires `startLine`).
    static func region(_ location: Location) -> JSONValue {
        guard let line = location.line, line >= 1 else { return ["startLine": 1] }
        var region: [String: JSONValue] = ["startLine": .int(line)]
        let column = location.column.flatMap { $0 >= 1 ? $0 : nil }
        if let column { region["startColumn"] = .int(column) }
        let endLine = location.endLine.flatMap { $0 >= line ? $0 : nil }
        if let endLine { region["endLine"] = .int(endLine) }
        // SARIF §3.30.8: endColumn is one past the last character, so it must exceed startColumn on one line.
        if let endColumn = location.endColumn, endColumn >= 1 {
            let lastLine = endLine ?? line
            if lastLine > line || endColumn > (column ?? 1) {
                region["endColumn"] = .int(endColumn)
                region["endLine"] = .int(lastLine)
            }
        }
        return .object(region)
    }

    static func suppression(_ suppression: AppliedSuppression) -> JSONValue {
        var justification = "\(suppression.state.label): \(suppression.reason) (\(suppression.author)"
        if let expires = suppression.expires { justification += ", until \(expires)" }
        justification += ")"
        var location: JSONValue?
        if let colon = suppression.origin.lastIndex(of: ":"),
           let line = Int(suppression.origin[suppression.origin.index(after: colon)...]), line >= 1 {
            let path = String(suppression.origin[..<colon])
            location = ["physicalLocation": [
                "artifactLocation": ["uri": .string(uri(forPath: path)), "uriBaseId": .string(sourceRoot)],
                "region": ["startLine": .int(line)],
            ]]
        }
        return .members([
            "kind": "external",
            "status": "accepted",
            "justification": .string(justification),
            "location": location,
            "properties": ["state": .string(suppression.state.rawValue)],
        ])
    }

    static func properties(_ finding: Finding) -> JSONValue {
        .members([
            "pillars": .array(finding.pillars.map { .string($0.rawValue) }),
            "severity": .string(finding.severity.rawValue),
            "resourceKind": finding.resource.map { .string($0.kind) },
            "environment": finding.resource?.environment.map { .string($0) },
            "account": finding.resource?.account.map { .string($0) },
            "region": finding.resource?.region.map { .string($0) },
            "commit": finding.location?.commit.map { .string($0) },
            "author": finding.location?.author.map { .string($0) },
            "date": finding.location?.date.map { .string($0) },
        ])
    }

    /// A relative path as a URI reference: each segment percent-encoded (RFC 3986 §2.1), a
    /// leading `./` dropped, so spaces and non-ASCII names stay valid and a `:` in the first
    /// segment is not read as a scheme.
    static func uri(forPath path: String, root: SourceRoot? = nil) -> String {
        var path = path
        while path.hasPrefix("./") { path.removeFirst(2) }
        return percentEncode(root.map { $0.path(path) } ?? path, keepSlash: true)
    }

    /// Percent-encodes every byte except RFC 3986 unreserved characters (and `/` when asked).
    static func percentEncode(_ text: String, keepSlash: Bool) -> String {
        var output = ""
        for byte in text.utf8 {
            let isUnreserved = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            if isUnreserved || (keepSlash && byte == 0x2F) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                output += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return output
    }

    /// `security-severity` as GitHub wants it: a string holding a number with one decimal.
    static func securitySeverity(_ severity: Severity) -> String {
        let tenths = Int((severity.score * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// One `reportingDescriptor`: what all findings of one rule id share.
    struct Rule {
        var id: String
        var title: String
        var severity: Severity
        var pillars: [Pillar]
        var remediation: String
        var references: [String]

        /// One rule per distinct rule id, sorted by id; the most severe finding sets the default level.
        static func collect(from findings: [Finding]) -> [Rule] {
            var rules: [String: Rule] = [:]
            for finding in findings {
                if var rule = rules[finding.ruleID] {
                    rule.severity = max(rule.severity, finding.severity)
                    rule.pillars = Array(Set(rule.pillars + finding.pillars)).sorted()
                    rules[finding.ruleID] = rule
                } else {
                    rules[finding.ruleID] = Rule(id: finding.ruleID, title: finding.title, severity: finding.severity,
                                                 pillars: Array(Set(finding.pillars)).sorted(),
                                                 remediation: finding.remediation, references: finding.references)
                }
            }
            return rules.values.sorted { $0.id < $1.id }
        }

        /// `s3-bucket-versioning` → `S3BucketVersioning`, the form SARIF viewers show as a rule name.
        var name: String {
            id.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
                .map { $0.prefix(1).uppercased() + $0.dropFirst() }
                .joined()
        }

        var helpURI: String? { references.first { $0.hasPrefix("https://") } }

        var helpText: String {
            var text = remediation
            if !references.isEmpty {
                text += "\n\nReferences:\n" + references.map { "- \($0)" }.joined(separator: "\n")
            }
            return text
        }

        var helpMarkdown: String {
            var text = "**Remediation**\n\n" + remediation
            if !references.isEmpty {
                text += "\n\n**References**\n\n" + references.map { reference in
                    reference.hasPrefix("https://") ? "- <\(reference)>" : "- `\(reference)`"
                }.joined(separator: "\n")
            }
            return text
        }

        var json: JSONValue {
            let isSecurity = pillars.contains(.security)
            return .members([
                "id": .string(id),
                "name": .string(name),
                "shortDescription": ["text": .string(title)],
                "fullDescription": ["text": .string(
                    "\(title). Well-Architected pillars: \(pillars.map(\.title).joined(separator: ", ")).")],
                "help": ["text": .string(helpText), "markdown": .string(helpMarkdown)],
                "helpUri": helpURI.map { .string($0) },
                "defaultConfiguration": ["level": .string(SARIFReporter.level(severity))],
                "properties": .members([
                    "tags": .array(pillars.map { .string($0.rawValue) }),
                    "precision": "high",
                    // GitHub reads security-severity only on rules tagged "security".
                    "security-severity": isSecurity ? .string(SARIFReporter.securitySeverity(severity)) : nil,
                ]),
            ])
        }
    }
}
