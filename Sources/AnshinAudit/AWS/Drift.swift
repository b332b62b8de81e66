import AnshinCore

/// Where an environment's Terraform and its live account disagree about the same resource.
///
/// Someone changed the console, or an apply never ran: either way the code no longer describes
/// the account, and the next `terraform apply` will silently undo or keep the difference. Only
/// settings known on both sides are compared, so a value Terraform knows only after apply never
/// produces drift. Today S3 buckets are compared by name: Block Public Access, default
/// encryption, versioning and access logging.
public enum Drift {
    public static let ruleID = "drift-s3-bucket"

    /// One finding per bucket whose declared and live settings differ; the finding points at
    /// the Terraform that declares the bucket and names the live resource.
    public static func findings(terraform: Inventory, live: Inventory) -> [Finding] {
        let liveBuckets = Dictionary(live.s3Buckets.map { ($0.reference.identifier, $0) }, uniquingKeysWith: { first, _ in first })
        return terraform.s3Buckets.compactMap { declared in
            guard let name = declared.reference.name, let actual = liveBuckets[name] else { return nil }
            let differences = differences(declared, actual)
            guard !differences.isEmpty else { return nil }
            var resource = actual.reference.resource
            resource.environment = terraform.environment ?? live.environment
            let environment = terraform.environment.map { " for \($0)" } ?? ""
            return Finding(
                ruleID: ruleID, title: "Terraform and the live S3 bucket disagree",
                message: "Bucket \(name): the Terraform\(environment) (\(declared.reference.identifier)) declares "
                    + differences.map { "\($0.setting) \($0.declared), the live bucket has \($0.live)" }.joined(separator: "; "),
                severity: .medium, pillars: [.opex, .security], resource: resource, location: declared.reference.location,
                remediation: """
                Run `terraform plan` for this environment to see the difference. If the live setting is the right one, \
                write it into the Terraform; if not, apply the Terraform. Then find who changed the bucket outside \
                Terraform (CloudTrail's PutBucket* events) so it does not happen again.
                """,
                fingerprintKey: differences.map(\.setting))
        }
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
