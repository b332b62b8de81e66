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

    public init(ruleID: String, identifier: String, directory: String, holds: [String], absent: [String], findings: [Finding]) {
        self.ruleID = ruleID
        self.identifier = identifier
        self.directory = directory
        self.holds = holds
        self.absent = absent
        self.findings = findings
    }

    /// "holds in prd, stg; not in demo".
    public var summary: String {
        var text = "holds in " + holds.joined(separator: ", ")
        if !absent.isEmpty { text += "; not in " + absent.joined(separator: ", ") }
        return text
    }
}
