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

    /// Reads the report at `path`; an error names the file and says what is wrong.
    public static func read(_ path: String) throws(ConfigurationError) -> ReportFile {
        struct Document: Decodable {
            var schemaVersion: Int
            var target: String?
            var findings: [Finding]
            var notes: [Note]?
            var coverage: Coverage?
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
            return ReportFile(target: document.target ?? path, findings: document.findings, notes: document.notes ?? [],
                              coverage: document.coverage)
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
