import Foundation

/// Golden files: expected outputs recorded once, compared on every run, re-recorded by setting
/// `ANSHIN_RECORD_GOLDEN=1` (never edited by hand).
public enum Golden {
    /// Compares `actual` with the file `name` in `directory`; returns nil when equal, else a
    /// message showing the first differing line. Records the file instead when asked to or when
    /// it does not exist yet (and says so, so a missing file never passes silently in CI).
    public static func mismatch(_ actual: String, name: String, directory: URL) -> String? {
        let url = directory.appendingPathComponent(name)
        let record = ProcessInfo.processInfo.environment["ANSHIN_RECORD_GOLDEN"] == "1"
        guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            do {
                try actual.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                return "cannot record \(url.path): \(error)"
            }
            return record ? nil : "recorded missing golden file \(name); run again to compare"
        }
        if expected == actual { return nil }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let want = index < expectedLines.count ? String(expectedLines[index]) : "<end of file>"
            let got = index < actualLines.count ? String(actualLines[index]) : "<end of file>"
            if want != got {
                return "\(name):\(index + 1) differs (ANSHIN_RECORD_GOLDEN=1 re-records)\n  expected: \(want)\n  actual:   \(got)"
            }
        }
        return "\(name) differs"
    }

    /// The `Fixtures` folder beside the test file that calls this.
    public static func fixtures(_ components: String..., filePath: String = #filePath) -> URL {
        var url = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        for component in components { url.appendPathComponent(component) }
        return url
    }
}
