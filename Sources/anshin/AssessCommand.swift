import AnshinAudit
import AnshinCore
import AnshinRibbon
import AnshinSecrets
import ArgumentParser
import Foundation

/// `anshin assess [PATH]`: the first-week assessment, every capability that applies, one report.
struct AssessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Assess a repository: run every capability that applies, merge findings, report by pillar."
    )

    @Argument(help: "The repository or folder to assess.", completion: .directory)
    var path: String = "."

    @OptionGroup var report: ReportOptions

    func run() async throws {
        let root = try Workspace.root(path)
        let clock = try Clock.current()
        let catalog = try EnvironmentCatalog.load(root: root)
        let suppressions = try Suppressions.load(root: root)
        let context = AssessmentContext(root: root, catalog: catalog, clock: clock)
        let result = try await Assessment.run(Capabilities.all, context: context, suppressions: suppressions)
        let output = Report(target: path, generatedAt: clock.timestamp, findings: result.findings,
                            notes: result.notes, failOn: report.failOn, showSuppressed: report.showSuppressed)
        try report.emit(output)
        if !result.failures.isEmpty { throw ExitStatus.internalError }
        if !output.failingFindings.isEmpty { throw ExitStatus.findings }
    }
}

/// The capabilities `assess` runs, in order.
enum Capabilities {
    static let all: [any Capability] = [TerraformAuditCapability(), SecretsCapability(), AWSAuditCapability(), RibbonCapability()]
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
