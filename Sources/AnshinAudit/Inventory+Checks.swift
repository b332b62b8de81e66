import AnshinCore

extension Inventory {
    /// A one-sentence message in the voice of the source: for Terraform, "`address (name)` `terraform`
    /// in the prd environment"; live, "`Noun` `name` in account 1111… (region) `aws`".
    func say(_ reference: ResourceReference, noun: String, terraform: String, aws: String) -> String {
        switch source {
        case .terraform: "\(label(reference)) \(terraform) \(scope(reference))"
        case .aws: "\(noun) \(label(reference)) \(scope(reference)) \(aws)"
        }
    }

    /// Stands for the account (live) or the configuration (Terraform) in findings about something
    /// that is missing altogether, such as a CloudTrail trail.
    func accountReference(kind terraformKind: String, awsKind: String = "AWS::::Account") -> ResourceReference {
        switch source {
        case .terraform:
            return ResourceReference(kind: terraformKind, identifier: terraform?.directory ?? ".", account: account,
                                     region: region, environment: environment,
                                     location: accountSettingLocations[terraformKind] ?? terraform?.location)
        case .aws:
            return ResourceReference(kind: awsKind, identifier: account ?? "account", account: account, region: region,
                                     environment: environment)
        }
    }

    /// "in the prd environment" / "in this configuration" / "in account 1111… (region)" for
    /// account-level findings.
    var accountScope: String {
        switch source {
        case .terraform: environment.map { "in the \($0) environment" } ?? "in this configuration"
        case .aws: "in account \(account ?? "?")" + (region.map { " (\($0))" } ?? "")
        }
    }
}

/// Text shared by remediations.
enum Remediation {
    /// A Terraform snippet in a fenced `hcl` block.
    static func hcl(_ code: String) -> String {
        "```hcl\n\(code)\n```"
    }
}

extension Array where Element == String {
    /// "a", "a and b", "a, b and c".
    var spokenList: String {
        switch count {
        case 0: ""
        case 1: self[0]
        default: dropLast().joined(separator: ", ") + " and " + last!
        }
    }
}

extension Database {
    /// "DB instance" or "DB cluster", for live messages.
    var noun: String { kind == .instance ? "DB instance" : "DB cluster" }
    /// A standalone instance: not a member of a cluster, whose storage and backups are the cluster's.
    var isStandaloneInstance: Bool { kind == .instance && !inCluster }
}

extension TerraformSettings {
    /// "The root module" or "The root module in metabase/", for messages.
    var moduleName: String { directory == "." || directory.isEmpty ? "The root module" : "The root module in \(directory)/" }

    /// The `terraform {}` block as a resource of findings about Terraform itself.
    func reference(kind: String, identifier: String, environment: String?, location: Location?) -> ResourceReference {
        let scoped = directory == "." || directory.isEmpty ? identifier : "\(directory)/\(identifier)"
        return ResourceReference(kind: kind, identifier: scoped, environment: environment, location: location ?? self.location)
    }

    /// Whether a version constraint has an upper bound: `~>`, `<`, `<=`, an exact `=` or a bare version.
    static func hasUpperBound(_ constraint: String) -> Bool {
        constraint.split(separator: ",").contains { part in
            let text = part.trimmed
            return text.hasPrefix("~>") || text.hasPrefix("<") || (text.hasPrefix("=") && !text.hasPrefix("=>"))
                || text.first?.isNumber == true
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace.
    var trimmed: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
