import AnshinCore
import Foundation

/// An earlier JSON report read back for `--baseline`: the fingerprints it holds, so that a run
/// reports only what is new.
public enum Baseline {
    /// The fingerprints of the findings of the JSON report at `path`; an error names the file and
    /// says what is wrong (unreadable, not a report, a schema version this build cannot read).
    public static func fingerprints(in path: String) throws(ConfigurationError) -> Set<String> {
        struct Document: Decodable {
            struct Entry: Decodable { var fingerprint: String }
            var schemaVersion: Int
            var findings: [Entry]
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ConfigurationError(path: path, message: "cannot read the baseline: \(SystemErrorText.describe(error))")
        }
        do {
            let document = try JSONDecoder().decode(Document.self, from: data)
            guard document.schemaVersion <= JSONReporter.schemaVersion else {
                throw ConfigurationError(path: path, message: "unsupported report schemaVersion \(document.schemaVersion) (this anshin reads up to \(JSONReporter.schemaVersion))")
            }
            return Set(document.findings.map(\.fingerprint))
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(path: path, message: "not an anshin JSON report (anshin … --format json): \(ReportFile.describe(error))")
        }
    }

    /// `findings` without those the JSON report at `path` already holds.
    public static func excluding(_ findings: [Finding], in path: String) throws(ConfigurationError) -> [Finding] {
        let known = try fingerprints(in: path)
        return findings.filter { !known.contains($0.fingerprint) }
    }
}
