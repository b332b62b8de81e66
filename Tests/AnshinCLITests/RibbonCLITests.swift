import AnshinCore
import AnshinTesting
import Foundation
import Testing

/// `anshin ribbon build` and `anshin ribbon check`, run as the built binary.
@Suite struct RibbonCLITests {
    static let fixed: [String: String?] = ["SOURCE_DATE_EPOCH": "1795770000", "NO_COLOR": "1", "ANSHIN_RIBBON_KEY": nil]

    func anshin(_ arguments: String..., in directory: URL) throws -> CommandResult {
        try Command.run(Command.anshinBinary, arguments, in: directory, environment: Self.fixed)
    }

    /// The example company's catalog in a folder of its own, without its Terraform files.
    static func acmeCatalog() throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory()
        let text = try String(contentsOf: Command.packageRoot.appendingPathComponent("examples/acme/anshin.yml"), encoding: .utf8)
        try folder.write("anshin.yml", text.split(separator: "\n").filter { !$0.contains("terraform:") }.joined(separator: "\n") + "\n")
        return folder
    }

    @Test func buildWritesTheExtensionAndKeepsTheVersionUntilTheCatalogChanges() throws {
        let root = try Self.acmeCatalog()
        let first = try anshin("ribbon", "build", "--out", "dist", in: root.url)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("built the ribbon extension, version 1.0.0 (first build)"))
        #expect(first.stdout.contains("wrote dist/extension/, dist/anshin-ribbon.zip, dist/anshin-ribbon.crx"))
        #expect(first.stderr.contains("note: generated the signing key"))
        let id = try #require(first.stdout.split(separator: "\n").first { $0.hasPrefix("extension id: ") }?.dropFirst(14))
        #expect(id.count == 32)
        #expect(FileManager.default.fileExists(atPath: root.url.appendingPathComponent(".anshin/ribbon.lock").path))

        let again = try anshin("ribbon", "build", "--out", "dist", in: root.url)
        #expect(again.stdout.contains("version 1.0.0 (unchanged: same content as the last build)"))
        #expect(again.stdout.contains("extension id: \(id)"))

        let check = try anshin("ribbon", "check", in: root.url)
        #expect(check.status == 0 && !check.stdout.contains("ribbon-"), "\(check.stdout)")
        let catalog = root.url.appendingPathComponent("anshin.yml")
        try Data(try String(contentsOf: catalog, encoding: .utf8).replacingOccurrences(of: "#ef6c00", with: "#f57c00").utf8).write(to: catalog)
        let stale = try anshin("ribbon", "check", "--format", "json", in: root.url)
        #expect(stale.stdout.contains("ribbon-lock-stale"), "\(stale.stdout)")
        let third = try anshin("ribbon", "build", "--out", "dist", in: root.url)
        #expect(third.stdout.contains("version 1.0.1 (was 1.0.0: the catalog's ribbons changed)"), "\(third.stdout)")
    }

    @Test func checkReportsFindingsAndFailsOnThem() throws {
        let root = try TemporaryDirectory()
        try root.write("anshin.yml", "environments:\n  prd:\n    urls: [\"https://app.acme.example\"]\n    ribbon: hidden\n")
        let report = try anshin("ribbon", "check", in: root.url)
        #expect(report.status == 0, "a medium finding is under the default --fail-on high")
        #expect(report.stdout.contains("ribbon-production-hidden"))
        let failing = try anshin("ribbon", "check", "--fail-on", "medium", in: root.url)
        #expect(failing.status == 1)
        let assess = try anshin("assess", "--format", "json", "--fail-on", "medium", in: root.url)
        #expect(assess.stdout.contains("ribbon-production-hidden"), "assess runs the check")
        #expect(assess.status == 1)
    }

    @Test func badInputExitsTwo() throws {
        let root = try TemporaryDirectory()
        try root.write("anshin.yml", "environments:\n  prd:\n    urls: [\"https://a.*.acme.example\"]\n")
        for arguments in [["ribbon", "build"], ["ribbon", "check"]] {
            let result = try Command.run(Command.anshinBinary, arguments, in: root.url, environment: Self.fixed)
            #expect(result.status == 2)
            #expect(result.stderr.contains("error: anshin.yml: environments.prd.urls[0]: the ribbon cannot match"), "\(result.stderr)")
        }
        try root.write("anshin.yml", "environments:\n  demo:\n    urls: [\"https://demo.acme.example\"]\n    ribbon: hidden\n")
        let nothing = try anshin("ribbon", "build", in: root.url)
        #expect(nothing.status == 2 && nothing.stderr.contains("would draw nothing"))
        let acme = try Self.acmeCatalog()
        let unwritableKey = try anshin("ribbon", "build", "--key", "anshin.yml/key.pem", in: acme.url)
        #expect(unwritableKey.status == 2, "\(unwritableKey.stderr)")
    }
}
