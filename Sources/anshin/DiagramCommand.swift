import AnshinAudit
import AnshinCore
import ArgumentParser
import Foundation

/// `anshin diagram [PATH]`: the infrastructure an environment's Terraform declares, drawn.
struct DiagramCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagram",
        abstract: "Draw the infrastructure an environment's Terraform declares: account, Region, VPCs, resources grouped by kind, data-store marks, log flows and finding badges.",
        discussion: """
        Formats: svg (default; laid out by Graphviz's dot, which must be installed), png (the same picture as an image, for a wiki or a slide), html (the SVG in one self-contained page whose badges link to the findings), dot, mermaid. Without --format, the extension of --out or --check decides (.svg, .png, .html, .dot or .gv, .mmd).

        --live draws the AWS account as it is instead (read as audit aws reads it: the profile's account, or the account of --env's aws settings, in --regions), with the live audit's findings as badges.

        --against-live draws the environment's Terraform marked against its live account (read as --live reads it): what only the Terraform declares, what only the account has (drawn from it), and what both have but differently (size, encryption, Multi-AZ, backups…), paired by kind and name.

        --check FILE draws the diagram and compares it with FILE: exit 0 when they are the same, 1 when FILE is out of date (so CI keeps a committed diagram current), 2 when FILE is missing.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case svg, png, html, dot, mermaid

        init?(fileExtension: String) {
            switch fileExtension.lowercased() {
            case "svg": self = .svg
            case "png": self = .png
            case "html", "htm": self = .html
            case "dot", "gv": self = .dot
            case "mmd", "mermaid": self = .mermaid
            default: return nil
            }
        }
    }

    @OptionGroup var folder: FolderOptions

    @Option(name: .customLong("env"), help: ArgumentHelp("The environment to draw (required when the code has several).", valueName: "name"),
            completion: EnvironmentCompletion.kind)
    var environment: String?

    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("Compare two environments: the second drawn, each box marked against the first (only in one, sized differently).",
                               valueName: "base target"))
    var diff: [String] = []

    @Option(name: [.customShort("f"), .customLong("format")], help: ArgumentHelp("svg, png, html, dot or mermaid.", valueName: "format"))
    var format: Format?

    @Option(name: [.customShort("o"), .customLong("out"), .customLong("output")],
            help: ArgumentHelp("Write the diagram to this file instead of standard output.", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("Compare the diagram with this committed file; exit 1 when it is out of date.", valueName: "file"))
    var check: String?

    @Flag(help: "Draw the live AWS account instead of the Terraform.")
    var live = false

    @Flag(help: "Draw the Terraform marked against the live AWS account: only in one, or different.")
    var againstLive = false

    @Option(help: ArgumentHelp("With --live or --against-live: the AWS profile (default: AWS_PROFILE or the default chain).", valueName: "name"))
    var profile: String?

    @Option(help: ArgumentHelp("With --live or --against-live: Regions to read, comma-separated (default: the profile's, or the environment's).", valueName: "r1,r2"))
    var regions: String?

    func validate() throws {
        if out != nil, check != nil { throw ValidationError("--out and --check cannot be used together") }
        if !diff.isEmpty, diff.count != 2 { throw ValidationError("--diff takes two environments, the base then the target: --diff stg prd") }
        if !diff.isEmpty, environment != nil { throw ValidationError("--diff and --env cannot be used together") }
        if live, !diff.isEmpty { throw ValidationError("--diff compares environments of the Terraform; it does not take --live") }
        if live, againstLive { throw ValidationError("--live draws the account; --against-live draws the Terraform against it: choose one") }
        if againstLive, !diff.isEmpty { throw ValidationError("--diff compares two environments; --against-live compares one with its account: choose one") }
        if !live, !againstLive, profile != nil || regions != nil { throw ValidationError("--profile and --regions go with --live or --against-live") }
        if live, profile != nil, environment != nil { throw ValidationError("--profile and --env cannot be combined; the environment names its profile") }
        _ = try AuditAWSCommand.regionList(regions)
        if format == nil, let file = check ?? out {
            let ext = URL(fileURLWithPath: file).pathExtension
            if Format(fileExtension: ext) == nil {
                throw ValidationError("cannot tell the format of \(file) from its extension: name it with --format (\(Format.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
    }

    func run() async throws {
        let project = try Workspace.project(folder.path)
        let root = project.folder
        let clock = try Clock.current()
        let catalog = try EnvironmentCatalog.load(root: root)
        let suppressions = try Suppressions.load(root: project.root)
        let chosen = format ?? (check ?? out).flatMap { Format(fileExtension: URL(fileURLWithPath: $0).pathExtension) } ?? .svg
        if let check, !FileManager.default.fileExists(atPath: check) {
            throw ConfigurationError(path: check, message: "no such file to check (write it first with --out \(check))")
        }
        let diagram: InfrastructureDiagram
        let notes: [Note]
        if live {
            (diagram, notes) = try await liveDiagram(of: environment, root: project.root, catalog: catalog, suppressions: suppressions, clock: clock)
        } else if againstLive {
            let declared = try TerraformDiagram.draw(root: root, catalog: catalog, environment: environment, suppressions: suppressions,
                                                     today: clock.today)
            // The environment's account, unless --profile names another.
            let actual = try await liveDiagram(of: profile == nil ? environment : nil, root: project.root, catalog: catalog,
                                               suppressions: suppressions, clock: clock)
            diagram = InfrastructureDiagram.comparing(actual.0, with: declared.diagram, matching: .name, baseName: "live account",
                                                      targetName: "Terraform")
            notes = declared.notes + actual.1
        } else if diff.count == 2 {
            let base = try TerraformDiagram.draw(root: root, catalog: catalog, environment: diff[0], suppressions: suppressions, today: clock.today)
            let target = try TerraformDiagram.draw(root: root, catalog: catalog, environment: diff[1], suppressions: suppressions, today: clock.today)
            diagram = InfrastructureDiagram.comparing(base.diagram, with: target.diagram)
            notes = base.notes + target.notes.filter { !base.notes.contains($0) }
        } else {
            (diagram, notes) = try TerraformDiagram.draw(root: root, catalog: catalog, environment: environment,
                                                         suppressions: suppressions, today: clock.today)
        }
        for note in notes where note.kind == .notAssessed { printError("note: \(note.message)") }
        let bytes: [UInt8]
        do {
            let dotProgram = ProcessInfo.processInfo.environment["ANSHIN_DOT"].flatMap { $0.isEmpty ? nil : $0 }
            switch chosen {
            case .dot: bytes = Array(diagram.dot().utf8)
            case .mermaid: bytes = Array(diagram.mermaid().utf8)
            case .svg: bytes = Array(try GraphvizLayout.svg(diagram.dot(), executable: dotProgram).utf8)
            case .png: bytes = try GraphvizLayout.png(diagram.dot(), executable: dotProgram)
            case .html: bytes = Array(diagram.html(svg: try GraphvizLayout.svg(diagram.dot(links: true), executable: dotProgram)).utf8)
            }
        } catch {
            printError("error: \(error.message)")
            throw ExitStatus.internalError
        }
        let summary = "\(diagram.resourceCount) resources in \(diagram.nodes.count) boxes"
        if let check {
            let committed = try Data(contentsOf: URL(fileURLWithPath: check))
            if committed == Data(bytes) {
                printError("\(check) is up to date (\(summary))")
                return
            }
            let difference = chosen == .png ? "the picture differs"
                : Self.firstDifference(String(decoding: committed, as: UTF8.self), String(decoding: bytes, as: UTF8.self))
            printError("\(check) is out of date: \(difference); "
                + "redraw it with: anshin diagram \(folder.path)\(environment.map { " --env \($0)" } ?? "")\(diff.isEmpty ? "" : " --diff " + diff.joined(separator: " "))\(againstLive ? " --against-live" : "") --format \(chosen.rawValue) --out \(check)")
            throw ExitStatus.findings
        }
        if let out {
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: out))
            } catch {
                throw ConfigurationError(path: out, message: "cannot write the diagram: \(SystemErrorText.describe(error))")
            }
            printError("wrote the \(chosen.rawValue) diagram to \(out) (\(summary))")
        } else {
            if chosen == .png && Terminal.isTerminal(STDOUT_FILENO) {
                throw ValidationError("a PNG is not for the terminal: write it with --out FILE.png, or redirect standard output")
            }
            FileHandle.standardOutput.write(Data(bytes))
        }
    }

    /// The account as the live audit reads it (the account of `environment`'s aws settings, or
    /// the profile's), its findings as badges.
    func liveDiagram(of environment: String?, root: URL, catalog: EnvironmentCatalog, suppressions: Suppressions,
                     clock: Clock) async throws -> (InfrastructureDiagram, [Note]) {
        let target = try AuditAWSCommand.target(root: root, catalog: catalog, environment: environment, profile: profile,
                                                regions: try AuditAWSCommand.regionList(regions), organizationRole: nil)
        let result: AWSAuditResult
        do {
            result = try await AWSAudit.run(target, clock: clock, progress: nil)
        } catch {
            throw AuditAWSCommand.explain(error, profile: target.profile)
        }
        let findings = suppressions.apply(to: result.findings.map { $0.from("aws") }, today: clock.today)
        let project = catalog.project ?? root.lastPathComponent
        let title = "\(project)" + (environment.map { " · \($0)" } ?? "") + " · live, account " + result.accounts.joined(separator: ", ")
        let diagram = InfrastructureDiagram(title: title, sources: result.inventories.map { InfrastructureDiagram.Source(inventory: $0) },
                                            findings: findings)
        return (diagram, result.notes)
    }

    /// Where two texts first differ, by line.
    static func firstDifference(_ old: String, _ new: String) -> String {
        let oldLines = old.split(separator: "\n", omittingEmptySubsequences: false)
        let newLines = new.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(oldLines.count, newLines.count) {
            let left = index < oldLines.count ? oldLines[index] : nil
            let right = index < newLines.count ? newLines[index] : nil
            if left != right { return "line \(index + 1) differs" }
        }
        return "the files differ"
    }
}
