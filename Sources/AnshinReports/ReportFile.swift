import AnshinCore
import Foundation

/// A JSON report read back (`anshin assess --format json`), for commands that act on an earlier
/// run's findings (`anshin issues sync --from`).
public struct ReportFile: Sendable {
    public var target: String
    public var findings: [Finding]
    public var notes: [Note]
    /// What the run covered, when the report says (reports of earlier versions do not).
    public var coverage: Coverage?
    /// Suppressed findings the report counts but does not list (written without
    /// `--show-suppressed`): a reader cannot tell them from findings that are gone.
    public var suppressedLeftOut: Int = 0

    /// Reads the report at `path`; an error names the file and says what is wrong.
    public static func read(_ path: String) throws(ConfigurationError) -> ReportFile {
        struct Document: Decodable {
            var schemaVersion: Int
            var target: String?
            var findings: [Finding]
            var notes: [Note]?
            var coverage: Coverage?
            struct Summary: Decodable { var suppressed: Int? }
            var summary: Summary?
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(path: path, message: "cannot read the report: \(SystemErrorText.describe(error))")
        }
        do {
            let document = try JSONDecoder().decode(Document.self, from: data)
            guard document.schemaVersion <= JSONReporter.schemaVersion else {
                throw ConfigurationError(path: path, message: "unsupported report schemaVersion \(document.schemaVersion) (this anshin reads up to \(JSONReporter.schemaVersion))")
            }
            var report = ReportFile(target: document.target ?? path, findings: document.findings, notes: document.notes ?? [],
                                    coverage: document.coverage)
            let listed = document.findings.filter(\.isSuppressed).count
            report.suppressedLeftOut = max(0, (document.summary?.suppressed ?? 0) - listed)
            return report
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(path: path, message: "not an anshin JSON report (anshin … --format json): \(Self.describe(error))")
        }
    }

    /// A place in a document as `findings.0.ruleID`.
    private static func place(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    /// What is wrong with a JSON document, in words and a place, never a decoder's dump.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not JSON" }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing \"\(key.stringValue)\" at \(place(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let place = place(context.codingPath)
            return place.isEmpty ? "not JSON" : "unexpected value at \(place)"
        @unknown default:
            return "unreadable"
        }
    }
}
