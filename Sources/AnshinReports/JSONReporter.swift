import AnshinCore
import Foundation

/// The versioned JSON report (`docs/report-format.md`, schema `docs/schema/report-v1.json`):
/// the findings with every field, a summary, and the notes. Keys are sorted so that reports diff well.
public struct JSONReporter: Reporter {
    public static let format = ReportFormat.json

    /// Raised when a field is added or changes meaning in a way consumers must notice.
    public static let schemaVersion = 1

    public init() {}

    struct Document: Encodable {
        var schemaVersion: Int
        var tool: Tool
        var target: String
        var generatedAt: String
        /// A severity, or `none`.
        var failOn: String
        var summary: Summary
        var findings: [Finding]
        var notes: [Note]
        /// Left out when the run does not say what it covered.
        var coverage: Coverage?
    }

    struct Tool: Encodable {
        var name: String
        var version: String
    }

    struct Summary: Encodable {
        /// Active (unsuppressed) findings.
        var total: Int
        var failing: Int
        var suppressed: Int
        var passed: Bool
        var bySeverity: [String: Int]
        var byPillar: [String: [String: Int]]
    }

    public func render(_ report: Report) -> String {
        let document = Document(
            schemaVersion: Self.schemaVersion,
            tool: Tool(name: report.toolName, version: report.toolVersion),
            target: report.target,
            generatedAt: report.generatedAt,
            failOn: report.failOnLabel,
            summary: Summary(
                total: report.activeFindings.count,
                failing: report.failingFindings.count,
                suppressed: report.suppressedCount,
                passed: !report.fails,
                bySeverity: Dictionary(uniqueKeysWithValues: report.countsBySeverity.map { ($0.key.rawValue, $0.value) }),
                byPillar: Dictionary(uniqueKeysWithValues: report.countsByPillar.map { pillar, counts in
                    (pillar.rawValue, Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }))
                })
            ),
            findings: report.listedFindings,
            notes: report.notes,
            coverage: report.coverage
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and arrays cannot fail.
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
