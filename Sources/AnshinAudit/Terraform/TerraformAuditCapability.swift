import AnshinCore
import AnshinHCL
import Foundation

/// The Terraform audit as a capability of `anshin assess`.
public struct TerraformAuditCapability: Capability {
    public let name = "terraform"
    /// The environments to audit; nil audits every one with Terraform settings.
    public var environments: [String]?
    /// `-var` style overrides.
    public var variables: [String: String]
    /// `-var-file` style files, absolute paths.
    public var variableFiles: [String]

    public init(environments: [String]? = nil, variables: [String: String] = [:], variableFiles: [String] = []) {
        self.environments = environments
        self.variables = variables
        self.variableFiles = variableFiles
    }

    /// Applies when the folder, or a catalog environment's Terraform directory, has `.tf` files.
    public func applies(to context: AssessmentContext) -> Bool {
        TerraformWorkspace(root: context.root, catalog: context.catalog).hasTerraform
    }

    public func assess(_ context: AssessmentContext) async throws -> CapabilityResult {
        let result = try TerraformAudit.run(root: context.root, catalog: context.catalog, environments: environments,
                                            variables: variables, variableFiles: variableFiles)
        let stacks = Set(result.audited.map(\.directory)).count
        let environments = Set(result.audited.compactMap(\.environment)).count
        var summary = AssessedScope.counted(stacks, "stack")
        if environments > 0 { summary += " × " + AssessedScope.counted(environments, "environment") }
        summary += ", " + AssessedScope.counted(result.audited.reduce(0) { $0 + $1.resources }, "resource")
        return CapabilityResult(findings: result.findings, notes: result.notes,
                                assessed: AssessedScope(count: result.assessedNothing ? 0 : result.audited.count, summary: summary))
    }
}
