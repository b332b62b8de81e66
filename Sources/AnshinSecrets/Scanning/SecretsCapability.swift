import AnshinCore
import Foundation

/// The secret scan as a capability of `anshin assess`: the whole history of a repository, or
/// every file of a plain folder.
public struct SecretsCapability: Capability {
    public let name = "secrets"
    public var options: SecretScanner.Options

    public init(options: SecretScanner.Options = SecretScanner.Options()) {
        self.options = options
    }

    public func applies(to context: AssessmentContext) -> Bool { true }

    public func assess(_ context: AssessmentContext) async throws -> CapabilityResult {
        let detector = try Detector.including(context.catalog.secretRules)
        let outcome = try SecretScanner(detector: detector, options: options).scan(.assessment(context.root))
        let summary = AssessedScope.counted(outcome.filesScanned, "file or blob", plural: "files and blobs")
            + ", " + AssessedScope.bytes(outcome.bytesScanned)
        return CapabilityResult(findings: outcome.findings(detector: detector), notes: outcome.notes,
                                assessed: AssessedScope(count: outcome.filesScanned, summary: summary))
    }
}
