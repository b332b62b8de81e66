import AnshinAudit
import AnshinCore
import AnshinRibbon
import AnshinSecrets
import AnshinReports
import ArgumentParser
import Foundation

/// `anshin assess [PATH]`: the first-week assessment, every capability that applies, one report.
struct AssessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Assess a repository: run every capability that applies, merge findings, report by pillar."
    )

    @OptionGroup var folder: FolderOptions

    @OptionGroup var terraform: TerraformInputOptions

    @Option(help: ArgumentHelp("An earlier JSON report: report only findings it does not contain.", valueName: "file"),
            completion: .file(extensions: ["json"]))
    var baseline: String?

    @OptionGroup var report: ReportOptions

    func run() async throws {
        let project = try Workspace.project(folder.path)
        let root = project.folder
        let clock = try Clock.current()
        let catalog = try EnvironmentCatalog.load(root: root)
        let environments = try terraform.environments(in: catalog)
        let suppressions = try Suppressions.load(root: project.root)
        let context = AssessmentContext(root: root, catalog: catalog, clock: clock)
        let capabilities = Capabilities.all(environments: environments, variables: try terraform.parsedVariables(),
                                            variableFiles: try terraform.variableFilePaths())
        let progress = report.quiet ? nil : ProgressLine.standardError()
        let result = try await Assessment.run(capabilities, context: context, suppressions: suppressions,
                                              pathPrefix: project.relativePath, progress: progress)
        progress?.finish("assessed " + (result.assessedNothing ? "nothing" : result.assessedSummary))
        var findings = result.findings
        let notes = result.notes + project.strayNotes + Workspace.remember(findings, scope: "assess \(project.relativePath)",
                                                                           project: project, clock: clock)
        if let baseline { findings = try Baseline.excluding(findings, in: baseline) }
        let sourceRoot = SourceRoot.locate(root)
        var output = Report(target: folder.path, generatedAt: clock.timestamp, findings: findings,
                            notes: notes, failOn: report.failOn, showSuppressed: report.showSuppressed,
                            coverage: Coverage(sources: result.ran, accounts: result.accounts, folder: sourceRoot.prefix),
                            sourceRoot: sourceRoot, environments: catalog.environments.map(\.name))
        // A run that looked at nothing fails rather than passes.
        output.assessedNothing = result.assessedNothing
        if report.formats.contains(.html) {
            (output.diagrams, output.notes) = Self.diagrams(root: root, catalog: catalog, environments: environments,
                                                           suppressions: suppressions, today: clock.today, notes: output.notes)
        }
        try report.emit(output)
        if !result.failures.isEmpty { throw ExitStatus.internalError }
        try report.conclude(output, assessed: result.assessedNothing ? 0 : 1)
    }
}


extension AssessCommand {
    /// Each environment's diagram for the HTML report, laid out by Graphviz; what cannot be drawn
    /// (no Terraform, no `dot`) becomes a note, never a failure of the assessment.
    static func diagrams(root: URL, catalog: EnvironmentCatalog, environments: [String]?, suppressions: Suppressions, today: String,
                         notes: [Note]) -> ([Report.Diagram], [Note]) {
        var notes = notes
        let drawn: [(environment: String?, diagram: InfrastructureDiagram)]
        do {
            drawn = try TerraformDiagram.drawEach(root: root, catalog: catalog, environments: environments, suppressions: suppressions,
                                                  today: today)
        } catch {
            return ([], notes)
        }
        let dot = ProcessInfo.processInfo.environment["ANSHIN_DOT"].flatMap { $0.isEmpty ? nil : $0 }
        let order = catalog.environments.map(\.name)
        var diagrams: [Report.Diagram] = []
        for (environment, diagram) in drawn.sorted(by: { (order.firstIndex(of: $0.environment ?? "") ?? order.count) < (order.firstIndex(of: $1.environment ?? "") ?? order.count) })
            where diagram.resourceCount > 0 {
            do {
                diagrams.append(Report.Diagram(environment: environment, svg: try GraphvizLayout.svg(diagram.dot(), executable: dot)))
            } catch {
                notes.append(Note(kind: .warning, source: "diagram", message: "the infrastructure diagram is not in the HTML report: \(error.message)"))
                break
            }
        }
        return (diagrams, notes)
    }
}

/// The capabilities `assess` runs, in order.
enum Capabilities {
    /// Every capability, narrowed to `environments` (nil: all) with Terraform's variable inputs.
    static func all(environments: [String]? = nil, variables: [String: String] = [:],
                    variableFiles: [String] = []) -> [any Capability] {
        [TerraformAuditCapability(environments: environments, variables: variables, variableFiles: variableFiles),
         SecretsCapability(), AWSAuditCapability(environments: environments), RibbonCapability()]
    }
}

/// Resolving the folder a command works on.
enum Workspace {
    /// The folder at `path`, which must exist and be a directory.
    static func root(_ path: String) throws(ConfigurationError) -> URL {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigurationError(path: path, message: "no such file or directory")
        }
        guard isDirectory.boolValue else { throw ConfigurationError(path: path, message: "not a directory") }
        return URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }
}
