import AnshinCore
import Foundation

/// One problem seen across environments: the same rule on the same resource of the same root
/// module, and the environments where it holds or not (`--all-envs`).
public struct FindingSpread: Sendable, Hashable {
    public var ruleID: String
    /// The Terraform address.
    public var identifier: String
    /// The root module, relative to the audited folder.
    public var directory: String
    /// Environments where the finding holds, in audit order.
    public var holds: [String]
    /// Environments that audited the same root module without this finding.
    public var absent: [String]
    /// The findings, one per environment where it holds.
    public var findings: [Finding]

    /// "holds in prd, stg; not in demo".
    public var summary: String {
        var text = "holds in " + holds.joined(separator: ", ")
        if !absent.isEmpty { text += "; not in " + absent.joined(separator: ", ") }
        return text
    }
}

extension TerraformAuditResult {
    /// The findings grouped by rule, root module and resource, with the environments each holds in.
    public func spread() -> [FindingSpread] {
        var environmentsByModule: [String: [String]] = [:]
        for module in audited {
            guard let environment = module.environment else { continue }
            if environmentsByModule[module.directory]?.contains(environment) != true {
                environmentsByModule[module.directory, default: []].append(environment)
            }
        }
        var order: [String] = []
        var groups: [String: FindingSpread] = [:]
        for finding in findings {
            let directory = modules[finding.fingerprint] ?? "."
            let identifier = finding.resource?.identifier ?? finding.location?.path ?? ""
            let key = [finding.ruleID, directory, identifier].joined(separator: "\u{1F}")
            if groups[key] == nil {
                order.append(key)
                groups[key] = FindingSpread(ruleID: finding.ruleID, identifier: identifier, directory: directory,
                                            holds: [], absent: [], findings: [])
            }
            if let environment = finding.resource?.environment, groups[key]?.holds.contains(environment) == false {
                groups[key]?.holds.append(environment)
            }
            groups[key]?.findings.append(finding)
        }
        return order.compactMap { key in
            guard var group = groups[key] else { return nil }
            group.absent = (environmentsByModule[group.directory] ?? []).filter { !group.holds.contains($0) }
            return group
        }
    }
}

/// The Terraform audit as a capability of `anshin assess`.
public struct TerraformAuditCapability: Capability {
    public let name = "terraform"
    /// The environments to audit; nil audits every one with Terraform settings.
    public var environments: [String]?
    /// `-var` style overrides.
    public var variables: [String: String]

    public init(environments: [String]? = nil, variables: [String: String] = [:]) {
        self.environments = environments
        self.variables = variables
    }

    /// Applies when the folder, or a catalog environment's Terraform directory, has `.tf` files.
    public func applies(to context: AssessmentContext) -> Bool {
        if TerraformAudit.hasTerraformFiles(context.root) { return true }
        return context.catalog.environments.contains { environment in
            guard let directory = environment.terraform?.dir else { return false }
            return TerraformAudit.hasTerraformFiles(context.root.appendingPathComponent(directory))
        }
    }

    public func assess(_ context: AssessmentContext) async throws -> CapabilityResult {
        let result = try TerraformAudit.run(root: context.root, catalog: context.catalog, environments: environments,
                                            variables: variables)
        return CapabilityResult(findings: result.findings, notes: result.notes)
    }
}
