import AnshinCore
import AnshinGitHub
import AnshinReports
import ArgumentParser
import Foundation

/// `anshin issues …`: findings as GitHub issues labelled by pillar, and the board of open issues.
struct IssuesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issues",
        abstract: "File findings as GitHub issues labelled by pillar, keep them in sync, and list the open ones by pillar.",
        subcommands: [IssuesSyncCommand.self, IssuesListCommand.self]
    )
}

/// The formats of an issue plan.
enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, csv, json

    init?(argument: String) { self.init(rawValue: argument.lowercased()) }

    /// The extension of the file a plan is written to inside an --output folder.
    var fileExtension: String { self == .markdown ? "md" : (self == .text ? "txt" : rawValue) }
}

/// `anshin issues sync`: one issue per finding group, created, updated, closed and reopened.
struct IssuesSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "One GitHub issue per finding group (a rule on a resource, or a secret), kept in sync with the findings.",
        discussion: """
        Findings come from --from (a JSON report of anshin assess or an audit) or from running `anshin assess PATH`. \
        The pillar and severity labels are created when missing. Each issue carries a hidden marker, so re-running \
        updates it, closes it (with a comment) when the finding is gone or suppressed, and reopens it when the \
        finding comes back, never filing it twice even when its title or labels were edited. Issues that people \
        file by hand are left alone. The token comes from GITHUB_TOKEN or GH_TOKEN, else from `gh auth token`; \
        it needs the `repo` scope (or, fine-grained, Issues: read and write). With --dry-run the plan is printed \
        and nothing is written; without --repo the plan is for an empty repository, for export to another \
        tracker (--format csv or markdown).
        """
    )

    @OptionGroup var folder: FolderOptions

    @Option(help: ArgumentHelp("The repository on GitHub (default: GITHUB_REPOSITORY).", valueName: "owner/name"))
    var repo: String?

    @Option(help: ArgumentHelp("Take the findings from this JSON report instead of running anshin assess.", valueName: "report.json"),
            completion: .file(extensions: ["json"]))
    var from: String?

    @Flag(help: "Print the plan (what would be created, updated, closed and reopened) and change nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Create at most this many new issues per run, most severe first; the rest wait for later runs.",
                               valueName: "n"))
    var maxNew: Int = 30

    @Option(help: ArgumentHelp("Seconds between two writes (GitHub asks for one, to stay clear of its secondary rate limits).",
                               valueName: "seconds"))
    var pace: Double = 1

    @Option(name: [.customShort("f"), .customLong("format")], help: ArgumentHelp("How to print the plan: text, markdown, csv (Jira and Linear import) or json.",
                                                           valueName: "format"))
    var format: PlanFormat = .text

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write the plan to this file instead of standard output.", valueName: "path"))
    var output: String?

    @OptionGroup var github: GitHubOptions

    func validate() throws {
        if maxNew < 0 { throw ValidationError("--max-new must be 0 or more") }
        if !(0...60).contains(pace) { throw ValidationError("--pace must be between 0 and 60 seconds") }
    }

    func run() async throws {
        let project = try Workspace.project(folder.path)
        let clock = try Clock.current()
        let suppressions = try Suppressions.load(root: project.root)
        var findings: [Finding]
        var origins: Set<String> = []
        var sources: Set<String>?
        var folder: String?
        if let from {
            // The report's own suppressions stand; entries added to .anshin/ since it was written apply too.
            var seen: Set<String> = []
            let report = try ReportFile.read(from)
            if report.suppressedLeftOut > 0 {
                let count = report.suppressedLeftOut
                printError("warning: \(from) counts \(count) suppressed finding\(count == 1 ? "" : "s") without listing \(count == 1 ? "it" : "them"), "
                           + "so their open issues would close as completed, not as not planned with the triage reason: "
                           + "write the report with --show-suppressed")
            }
            findings = suppressions.apply(to: report.findings, today: clock.today)
                .filter { seen.insert($0.fingerprint).inserted }
            if let coverage = report.coverage {
                origins = SyncOptions.origins(of: coverage)
                sources = Set(coverage.sources)
                folder = coverage.folder
            } else {
                origins = SyncOptions.origins(ofReport: report.target)
            }
        } else {
            let catalog = try EnvironmentCatalog.load(root: project.folder)
            let context = AssessmentContext(root: project.folder, catalog: catalog, clock: clock)
            let result = try await Assessment.run(Capabilities.all(), context: context, suppressions: suppressions,
                                                  pathPrefix: project.relativePath)
            if !result.failures.isEmpty {
                printError("error: the assessment did not complete (\(result.failures.joined(separator: "; "))); no issue was changed")
                throw ExitStatus.internalError
            }
            findings = result.findings
            if result.ran.contains("terraform") || result.ran.contains("secrets") { origins.insert("code") }
            origins.formUnion(result.accounts.map { "live:\($0)" })
            sources = Set(result.ran)
            folder = SourceRoot.locate(project.folder).prefix
        }
        // Kept for `anshin triage`, so a finding of the plan can be triaged by its fingerprint.
        for note in Workspace.remember(findings, scope: "issues sync \(project.relativePath)", project: project, clock: clock) {
            printError("warning: \(note.message)")
        }
        let options = SyncOptions(maxNew: maxNew, assessedOrigins: SyncOptions.origins(of: findings, also: origins),
                                  coveredSources: sources, folder: folder)
        let repository = try GitHubOptions.repository(repo)

        guard let repository else {
            guard dryRun else {
                throw ValidationError("--repo (or GITHUB_REPOSITORY) is needed to sync; with --dry-run alone the plan is for an empty repository")
            }
            try emit(IssueSync.planFromScratch(findings, options: options), repository: nil)
            return
        }
        let sync = IssueSync(client: try github.client(), repository: repository, options: options,
                             spacing: .milliseconds(Int64(pace * 1000)))
        do {
            if dryRun {
                try emit(try await sync.plan(findings), repository: repository.description)
                return
            }
            let (plan, outcome) = try await sync.run(findings)
            try emit(plan, repository: repository.description)
            if let failure = outcome.failure {
                printError("stopped after \(outcome.applied.count) of \(plan.steps.count) steps; nothing is half-done: "
                           + "run the same command again and it finishes the job")
                throw failure.exitStatus()
            }
            printError("applied \(outcome.applied.count) \(outcome.applied.count == 1 ? "step" : "steps") to \(repository)")
        } catch let error as GitHubError {
            throw error.exitStatus()
        }
    }

    private func emit(_ plan: SyncPlan, repository: String?) throws {
        let text = switch format {
        case .text: plan.renderText(repository: repository)
        case .markdown: plan.renderMarkdown(repository: repository)
        case .csv: plan.renderCSV()
        case .json: plan.renderJSON(repository: repository)
        }
        try write(text, to: output, defaultName: "anshin-issues." + format.fileExtension)
    }
}

/// `anshin issues list`: the open issues by pillar and severity.
struct IssuesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The open issues labelled by pillar, security first then reliability, by severity: anshin's and those filed by hand."
    )

    @Option(help: ArgumentHelp("The repository on GitHub (default: GITHUB_REPOSITORY).", valueName: "owner/name"))
    var repo: String?

    @Option(name: [.customShort("f"), .customLong("format")], help: ArgumentHelp("text, markdown or html (one self-contained page).", valueName: "format"))
    var format: BoardFormat = .text

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write the board to this file instead of standard output.", valueName: "path"))
    var output: String?

    @OptionGroup var github: GitHubOptions

    enum BoardFormat: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, html

        init?(argument: String) { self.init(rawValue: argument.lowercased()) }

        var fileExtension: String { self == .markdown ? "md" : (self == .text ? "txt" : rawValue) }
    }

    func run() async throws {
        guard let repository = try GitHubOptions.repository(repo) else {
            throw ValidationError("--repo (or GITHUB_REPOSITORY) names the repository to list")
        }
        let client = try github.client()
        do {
            let board = IssueBoard(issues: try await client.issues(repository, state: "open"))
            let text = switch format {
            case .text: board.renderText(repository: repository.description)
            case .markdown: board.renderMarkdown(repository: repository.description)
            case .html: board.renderHTML(repository: repository.description)
            }
            try write(text, to: output, defaultName: "anshin-board." + format.fileExtension)
        } catch let error as GitHubError {
            throw error.exitStatus()
        }
    }
}

/// Writes `text` to `path`, or to standard output when nil or `-`.
/// A folder gets `defaultName` inside it; a missing folder is an error naming it.
func write(_ text: String, to path: String?, defaultName: String) throws {
    guard let path, path != "-" else {
        FileHandle.standardOutput.write(Data(text.utf8))
        return
    }
    let file = try ReportOptions.file(path, defaultName: defaultName)
    do { try Data(text.utf8).write(to: URL(fileURLWithPath: file)) } catch {
        throw ConfigurationError(path: file, message: "cannot write: \(SystemErrorText.describe(error))")
    }
    printError("wrote \(file)")
}
