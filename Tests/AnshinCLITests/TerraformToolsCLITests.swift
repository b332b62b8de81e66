import AnshinCore
import AnshinTesting
import Foundation
import Testing

/// `anshin tf doctor`, `tf diff` and `tf atlantis` end to end: the built binary on examples/acme
/// and on copies of it broken one way at a time.
@Suite struct TerraformToolsCLITests {
    static let acme = Command.packageRoot.appendingPathComponent("examples/acme")

    func anshin(_ arguments: [String], in directory: URL = Command.packageRoot) throws -> CommandResult {
        let binary = Command.anshinBinary
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the anshin binary first (swift build)")
        return try Command.run(binary, arguments, in: directory, environment: ["NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1795770000"])
    }

    static func acmeCopy() throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory()
        let copy = try Command.run("cp", ["-R", acme.path + "/.", folder.path])
        try #require(copy.status == 0, "\(copy.stderr)")
        return folder
    }

    @Test func doctorPassesAcmeAndNamesWhatABrokenCopyLacks() throws {
        let clean = try anshin(["tf", "doctor", Self.acme.path, "-f", "json"])
        #expect(clean.status == 0, "\(clean.stdout)\n\(clean.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(clean.stdout.utf8)) as? [String: Any])
        #expect((document["findings"] as? [Any])?.isEmpty == true)
        let notes = (document["notes"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(notes.contains("examined 3 environments (prd, stg, demo) in 3 stacks (root module, datadog/, metabase/)"), "\(notes)")

        let broken = try Self.acmeCopy()
        try FileManager.default.removeItem(at: broken.url.appendingPathComponent("metabase/stg.tfbackend"))
        let prd = try String(contentsOf: broken.url.appendingPathComponent("datadog/prd.tfbackend"), encoding: .utf8)
        try broken.write("datadog/stg.tfbackend", prd)
        let text = try anshin(["tf", "doctor", "--path", broken.path, "--details"])
        #expect(text.status == 1, "a shared state is high: \(text.stdout)\n\(text.stderr)")
        #expect(text.stdout.contains("tf-layout-shared-state") && text.stdout.contains("tf-layout-missing-file"), "\(text.stdout)")
        #expect(text.stdout.contains("metabase/ for stg has no stg.tfbackend"))
        let reportOnly = try anshin(["tf", "doctor", broken.path, "--fail-on", "none"])
        #expect(reportOnly.status == 0)
        let missing = try anshin(["tf", "doctor", "/nonexistent-\(UUID().uuidString)"])
        #expect(missing.status == 2, "\(missing.stderr)")
        #expect(!missing.stderr.contains("Domain") && !missing.stderr.contains("errno"), "\(missing.stderr)")
    }

    @Test func diffShowsStagingAgainstProductionSideBySide() throws {
        let result = try anshin(["tf", "diff", "stg", "prd", "-C", Self.acme.path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.components(separatedBy: "\n")
        let squeezed = lines.map { $0.replacingOccurrences(of: " +", with: " ", options: .regularExpression) }
        #expect(squeezed.contains(" app_cpu 512 1024"), "\(result.stdout)")
        #expect(squeezed.contains(" db_multi_az false true"), "\(result.stdout)")
        for section in ["root module", "datadog/", "metabase/"] {
            #expect(lines.contains { $0.hasPrefix(section) }, "section \(section): \(result.stdout)")
        }
        #expect(!squeezed.contains { $0.hasPrefix(" region ") }, "equal values are left out")
        #expect(try anshin(["tf", "diff", "stg", "prd", "--root", Self.acme.path]).stdout == result.stdout, "--path/--root as elsewhere")
        let fromInside = try anshin(["tf", "diff", "stg", "prd"], in: Self.acme.appendingPathComponent("metabase"))
        #expect(fromInside.status == 0 && fromInside.stdout == result.stdout, "the root is found from a sub-stack: \(fromInside.stderr)")
        let unknown = try anshin(["tf", "diff", "stg", "prod", "-C", Self.acme.path])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no environment \"prod\"; did you mean \"prd\"?"), "\(unknown.stderr)")
    }

    @Test func atlantisWritesTheGoldenFileAndChecksIt() throws {
        let golden = try String(contentsOf: Command.packageRoot.appendingPathComponent("Tests/AnshinTerraformTests/Fixtures/golden/acme-atlantis.yaml"),
                                encoding: .utf8)
        let printed = try anshin(["tf", "atlantis", Self.acme.path, "-o", "-"])
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout == golden)

        let copy = try Self.acmeCopy()
        let missing = try anshin(["tf", "atlantis", copy.path, "--check"])
        #expect(missing.status == 1 && missing.stderr.contains("atlantis.yaml is missing"), "\(missing.stderr)")
        let written = try anshin(["tf", "atlantis", copy.path])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stderr.contains("(7 projects)"))
        #expect(try String(contentsOf: copy.url.appendingPathComponent("atlantis.yaml"), encoding: .utf8) == golden)
        #expect(try anshin(["tf", "atlantis", copy.path, "--check"]).status == 0)
        try copy.write("atlantis.yaml", golden.replacingOccurrences(of: "-var-file=stg.tfvars", with: "-var-file=prd.tfvars"))
        let stale = try anshin(["tf", "atlantis", copy.path, "--check"])
        #expect(stale.status == 1 && stale.stderr.contains("out of date"), "an edited file: \(stale.stderr)")

        let folder = try TemporaryDirectory()
        let intoFolder = try anshin(["tf", "atlantis", Self.acme.path, "--output", folder.path])
        #expect(intoFolder.status == 0, "\(intoFolder.stderr)")
        #expect(try String(contentsOf: folder.url.appendingPathComponent("atlantis.yaml"), encoding: .utf8) == golden)
    }
}
