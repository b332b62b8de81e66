import AnshinCore
import AnshinHCL

/// Where an environment's Terraform and its live account disagree about the same resource.
///
/// Someone changed the console, or an apply never ran: either way the code no longer describes
/// the account, and the next `terraform apply` will silently undo or keep the difference. Only
/// settings known on both sides are compared, so a value Terraform knows only after apply never
/// produces drift. Compared by name: S3 buckets (Block Public Access, default encryption,
/// versioning, access logging), RDS instances and clusters (storage encryption, Multi-AZ,
/// public access, deletion protection, backup retention) and CloudWatch log groups (retention).
public enum Drift {
    public static let ruleID = "drift-s3-bucket"
    public static let databaseRuleID = "drift-rds-database"
    public static let logGroupRuleID = "drift-log-group"

    /// Drift between every stack of environment `name`'s Terraform and the accounts read live
    /// for it. A stack that cannot be evaluated adds nothing (its audit reports why).
    public static func findings(environment name: String, in workspace: TerraformWorkspace, live: [Inventory]) throws(ConfigurationError) -> [Finding] {
        var findings: [Finding] = []
        for stack in try workspace.stacks(environments: [name]) {
            guard let declared = try? TerraformAudit.evaluate(stack, in: workspace, variables: [:]).inventory else { continue }
            for account in live { findings += Drift.findings(terraform: declared, live: account) }
        }
        return findings
    }

    /// One finding per resource whose declared and live settings differ; the finding points at
    /// the Terraform that declares it and names the live resource.
    public static func findings(terraform: Inventory, live: Inventory) -> [Finding] {
        let buckets = compared(terraform.s3Buckets, live.s3Buckets, \.reference, differences)
        let databases = [Database.Kind.instance, .cluster].flatMap { kind in
            compared(terraform.databases.filter { $0.kind == kind }, live.databases.filter { $0.kind == kind }, \.reference, differences)
        }
        let groups = compared(terraform.logGroups, live.logGroups, \.reference, differences)
        let (bucket, database, group) = (Kind.bucket, Kind.database, Kind.logGroup)
        return buckets.compactMap { finding(bucket, $0, terraform: terraform, live: live) }
            + databases.compactMap { finding(database, $0, terraform: terraform, live: live) }
            + groups.compactMap { finding(group, $0, terraform: terraform, live: live) }
    }

    /// A declared resource, the live one of the same name, and how they differ.
    typealias Pair = (declared: ResourceReference, actual: ResourceReference, differences: [Difference])

    /// Each declared resource with the live one of the same name (Terraform's name argument
    /// against the live identifier) and their differences.
    static func compared<T>(_ declared: [T], _ live: [T], _ reference: (T) -> ResourceReference,
                            _ differences: (T, T) -> [Difference]) -> [Pair] {
        let byName = Dictionary(live.map { (reference($0).identifier, $0) }, uniquingKeysWith: { first, _ in first })
        return declared.compactMap { item in
            guard let name = reference(item).name, let actual = byName[name] else { return nil }
            return (reference(item), reference(actual), differences(item, actual))
        }
    }

    /// The drift rules, for `anshin rules` and `anshin explain`.
    public static let rules = [Kind.bucket, Kind.database, Kind.logGroup].map(\.description)

    /// How one resource type's drift is named.
    struct Kind {
        var rule: String
        var title: String
        var subject: String
        var noun: String
        /// The CloudTrail events that change what is compared.
        var events: String

        static let bucket = Kind(rule: ruleID, title: "S3 bucket", subject: "Bucket", noun: "bucket", events: "PutBucket*")
        static let database = Kind(rule: databaseRuleID, title: "RDS database", subject: "Database", noun: "database",
                                   events: "ModifyDBInstance and ModifyDBCluster")
        static let logGroup = Kind(rule: logGroupRuleID, title: "log group", subject: "Log group", noun: "log group",
                                   events: "PutRetentionPolicy and DeleteRetentionPolicy")

        var description: RuleDescription {
            RuleDescription(
                id: rule, title: "Terraform and the live \(title) disagree", severity: .medium, pillars: [.opex, .security],
                sources: ["drift"], scope: "resource",
                remediation: """
                Run `terraform plan` for this environment to see the difference. If the live setting is the right one, \
                write it into the Terraform; if not, apply the Terraform. Then find who changed the \(noun) outside \
                Terraform (CloudTrail's \(events) events) so it does not happen again.
                """)
        }
    }

    static func finding(_ kind: Kind, _ pair: Pair, terraform: Inventory, live: Inventory) -> Finding? {
        guard !pair.differences.isEmpty, let name = pair.declared.name else { return nil }
        var resource = pair.actual.resource
        resource.environment = terraform.environment ?? live.environment
        let environment = terraform.environment.map { " for \($0)" } ?? ""
        let rule = kind.description
        return Finding(
            ruleID: rule.id, title: rule.title,
            message: "\(kind.subject) \(name): the Terraform\(environment) (\(pair.declared.identifier)) declares "
                + pair.differences.map { "\($0.setting) \($0.declared), the live \(kind.noun) has \($0.live)" }.joined(separator: "; "),
            severity: rule.severity, pillars: rule.pillars, resource: resource, location: pair.declared.location,
            remediation: rule.remediation,
            fingerprintKey: pair.differences.map(\.setting))
    }

    struct Difference {
        var setting: String
        var declared: String
        var live: String
    }

    static func differences(_ declared: S3Bucket, _ actual: S3Bucket) -> [Difference] {
        var result: [Difference] = []
        func compare<T: Hashable>(_ setting: String, _ a: Setting<T>, _ b: Setting<T>, _ describe: (T) -> String) {
            guard case .known(let left) = a, case .known(let right) = b, left != right else { return }
            result.append(Difference(setting: setting, declared: describe(left), live: describe(right)))
        }
        compare("Block Public Access", switchesOff(declared.publicAccessBlock), switchesOff(actual.publicAccessBlock)) { off in
            off.map { $0.isEmpty ? "all four switches on" : "\($0.spokenList) off" } ?? "none"
        }
        compare("default encryption", algorithm(declared.encryption), algorithm(actual.encryption)) { $0 ?? "none" }
        compare("versioning", declared.versioning, actual.versioning) { $0.rawValue }
        compare("access logging", declared.logging, actual.logging) { $0 ? "on" : "off" }
        return result
    }

    static func differences(_ declared: Database, _ actual: Database) -> [Difference] {
        var result: [Difference] = []
        func flag(_ setting: String, _ a: Setting<Bool>, _ b: Setting<Bool>) {
            guard case .known(let left) = a, case .known(let right) = b, left != right else { return }
            result.append(Difference(setting: setting, declared: left ? "on" : "off", live: right ? "on" : "off"))
        }
        flag("storage encryption", declared.storageEncrypted, actual.storageEncrypted)
        flag("Multi-AZ", declared.multiAZ, actual.multiAZ)
        flag("public access", declared.publiclyAccessible, actual.publiclyAccessible)
        flag("deletion protection", declared.deletionProtection, actual.deletionProtection)
        if case .known(let left) = declared.backupRetentionDays, case .known(let right) = actual.backupRetentionDays, left != right {
            result.append(Difference(setting: "backup retention", declared: days(left), live: days(right)))
        }
        return result
    }

    static func differences(_ declared: LogGroup, _ actual: LogGroup) -> [Difference] {
        guard case .known(let left) = declared.retentionDays, case .known(let right) = actual.retentionDays, left != right else { return [] }
        func describe(_ count: Int?) -> String { count.map(days) ?? "none (events never expire)" }
        return [Difference(setting: "retention", declared: describe(left), live: describe(right))]
    }

    static func days(_ count: Int) -> String { count == 1 ? "1 day" : "\(count) days" }

    /// The switches that are off (nil: no block at all); unknown when any switch is.
    static func switchesOff(_ block: Setting<PublicAccessBlock?>) -> Setting<[String]?> {
        switch block {
        case .unknown: return .unknown
        case .known(nil): return .known(nil)
        case .known(let block?):
            guard !block.switches.contains(where: { $0.1.isUnknown }) else { return .unknown }
            return .known(block.off)
        }
    }

    /// The default encryption's algorithm (nil: none configured); unknown when it is.
    static func algorithm(_ encryption: Setting<BucketEncryption?>) -> Setting<String?> {
        switch encryption {
        case .unknown: return .unknown
        case .known(nil): return .known(nil)
        case .known(let configured?): return configured.algorithm.value.map { .known($0) } ?? .unknown
        }
    }
}
