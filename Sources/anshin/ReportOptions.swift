import AnshinCore
import AnshinReports
import ArgumentParser
import Foundation

extension Severity: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}

/// How a command reports: formats and where each goes, the failure threshold, suppressed findings, colour.
struct ReportOptions: ParsableArguments {
    @Option(name: .customLong("format"), help: ArgumentHelp(
        "Report format; repeat for several reports.",
        valueName: "format"))
    var formats: [ReportFormat] = []

    @Option(name: .customLong("output"), help: ArgumentHelp(
        "Where the report of the --format at the same position goes ('-' is standard output). A format without one goes to standard output when it is the only format asked for (except html), else to anshin-report.<ext>.",
        valueName: "path"))
    var outputs: [String] = []

    @Option(help: ArgumentHelp("Exit with 1 when an unsuppressed finding is at or above this severity.",
                               valueName: "severity"))
    var failOn: Severity = .high

    @Flag(help: "List suppressed findings too, with their triage state.")
    var showSuppressed = false

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
    }

    func validate() throws {
        _ = try destinations()
    }

    /// Pairs formats with outputs; the terminal report is added when standard output is free.
    func destinations() throws -> [Destination] {
        guard outputs.count <= formats.count else {
            throw ValidationError("--output was given \(outputs.count) times for \(formats.count) --format; each --output pairs with the --format at the same position")
        }
        var result: [Destination] = []
        for (index, format) in formats.enumerated() {
            if index < outputs.count {
                result.append(Destination(format: format, path: outputs[index] == "-" ? nil : outputs[index]))
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
        if toStandardOutput == 0 { result.insert(Destination(format: .text, path: nil), at: 0) }
        return result
    }

    /// Whether the terminal report uses colour.
    func useColor(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty
        }
    }

    /// Renders `report` to every destination, then exits 1 when findings reach the threshold.
    func emit(_ report: Report) throws {
        for destination in try destinations() {
            let text = destination.format.reporter(color: destination.path == nil && useColor()).render(report)
            if let path = destination.path {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
                } catch {
                    throw ConfigurationError(path: path, message: "cannot write the \(destination.format.rawValue) report: \(error.localizedDescription)")
                }
                printError("wrote \(destination.format.rawValue) report to \(path)")
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}
