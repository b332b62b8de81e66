import AnshinCore
import AnshinReports
import ArgumentParser
import Foundation

extension Severity: ExpressibleByArgument {
    /// Severities in any case (`--fail-on HIGH`).
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension ReportFormat: ExpressibleByArgument {
    /// Formats in any case (`--format JSON`).
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

/// `--fail-on`: a severity, or `none` for a run that only reports.
enum FailThreshold: String, ExpressibleByArgument, CaseIterable {
    case none, info, low, medium, high, critical

    init?(argument: String) { self.init(rawValue: argument.lowercased()) }

    /// The severity at or above which findings fail the run; nil never fails.
    var severity: Severity? { Severity(rawValue: rawValue) }
}

/// How a command reports: formats and where each goes, the failure threshold, suppressed findings, colour.
struct ReportOptions: ParsableArguments {
    @Option(name: [.customShort("f"), .customLong("format")], help: ArgumentHelp(
        "Report format; repeat for several reports.",
        valueName: "format"))
    var formats: [ReportFormat] = []

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp(
        "Where the report of the --format at the same position goes ('-' is standard output; a folder gets anshin-report.<ext> inside). A format without one goes to standard output when it is the only format asked for (except html), else to anshin-report.<ext>.",
        valueName: "path"))
    var outputs: [String] = []

    @Option(name: .customLong("fail-on"),
            help: ArgumentHelp("Exit with 1 when an unsuppressed finding is at or above this severity; none only reports.",
                               valueName: "severity"))
    var failThreshold: FailThreshold = .high

    /// The severity that fails the run; nil with `--fail-on none`.
    var failOn: Severity? { failThreshold.severity }

    @Flag(help: "List suppressed findings too, with their triage state.")
    var showSuppressed = false

    @Flag(name: [.customShort("q"), .long],
          help: "Print nothing but errors (and a report asked for on standard output): no summary, no progress, no file names.")
    var quiet = false

    @Flag(help: "Exit with 1 when the run assessed nothing (no Terraform stack, no file, no AWS account, no log line): a CI job pointed at the wrong folder fails instead of passing. assess and audit terraform always fail so (except with --fail-on none); elsewhere off by default, so a first look at any folder is not an error.")
    var failOnEmpty = false

    @Flag(help: "With --format markdown: also write one document per finding group next to the report (each under GitHub's 65,536-character issue limit, most severe first), for pasting one issue per group.")
    var split = false

    @Flag(name: [.customShort("v"), .customLong("details")],
          help: "Print every finding in full in the terminal report (message, evidence, whole fix, fingerprint) instead of one line per rule and resource.")
    var details = false

    @Option(help: ArgumentHelp("Colour in the terminal report; auto means only on a terminal and never when NO_COLOR is set.",
                               valueName: "when"))
    var color: ColorChoice = .auto

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    /// One report to write.
    struct Destination: Equatable {
        var format: ReportFormat
        /// nil for standard output.
        var path: String?
        /// Only the headline and the verdict: the terminal's share when every report asked for went to a file.
        var summaryOnly = false
    }

    func validate() throws {
        let destinations = try destinations()
        if split && !destinations.contains(where: { $0.format == .markdown && $0.path != nil }) {
            throw ValidationError("--split writes one Markdown file per group: it needs --format markdown with a file or folder --output")
        }
    }

    /// Pairs formats with outputs. When standard output is free it gets the terminal report, or
    /// only its headline and verdict when reports were asked for files (like trivy), nothing with
    /// `--quiet`.
    func destinations() throws -> [Destination] {
        guard outputs.count <= formats.count else {
            throw ValidationError("--output was given \(outputs.count) times for \(formats.count) --format; each --output pairs with the --format at the same position")
        }
        var result: [Destination] = []
        for (index, format) in formats.enumerated() {
            if index < outputs.count {
                result.append(Destination(format: format, path: outputs[index] == "-" ? nil : try Self.file(outputs[index], for: format)))
            } else if formats.count == 1 && format != .html {
                result.append(Destination(format: format, path: nil))
            } else {
                result.append(Destination(format: format, path: format.defaultFileName))
            }
        }
        let toStandardOutput = result.filter { $0.path == nil }.count
        guard toStandardOutput <= 1 else { throw ValidationError("only one report can go to standard output") }
        let paths = result.compactMap(\.path)
        guard Set(paths).count == paths.count else { throw ValidationError("two reports would be written to the same file") }
        if toStandardOutput == 0 && !quiet {
            result.append(Destination(format: .text, path: nil, summaryOnly: !formats.isEmpty))
        }
        return result
    }

    /// The file `path` names for a report of `format`: inside it, under the format's default
    /// name, when it is a folder (or ends with `/`); its folder must exist.
    static func file(_ path: String, for format: ReportFormat) throws(ValidationError) -> String {
        try file(path, defaultName: format.defaultFileName)
    }

    /// The file `path` names for an output whose default file name is `defaultName`: inside it
    /// when it is a folder (or ends with `/`); its folder must exist. `option` names the flag in errors.
    static func file(_ path: String, defaultName: String, option: String = "--output") throws(ValidationError) -> String {
        var isDirectory: ObjCBool = false
        if path.hasSuffix("/") || (FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue) {
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("\(option) \(path): no such folder")
            }
            return (path.hasSuffix("/") ? path : path + "/") + defaultName
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) else {
            throw ValidationError("\(option) \(path): the folder \(parent) does not exist; create it first")
        }
        guard isDirectory.boolValue else { throw ValidationError("\(option) \(path): \(parent) is not a folder") }
        return path
    }

    /// Whether the terminal report uses colour.
    func useColor(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty
        }
    }

    /// Exits 1 when findings reach the threshold, or when the run assessed nothing (`assessed`
    /// is how many things it looked at) and `--fail-on-empty` asks.
    func conclude(_ report: Report, assessed: Int) throws {
        if report.assessedNothing && report.failOn != nil {
            if !quiet { printError("error: nothing was assessed") }
            throw ExitStatus.findings
        }
        if failOnEmpty && assessed == 0 {
            if !quiet { printError("error: nothing was assessed (--fail-on-empty)") }
            throw ExitStatus.findings
        }
        if !report.failingFindings.isEmpty { throw ExitStatus.findings }
    }

    /// Renders `report` to every destination.
    func emit(_ report: Report) throws {
        for destination in try destinations() {
            let toTerminal = destination.path == nil
            if destination.summaryOnly {
                let text = TextReporter(color: useColor(), width: Terminal.columns()).summary(report)
                FileHandle.standardOutput.write(Data(text.utf8))
                continue
            }
            let text = destination.format.reporter(color: toTerminal && useColor(), details: details,
                                                   width: toTerminal ? Terminal.columns() : 100).render(report)
            if let path = destination.path {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
                } catch {
                    throw ConfigurationError(path: path, message: "cannot write the \(destination.format.rawValue) report: \(SystemErrorText.describe(error))")
                }
                if !quiet {
                    printError("wrote \(destination.format.rawValue) report to \(path)")
                }
                if split && destination.format == .markdown {
                    let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
                    let documents = MarkdownReporter().split(report)
                    for document in documents {
                        let file = folder.appendingPathComponent(document.name)
                        do {
                            try Data(document.text.utf8).write(to: file)
                        } catch {
                            throw ConfigurationError(path: file.path, message: "cannot write a Markdown group: \(SystemErrorText.describe(error))")
                        }
                    }
                    if !quiet { printError("wrote \(documents.count) Markdown group\(documents.count == 1 ? "" : "s") next to \(path)") }
                }
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}

/// Where a command mails what it sends: the same three options for `logs report` and `monitor run`.
struct MailOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Mail to these addresses (comma-separated) through --smtp.", valueName: "addresses"))
    var email: String?

    @Option(help: ArgumentHelp("The SMTP relay, host:port (plain SMTP, e.g. a local Postfix that relays with TLS).", valueName: "host:port"))
    var smtp: String = "localhost:25"

    @Option(name: .customLong("from"), help: ArgumentHelp("The sender of --email.", valueName: "address"))
    var sender: String = "anshin@localhost.localdomain"

    func validate() throws { _ = try route() }

    /// The route --email asks for; nil without --email.
    func route() throws -> MailRoute? {
        guard let email else { return nil }
        guard let relay = HostPort.parse(smtp, defaultPort: nil) else { throw ValidationError("--smtp takes host:port, got \"\(smtp)\"") }
        do {
            return try MailRoute(host: relay.host, port: relay.port, from: sender,
                                 to: email.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        } catch {
            throw ValidationError("--email: \(error)")
        }
    }
}
