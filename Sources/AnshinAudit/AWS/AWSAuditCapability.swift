import AnshinAWS
import AnshinCore
import AnshinHCL
import Foundation

/// The live AWS audit as a capability of `anshin assess`: every catalog environment with AWS
/// settings, or the default credential chain when the catalog names none. Without configured
/// credentials it is skipped with a note saying so, and makes no call.
public struct AWSAuditCapability: Capability {
    public let name = "aws"
    /// The process environment, for the credential chain (tests point it at a local emulator).
    public var environment: [String: String]
    /// The catalog environments to audit; nil audits every one with AWS settings.
    public var environments: [String]?

    public init(environments: [String]? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environments = environments
        self.environment = environment
    }

    public func applies(to context: AssessmentContext) -> Bool { true }

    public func assess(_ context: AssessmentContext) async throws -> CapabilityResult {
        let environments = context.catalog.environments.filter { entry in
            entry.aws != nil && (self.environments?.contains(entry.name) ?? true)
        }
        var targets = environments.isEmpty ? [AWSAuditTarget()] : environments.map { environment in
            AWSAuditTarget(environment: environment, workspace: TerraformWorkspace(root: context.root, catalog: context.catalog))
        }
        if environments.isEmpty { targets[0].production = context.catalog.productionJudgement(of: nil) }
        var result = CapabilityResult()
        if let names = self.environments, environments.isEmpty {
            result.notes.append(Note(kind: .info, source: "aws",
                                     message: "the live AWS audit was skipped: \(names.joined(separator: ", ")) \(names.count == 1 ? "has" : "have") no aws settings in anshin.yml"))
            return result
        }
        var regions: Set<String> = []
        for target in targets {
            let label = target.environment.map { "environment \($0.name)" } ?? "the default AWS credentials"
            if let problem = AWSAudit.missingCredentials(profile: target.profile, environment: environment) {
                result.notes.append(Note(kind: .notAssessed, source: "aws",
                                         message: "\(label): the live AWS audit was skipped: \(problem)"))
                continue
            }
            do {
                let audited = try await AWSAudit.run(target, clock: context.clock, environment: environment)
                result.findings += audited.findings
                result.notes += audited.notes
                for account in audited.accounts where !result.accounts.contains(account) { result.accounts.append(account) }
                regions.formUnion(target.regions)
                if let name = target.environment?.name, target.environment?.terraform != nil {
                    let workspace = TerraformWorkspace(root: context.root, catalog: context.catalog)
                    result.findings += try Drift.findings(environment: name, in: workspace, live: audited.inventories)
                }
            } catch let error as AWSError {
                result.notes.append(Note(kind: .notAssessed, source: "aws", message: "\(label): not assessed: \(error)"))
            }
        }
        var summary = AssessedScope.counted(result.accounts.count, "account")
        if !regions.isEmpty { summary += " × " + AssessedScope.counted(regions.count, "Region") }
        result.assessed = AssessedScope(count: result.accounts.count, summary: summary)
        return result
    }
}
