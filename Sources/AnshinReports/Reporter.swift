import AnshinCore

/// # AnshinReports
///
/// One small type per output format, each turning a ``Report`` into text. Reporters know only
/// AnshinCore: they never run checks, read files or decide exit codes, so each is tested with
/// golden files from a fixed report.

/// Renders a report in one format.
public protocol Reporter: Sendable {
    /// The format's name on the command line (`--format sarif`).
    static var format: ReportFormat { get }
    /// The whole document; text formats end with a newline.
    func render(_ report: Report) -> String
}

/// The formats `--format` accepts.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, sarif, markdown, html, junit

    /// The file name `--format` uses when no `--output` path is given for a file format.
    public var defaultFileName: String {
        switch self {
        case .text: "anshin-report.txt"
        case .json: "anshin-report.json"
        case .sarif: "anshin-report.sarif"
        case .markdown: "anshin-report.md"
        case .html: "anshin-report.html"
        case .junit: "anshin-report.junit.xml"
        }
    }

    /// The reporter for this format; `color`, `details` and `width` only matter for text.
    public func reporter(color: Bool = false, details: Bool = false, width: Int = 100) -> any Reporter {
        switch self {
        case .text: TextReporter(color: color, details: details, width: width)
        case .json: JSONReporter()
        case .sarif: SARIFReporter()
        case .markdown: MarkdownReporter()
        case .html: HTMLReporter()
        case .junit: JUnitReporter()
        }
    }
}
