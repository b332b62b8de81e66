@testable import anshin
import AnshinCore
import AnshinTesting
import Foundation
import Testing

/// End-to-end tests of the built binary: output, files written and exit codes as documented.
@Suite struct CLITests {
    static let acme = Command.packageRoot.appendingPathComponent("examples/acme")
    /// examples/acme as the company's own repository: committed, with its hand-made .envrc.
    static let acmeRepository = try! AcmeRepository.make()
    /// A fixed clock (2026-11-27T09:00:00Z) and no colour, so outputs are reproducible.
    static let fixed: [String: String?] = ["SOURCE_DATE_EPOCH": "1795770000", "NO_COLOR": "1"]

    func anshin(_ arguments: String..., in directory: URL? = nil, environment: [String: String?] = [:]) throws -> CommandResult {
        let binary = Command.anshinBinary
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the anshin binary first (swift build)")
        return try Command.run(binary, arguments, in: directory ?? Command.packageRoot,
                               environment: Self.fixed.merging(environment) { $1 })
    }

    func golden(_ text: String, _ name: String) {
        #expect(Golden.mismatch(text, name: name, directory: Golden.fixtures("golden")) == nil)
    }

    // MARK: help and version

    @Test func versionMatchesTheLibrary() throws {
        let result = try anshin("--version")
        #expect(result.status == 0)
        #expect(result.stdout == Anshin.version + "\n")
    }

    @Test func completionScriptsAreGenerated() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try anshin("--generate-completion-script", shell)
            #expect(result.status == 0)
            #expect(result.stdout.contains("assess"), "\(shell) completion names the subcommands")
        }
    }

    // MARK: envs

    @Test func envsListsTheCatalog() throws {
        let result = try anshin("envs", "examples/acme")
        #expect(result.status == 0)
        golden(result.stdout, "envs-acme.txt")
    }

    @Test func envsInfersFromTfvarsPairsAsJSON() throws {
        let root = try TemporaryDirectory()
        for name in ["prd.tfvars", "prd.tfbackend", "stg.tfvars", "stg.tfbackend", "main.tf"] { try root.write(name, "") }
        let result = try anshin("envs", "--json", root.path)
        #expect(result.status == 0)
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(document?["source"] as? String == "inferred")
        let names = (document?["environments"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["prd", "stg"])
    }

    // MARK: assess

    @Test func assessTheExample() throws {
        let result = try anshin("assess", ".", in: Self.acmeRepository.url)
        #expect(result.status == 1, "the example has high and critical findings")
        golden(result.stdout, "assess-acme.txt")
    }

    @Test func jsonToStandardOutputWhenItIsTheOnlyFormat() throws {
        let result = try anshin("assess", Self.acmeRepository.path, "--format", "json")
        #expect(result.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(document["schemaVersion"] as? Int == 1)
        #expect(document["generatedAt"] as? String == "2026-11-27T09:00:00Z")
        #expect((document["tool"] as? [String: Any])?["version"] as? String == Anshin.version)
    }

    @Test func severalFormatsToFilesLeaveTheTerminalTheSummary() throws {
        let out = try TemporaryDirectory()
        let sarif = out.url.appendingPathComponent("r.sarif").path
        let run = try anshin("assess", Self.acmeRepository.path, "--format", "sarif", "--output", sarif,
                             "--format", "html", "--output", out.url.appendingPathComponent("r.html").path,
                             "--format", "markdown", "--output", out.url.appendingPathComponent("r.md").path)
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("anshin ") && run.stdout.contains("FAIL: "), "the headline and verdict go to standard output")
        #expect(!run.stdout.contains("SUMMARY"), "the report itself is in the files")
        #expect(run.stderr.contains("wrote sarif report to \(sarif)"))
        let written = try String(contentsOfFile: sarif, encoding: .utf8)
        #expect(SARIFValidation.errors(in: written).isEmpty)
        let html = try String(contentsOf: out.url.appendingPathComponent("r.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(FileManager.default.fileExists(atPath: out.url.appendingPathComponent("r.md").path))
    }

    @Test func unpairedFormatsGoToDefaultFileNames() throws {
        let out = try TemporaryDirectory()
        let run = try anshin("assess", Self.acmeRepository.path, "--format", "html", "--format", "junit", in: out.url)
        #expect(run.status == 1)
        for name in ["anshin-report.html", "anshin-report.junit.xml"] {
            #expect(FileManager.default.fileExists(atPath: out.url.appendingPathComponent(name).path), "\(name)")
        }
    }

    /// `assess --format html` embeds each environment's diagram, in catalog order, each drawn
    /// (Graphviz's boxes have a size on the page); other formats draw nothing.
    @Test func theHTMLReportEmbedsEachEnvironmentsDiagram() async throws {
        let out = try TemporaryDirectory()
        let run = try anshin("assess", Self.acmeRepository.path, "-f", "html", "-o", out.path + "/r.html", "-f", "json", "-o", out.path + "/r.json")
        #expect(run.status == 1, "\(run.stderr)")
        let html = try String(contentsOf: out.url.appendingPathComponent("r.html"), encoding: .utf8)
        #expect(!html.contains("<?xml") && !html.contains("<!DOCTYPE svg"), "the SVG element alone is embedded")
        let browser = try await HeadlessChromium.launch(.init(width: 1400, height: 1000))
        defer { browser.close() }
        let tab = try await browser.newPage()
        try await tab.open(out.url.appendingPathComponent("r.html").absoluteString)
        let probe: [String] = try await tab.evaluate("""
        Array.from(document.querySelectorAll("#diagrams details.diagram")).map(d => {
          const svg = d.querySelector("svg"), box = svg.getBoundingClientRect();
          return d.dataset.environment + ":" + (box.width > 200 && box.height > 100) + ":" + (svg.querySelectorAll("g.node").length > 5);
        })
        """)
        #expect(probe == ["prd:true:true", "stg:true:true", "demo:true:true"])
        _ = try await tab.evaluate(##"(() => { document.querySelector("#diagrams").scrollIntoView(); return true; })()"##, as: Bool.self)
        try await tab.screenshot("assess-report-diagrams")
        #expect(tab.exceptions.isEmpty)
        let text = try anshin("assess", Self.acmeRepository.path, "-f", "markdown")
        #expect(!text.stdout.contains("<svg"))
    }

    @Test func colourOnlyWhenAskedOrOnATerminal() throws {
        let piped = try anshin("assess", Self.acmeRepository.path, environment: ["NO_COLOR": nil])
        #expect(!piped.stdout.contains("\u{1B}["), "a pipe is not a terminal")
        let forced = try anshin("assess", Self.acmeRepository.path, "--color", "always")
        #expect(forced.stdout.contains("\u{1B}[1m"))
    }

    // MARK: suppressions and exit codes

    /// A repository whose only finding is an expired suppression (severity low).
    func repositoryWithExpiredSuppression(alsoSuppressIt: Bool = false) throws -> TemporaryDirectory {
        let root = try TemporaryDirectory()
        var text = """
        suppressions:
          - rule: s3-bucket-versioning
            state: low-risk
            reason: scratch buckets
            author: aya@acme.example
            expires: 2026-01-31

        """
        if alsoSuppressIt {
            text += """
              - rule: anshin-suppression-expired
                state: low-risk
                reason: reviewed in the weekly triage
                author: ken@acme.example

            """
        }
        try root.write(".anshin/suppressions.yml", text)
        return root
    }

    @Test func exitCodeOneWhenFindingsReachTheThreshold() throws {
        let root = try repositoryWithExpiredSuppression()
        let below = try anshin("assess", root.path)
        #expect(below.status == 0, "a low finding is below the default threshold (high)")
        #expect(below.stdout.contains("anshin-suppression-expired"))
        let at = try anshin("assess", root.path, "--fail-on", "low")
        #expect(at.status == 1)
        #expect(at.stdout.contains("FAIL: 1 finding at or above low"))
    }

    @Test func suppressedFindingsAreHiddenUnlessAsked() throws {
        let root = try repositoryWithExpiredSuppression(alsoSuppressIt: true)
        let hidden = try anshin("assess", root.path, "--fail-on", "low")
        #expect(hidden.status == 0, "a suppressed finding never fails the run")
        #expect(hidden.stdout.contains("no findings, 1 suppressed"))
        #expect(!hidden.stdout.contains("reviewed in the weekly triage"))
        let shown = try anshin("assess", root.path, "--show-suppressed", "--details")
        #expect(shown.stdout.contains("suppressed: ignored (low risk): reviewed in the weekly triage"))
    }

    @Test(arguments: [
        (["assess", "--bogus"], "Unknown option '--bogus'"),
        (["assess", "--fail-on", "urgent"], "The value 'urgent' is invalid for '--fail-on <severity>'"),
        (["assess", "--format", "pdf"], "The value 'pdf' is invalid for '--format <format>'"),
        (["assess", "--format", "json", "--output", "a", "--output", "b"], "--output was given 2 times for 1 --format"),
        (["assess", "--format", "json", "--output", "-", "--format", "sarif", "--output", "-"], "only one report can go to standard output"),
        (["assess", "/nonexistent/anshin"], "error: /nonexistent/anshin: no such file or directory"),
        (["envs", "Package.swift"], "error: Package.swift: not a directory"),
        (["frobnicate"], "unknown command 'anshin frobnicate'"),
    ])
    func usageErrorsExitTwo(_ arguments: [String], _ message: String) throws {
        let result = try Command.run(Command.anshinBinary, arguments, in: Command.packageRoot)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func configurationErrorsNameFileLineAndFieldAndExitTwo() throws {
        let root = try TemporaryDirectory()
        try root.write("anshin.yml", "environments:\n  prd:\n    aws: { account: \"12\" }\n")
        for command in ["assess", "envs"] {
            let result = try anshin(command, root.path)
            #expect(result.status == 2)
            #expect(result.stderr.contains("error: anshin.yml:3:21: environments.prd.aws.account: expected a 12-digit AWS account id"),
                    "\(command): \(result.stderr)")
        }
        try root.write("anshin.yml", "environments: {}\n")
        try root.write(".anshin/suppressions.yml", "suppressions:\n  - rule: x\n    state: maybe\n    reason: r\n    author: a\n")
        let result = try anshin("assess", root.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("error: .anshin/suppressions.yml:3:12: suppressions.[0].state: unknown state \"maybe\""))
    }

    @Test func unwritableOutputIsAConfigurationError() throws {
        let root = try TemporaryDirectory()
        // The folder gets anshin-report.json inside, where a folder of that name stands in the way.
        try FileManager.default.createDirectory(at: root.url.appendingPathComponent("anshin-report.json"), withIntermediateDirectories: true)
        let result = try anshin("assess", Self.acmeRepository.path, "--format", "json", "--output", root.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot write the json report: "), "\(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("Error Domain"), "\(result.stderr)")
    }

    @Test func badSourceDateEpochIsAConfigurationError() throws {
        let result = try anshin("assess", Self.acmeRepository.path, environment: ["SOURCE_DATE_EPOCH": "yesterday"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("SOURCE_DATE_EPOCH: expected seconds since 1970"))
    }

    /// Exit code 3 is for failures of anshin itself: anything that is not a usage or configuration error.
    @Test func unexpectedErrorsMapToThree() {
        struct Broken: Error {}
        #expect(ExitStatus.report(Broken()) == .internalError)
        #expect(ExitStatus.report(ConfigurationError(message: "bad")) == .usage)
        #expect(ExitStatus.report(ExitStatus.findings) == .findings)
    }
}
