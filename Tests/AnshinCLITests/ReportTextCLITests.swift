@testable import anshin
import AnshinCore
import AnshinTesting
import Foundation
import Testing

/// The report a person reads: the grouped terminal report of the main job, only what was asked,
/// never a silent pass, progress on a terminal, and the rule catalog (`rules`, `explain`).
@Suite struct ReportTextCLITests {
    static let fixed: [String: String?] = ["SOURCE_DATE_EPOCH": "1795770000", "NO_COLOR": "1", "COLUMNS": "100",
                                           "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
                                           "AWS_ACCESS_KEY_ID": nil, "AWS_PROFILE": nil]

    func anshin(_ arguments: [String], in directory: URL? = nil, environment: [String: String?] = [:]) throws -> CommandResult {
        let binary = Command.anshinBinary
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the anshin binary first (swift build)")
        return try Command.run(binary, arguments, in: directory ?? Command.packageRoot,
                               environment: Self.fixed.merging(environment) { $1 })
    }

    func golden(_ text: String, _ name: String) {
        #expect(Golden.mismatch(text, name: name, directory: Golden.fixtures("golden")) == nil)
    }

    // MARK: the main job's report

    /// The main job as the README runs it: `anshin assess examples/acme`.
    @Test func theExampleFitsTwoScreensAndStartsWithWhatToFixFirst() throws {
        let result = try anshin(["assess", "examples/acme"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count < 150, "\(lines.count) lines")
        // As scripts/demo runs it: the example with its hand-made .envrc, committed.
        let demo = try anshin(["assess", "."], in: CLITests.acmeRepository.url)
        let demoLines = demo.stdout.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(demoLines < 150, "\(demoLines) lines with the .envrc")
        #expect(lines.allSatisfy { $0.count <= 100 || !$0.contains(" ") }, "wrapped to COLUMNS")
        let fixFirst = try #require(result.stdout.range(of: "\nFIX FIRST: "))
        let security = try #require(result.stdout.range(of: "\nSECURITY\n"))
        #expect(fixFirst.lowerBound < security.lowerBound, "failing findings come before the pillars")
        // Each failing finding of the JSON report is in a fix-first row.
        let json = try anshin(["assess", "examples/acme", "-f", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        let failing = findings.filter { ["high", "critical"].contains($0["severity"] as? String) && $0["suppression"] == nil }
        let section = String(result.stdout[fixFirst.upperBound..<security.lowerBound])
        #expect(section.hasPrefix("\(failing.count) findings at or above high"), "\(section.prefix(80))")
        for finding in failing {
            #expect(section.contains(finding["ruleID"] as? String ?? "?"), "\(finding["ruleID"] ?? "")")
        }
        // Severity never rises down the list.
        let order = ["CRITICAL", "HIGH"]
        let ranks = section.split(separator: "\n").dropFirst().compactMap { row in
            order.firstIndex { row.hasPrefix("  " + $0) }
        }
        #expect(ranks == ranks.sorted())
    }

    @Test func detailsPrintEveryFindingInFull() throws {
        let grouped = try anshin(["assess", "."], in: CLITests.acmeRepository.url)
        let details = try anshin(["assess", ".", "--details"], in: CLITests.acmeRepository.url)
        #expect(details.status == grouped.status)
        #expect(details.stdout.contains("fingerprint "))
        #expect(details.stdout.split(separator: "\n").count > 3 * grouped.stdout.split(separator: "\n").count)
        #expect(try anshin(["assess", ".", "-v"], in: CLITests.acmeRepository.url).stdout == details.stdout)
    }

    @Test func environmentsAreListedInCatalogOrder() throws {
        let result = try anshin(["assess", "."], in: CLITests.acmeRepository.url)
        let catalog = try anshin(["envs", "--json", "."], in: CLITests.acmeRepository.url)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(catalog.stdout.utf8)) as? [String: Any])
        let names = try #require((document["environments"] as? [[String: Any]])?.compactMap { $0["name"] as? String })
        let chips = result.stdout.split(separator: "\n").compactMap { line -> [String]? in
            let words = line.split(separator: " ").map(String.init)
            let tail = Array(words.reversed().prefix { names.contains($0) }.reversed())
            return tail.count > 1 ? tail : nil
        }
        #expect(!chips.isEmpty)
        for chip in chips { #expect(chip == names.filter(chip.contains), "\(chip)") }
    }

    // MARK: only what was asked

    @Test func reportsToFilesLeaveTheTerminalTheHeadlineAndVerdict() throws {
        let out = try TemporaryDirectory()
        let json = out.url.appendingPathComponent("r.json").path
        let result = try anshin(["assess", CLITests.acmeRepository.path, "-f", "json", "-o", json])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count <= 3, "the headline (wrapped) and the verdict: \(result.stdout)")
        #expect(lines.first?.hasPrefix("anshin ") == true && lines.last?.hasPrefix("FAIL: ") == true)
        #expect(!result.stdout.contains("FIX FIRST") && !result.stdout.contains("SUMMARY"))
        #expect(result.stderr.contains("wrote json report to \(json)"))
    }

    @Test func quietPrintsNothingButTheReportAskedFor() throws {
        let out = try TemporaryDirectory()
        let json = out.url.appendingPathComponent("r.json").path
        let toFile = try anshin(["assess", CLITests.acmeRepository.path, "-f", "json", "-o", json, "--quiet"])
        #expect(toFile.status == 1)
        #expect(toFile.stdout.isEmpty && toFile.stderr.isEmpty, "\(toFile.stdout)\(toFile.stderr)")
        #expect(FileManager.default.fileExists(atPath: json))
        let toTerminal = try anshin(["assess", CLITests.acmeRepository.path, "-q"])
        #expect(toTerminal.status == 1 && toTerminal.stdout.isEmpty)
        let asked = try anshin(["assess", CLITests.acmeRepository.path, "-q", "-f", "json"])
        #expect(asked.stdout.hasPrefix("{"), "a report asked for on standard output is still printed")
    }

    @Test func splitWritesOneMarkdownDocumentPerGroup() throws {
        let out = try TemporaryDirectory()
        let result = try anshin(["assess", CLITests.acmeRepository.path, "-f", "markdown", "-o", out.path + "/", "--split"])
        #expect(result.status == 1, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        let groups = names.filter { $0 != "anshin-report.md" }
        #expect(names.contains("anshin-report.md"))
        #expect(groups.count > 10 && groups.first?.hasPrefix("001-") == true, "\(names)")
        #expect(result.stderr.contains("wrote \(groups.count) Markdown groups"))
        for name in groups {
            let text = try String(contentsOf: out.url.appendingPathComponent(name), encoding: .utf8)
            #expect(text.utf16.count < 65_536)
            #expect(text.contains("anshin-fingerprint") || text.range(of: "[0-9a-f]{32}", options: .regularExpression) != nil, "\(name)")
        }
        let misuse = try anshin(["assess", CLITests.acmeRepository.path, "--split"])
        #expect(misuse.status == 2 && misuse.stderr.contains("--split writes one Markdown file per group"))
    }

    /// A run over one folder of a repository says so, so that issue sync closes only its files' issues.
    @Test func aReportOfOneFolderRecordsTheFolder() throws {
        let whole = try anshin(["assess", CLITests.acmeRepository.path, "-f", "json"])
        let part = try anshin(["assess", CLITests.acmeRepository.url.appendingPathComponent("metabase").path, "-f", "json"])
        func coverage(_ result: CommandResult) throws -> [String: Any] {
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            return try #require(document["coverage"] as? [String: Any])
        }
        #expect(try coverage(whole)["folder"] == nil)
        #expect(try coverage(part)["folder"] as? String == "metabase/")
    }

    // MARK: never a silent pass

    @Test func aRunThatAssessedNothingSaysSoAndFails() throws {
        let empty = try TemporaryDirectory()
        let result = try anshin(["assess", empty.path])
        #expect(result.status == 1, "assess and audit terraform never pass on nothing: \(result.stderr)")
        #expect(result.stdout.contains("nothing was assessed"), "\(result.stdout)")
        #expect(result.stderr.contains("error: nothing was assessed"), "\(result.stderr)")
        #expect(try anshin(["assess", empty.path, "--fail-on", "none"]).status == 0, "report only")
        let strict = try anshin(["assess", empty.path, "--fail-on-empty"])
        #expect(strict.status == 1)
        let json = try anshin(["assess", empty.path, "-f", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let notes = try #require(document["notes"] as? [[String: Any]])
        #expect(notes.contains { ($0["message"] as? String)?.contains("nothing was assessed") == true })
        // A folder with something in it is not empty.
        try empty.write("main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n")
        let full = try anshin(["assess", empty.path, "--fail-on-empty", "--fail-on", "none"])
        #expect(full.status == 0, "\(full.stdout)")
        #expect(!full.stdout.contains("nothing was assessed"))
        // Every command that reports takes it; the others pass on nothing unless asked.
        let nothing = try TemporaryDirectory()
        for command in [["secrets", "scan"], ["audit", "terraform"], ["ribbon", "check"], ["tf", "doctor"]] {
            let quiet = try anshin(command + [nothing.path, "--fail-on", "none"])
            #expect(quiet.status == 0, "\(command): \(quiet.stderr)")
            let strict = try anshin(command + [nothing.path, "--fail-on", "none", "--fail-on-empty"])
            #expect(strict.status == 1 && strict.stderr.contains("nothing was assessed"), "\(command): \(strict.stderr)")
        }
    }

    // MARK: progress

    @Test func progressAppearsOnATerminalAndNotInAPipe() throws {
        let terminal = try PseudoTerminal()
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in Self.fixed { environment[name] = value }
        environment["TERM"] = "dumb"
        try terminal.start(Command.anshinBinary.path, ["assess", "."], environment: environment.compactMapValues { $0 },
                           directory: CLITests.acmeRepository.url)
        #expect(terminal.waitForExit() == .exited(1), "\(terminal.output)")
        #expect(terminal.output.contains("assessed terraform: "), "\(terminal.output.suffix(400))")
        #expect(terminal.output.contains("secrets: "))
        #expect(terminal.output.range(of: #"assessed .* in [0-9.]+ s"#, options: .regularExpression) != nil)
        let piped = try anshin(["assess", "."], in: CLITests.acmeRepository.url)
        #expect(!piped.stderr.contains("assessed ") && !piped.stderr.contains("\r"), "\(piped.stderr)")
        // The Terraform audit counts the stacks it evaluated.
        let audit = try PseudoTerminal()
        try audit.start(Command.anshinBinary.path, ["audit", "terraform", "."], environment: environment.compactMapValues { $0 },
                        directory: CLITests.acmeRepository.url)
        #expect(audit.waitForExit() != nil, "\(audit.output)")
        #expect(audit.output.contains("stacks × environments evaluated"), "\(audit.output.prefix(400))")
        #expect(audit.output.range(of: #"audited [0-9]+ stacks × 3 environments in [0-9.]+ s"#, options: .regularExpression) != nil,
                "\(audit.output.suffix(400))")
        // A history scan counts the blobs it read.
        let history = try PseudoTerminal()
        try history.start(Command.anshinBinary.path, ["secrets", "scan", "--history", "."], environment: environment.compactMapValues { $0 },
                          directory: CLITests.acmeRepository.url)
        #expect(history.waitForExit() != nil, "\(history.output)")
        #expect(history.output.range(of: #"scanned [0-9]+ blobs?, [0-9.]+ (bytes|kB|MB) in [0-9.]+ s"#, options: .regularExpression) != nil,
                "\(history.output.suffix(400))")
    }

    // MARK: rules and explain

    @Test func rulesListsEveryCapabilitysRules() throws {
        let result = try anshin(["rules", "-f", "json"])
        #expect(result.status == 0)
        let rules = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        #expect(ids.count == rules.count && Set(ids).count == ids.count, "ids are unique")
        let sources = Set(rules.flatMap { $0["sources"] as? [String] ?? [] })
        #expect(sources.isSuperset(of: ["terraform", "live", "secrets", "github", "ribbon", "tf-doctor", "logs", "drift"]))
        for id in ["s3-account-public-access-block", "secret-aws-access-key-pair", "github-org-2fa-required", "ribbon-missing",
                   "tf-backend-unencrypted", "logs-debug-volume", "drift-s3-bucket", "anshin-suppression-expired"] {
            #expect(ids.contains(id), "\(id)")
        }
        let table = try anshin(["rules"])
        #expect(table.stdout.hasSuffix("\(ids.count) rules\n"))
    }

    @Test func rulesAreFiltered() throws {
        let live = try anshin(["rules", "--source", "live", "--pillar", "security", "-f", "json"])
        let rules = try #require(try JSONSerialization.jsonObject(with: Data(live.stdout.utf8)) as? [[String: Any]])
        #expect(!rules.isEmpty)
        for rule in rules {
            #expect((rule["sources"] as? [String])?.contains("live") == true)
            #expect((rule["pillars"] as? [String])?.contains("security") == true)
        }
        let cis = try anshin(["rules", "--grep", "CIS:2.1.4"])
        #expect(cis.stdout.contains("s3-account-public-access-block"))
        #expect(cis.stdout.hasSuffix(" rules\n") && cis.stdout.contains(" of "))
        golden(try anshin(["rules", "--source", "ribbon"]).stdout, "rules-ribbon.txt")
        let bad = try anshin(["rules", "--source", "cloud"])
        #expect(bad.status == 2 && bad.stderr.contains("unknown source 'cloud'"))
    }

    @Test func explainTellsEverythingAboutARule() throws {
        let result = try anshin(["explain", "s3-account-public-access-block"])
        #expect(result.status == 0)
        golden(result.stdout, "explain-s3-account-public-access-block.txt")
        #expect(result.stdout.contains("Security Hub S3.1") && result.stdout.contains("CIS AWS Foundations 2.1.4"))
        #expect(result.stdout.contains("resource \"aws_s3_account_public_access_block\""))
        #expect(result.stdout.contains("anshin triage FINGERPRINT"))
        let secret = try anshin(["explain", "secret-aws-access-key-pair"])
        #expect(secret.status == 0 && secret.stdout.contains("files and git history"))
        #expect(!secret.stdout.contains("anshin:ignore"), "inline suppressions are for Terraform")
        let unknown = try anshin(["explain", "s3-public-access"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no rule 's3-public-access'; did you mean"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("s3-bucket-public-access-block"))
    }
}
