import AnshinCore
import AnshinHCL
import Foundation

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
