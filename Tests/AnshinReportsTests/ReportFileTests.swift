import AnshinCore
import AnshinReports
import AnshinTesting
import Foundation
import Testing

/// A JSON report read back (`issues sync --from`, `--baseline`): what it says when it cannot.
@Suite struct ReportFileTests {
    @Test func unreadableReportsAreNamedInWords() throws {
        let folder = try TemporaryDirectory()
        let missing = folder.url.appendingPathComponent("nothing.json").path
        for (path, words) in [(missing, "no such file or folder"), (folder.path, "it is a folder")] {
            #expect {
                _ = try ReportFile.read(path)
            } throws: { error in
                let text = "\(error)"
                return text.contains(path) && text.contains(words) && !text.contains("Domain") && !text.contains("errno")
            }
            #expect {
                _ = try Baseline.fingerprints(in: path)
            } throws: { error in
                let text = "\(error)"
                return text.contains(words) && !text.contains("Domain") && !text.contains("errno")
            }
        }
    }

    /// A file that is JSON but not a report says where it differs, never dumps the decoder's error.
    @Test func notAReportSaysWhatIsMissing() throws {
        let folder = try TemporaryDirectory()
        let file = try folder.write("other.json", #"{"schemaVersion": 1, "findings": [{"id": 3}]}"#)
        for describe in [{ (path: String) throws -> Void in _ = try ReportFile.read(path) },
                         { (path: String) throws -> Void in _ = try Baseline.fingerprints(in: path) }] {
            #expect {
                try describe(file.path)
            } throws: { error in
                let text = "\(error)"
                return text.contains("not an anshin JSON report") && text.contains("findings.0")
                    && !text.contains("DecodingError") && !text.contains("CodingKeys")
            }
        }
    }
}
