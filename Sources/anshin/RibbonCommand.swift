import AnshinCore
import AnshinRibbon
import ArgumentParser
import Foundation

/// `anshin ribbon …`: the environment-ribbon browser extension, built and checked from the catalog.
struct RibbonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ribbon",
        abstract: "Build the browser extension that names each environment at the top of its pages, or check the catalog's ribbons.",
        subcommands: [RibbonBuildCommand.self, RibbonCheckCommand.self]
    )
}

struct RibbonBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Generate the Manifest V3 extension from anshin.yml: an unpacked folder, a zip for the Chrome Web Store, and a signed .crx with updates.xml for self-hosting.",
        discussion: """
        The version rises whenever the content changes and stays the same otherwise: the last build is recorded in .anshin/ribbon.lock (commit it), and two builds of the same catalog are byte-identical.

        The first build generates the signing key into the output folder unless --key names one. Keep it secret and pass it to later builds (or set ANSHIN_RIBBON_KEY to its path).
        """
    )

    @OptionGroup var folder: FolderOptions

    @Option(help: ArgumentHelp("Where to write the extension.", valueName: "dir"))
    var out: String = "anshin-ribbon"

    @Option(help: ArgumentHelp("The PEM signing key (created when the file does not exist and no build was recorded yet).", valueName: "file"))
    var key: String?

    func run() throws {
        let project = try Workspace.project(folder.path)
        let root = project.catalogRoot
        let catalog = try EnvironmentCatalog.load(root: root)
        let keyPath = key ?? ProcessInfo.processInfo.environment["ANSHIN_RIBBON_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        let options = RibbonBuilder.Options(root: root, output: URL(fileURLWithPath: out, isDirectory: true).standardizedFileURL,
                                            keyFile: keyPath.map { URL(fileURLWithPath: $0).standardizedFileURL })
        let outcome = try RibbonBuilder.build(catalog: catalog, options: options)
        let build = outcome.build
        let change: String
        if let previous = build.previousVersion {
            change = build.changed ? "was \(previous): the catalog's ribbons changed" : "unchanged: same content as the last build"
        } else {
            change = "first build"
        }
        print("built the ribbon extension, version \(build.version) (\(change))")
        print("extension id: \(build.extensionID)")
        print("wrote \(outcome.written.map { "\(out)/\($0)" }.joined(separator: ", "))")
        for note in outcome.notes { printError("note: \(note)") }
    }
}

struct RibbonCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the catalog's ribbons: every environment with URLs has one (or is hidden on purpose), colours differ, labels are readable (WCAG AA), production is not hidden by accident."
    )

    @OptionGroup var folder: FolderOptions

    @OptionGroup var report: ReportOptions

    func run() throws {
        let project = try Workspace.project(folder.path)
        let root = project.catalogRoot
        let clock = try Clock.current()
        let catalog = try EnvironmentCatalog.load(root: root)
        var notes: [Note] = []
        if !catalog.environments.contains(where: { !$0.urls.isEmpty }) {
            notes.append(Note(kind: .notAssessed, source: "ribbon", message: "no environment in the catalog has urls, so there is no ribbon to check"))
        }
        let findings = try Suppressions.load(root: project.root)
            .apply(to: try RibbonCheck.evaluate(catalog, lock: try RibbonLock.load(root: root)), today: clock.today)
        notes += project.strayNotes + Workspace.remember(findings, scope: "ribbon check", project: project, clock: clock)
        let output = Report(target: folder.path, generatedAt: clock.timestamp, findings: findings, notes: notes,
                            failOn: report.failOn, showSuppressed: report.showSuppressed)
        try report.emit(output)
        try report.conclude(output, assessed: catalog.environments.filter { !$0.urls.isEmpty }.count)
    }
}
