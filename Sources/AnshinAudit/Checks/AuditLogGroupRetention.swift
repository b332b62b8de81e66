import AnshinCore

/// A log group holding audit or security logs (CloudTrail, VPC flow logs, WAF, GuardDuty, audit
/// logs, by its name) that keeps them for less than the minimum (365 days unless `anshin.yml`
/// says `audit: { log_retention_days: N }`).
public struct AuditLogGroupRetention: Check {
    public let metadata = CheckMetadata(
        id: "cloudwatch-audit-log-retention",
        title: "Audit or security log group keeps logs for too short a time",
        rationale: """
        A log group holding audit or security logs (CloudTrail, VPC flow logs, WAF, GuardDuty, audit logs, \
        by its name) that keeps them for less than the minimum (365 days unless `anshin.yml` says `audit: { \
        log_retention_days: N }`).

        Security Hub CloudWatch.16 asks a year of every log group; anshin asks it only of the groups an \
        incident review or an auditor reads, so debug logs stay cheap. A group that never expires passes \
        here (`LogGroupRetention` reports the cost of that).
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:CloudWatch.16",
                     "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention"],
        remediation: """
        Keep audit and security logs at least as long as an investigation or an audit may look \
        back (a year is the usual minimum). Log groups bill per GB stored, so a year of CloudTrail \
        or flow logs is usually cheap; archive older events to S3 when it is not. Set the minimum \
        with `audit: { log_retention_days: N }` in anshin.yml. In Terraform:

        \(Remediation.hcl("""
        resource "aws_cloudwatch_log_group" "cloudtrail" {
          name              = "/aws/cloudtrail/management"
          retention_in_days = 365
        }
        """))
        """
    )

    public init() {}

    /// Parts of a log group's name that say it holds audit or security logs.
    static let markers = ["cloudtrail", "audit", "security", "flowlog", "flow-log", "flow_log", "guardduty", "aws-waf-logs",
                          "waf-log", "vpc-flow"]

    /// Whether `name` says the group holds audit or security logs.
    static func holdsAuditLogs(_ name: String) -> Bool {
        let lower = name.lowercased()
        return markers.contains { lower.contains($0) }
    }

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        let minimum = inventory.auditLogRetentionDays
        return inventory.logGroups.compactMap { group in
            guard case .known(let days?) = group.retentionDays, days < minimum,
                  let name = group.reference.name ?? (inventory.source == .aws ? group.reference.identifier : nil),
                  Self.holdsAuditLogs(name) else { return nil }
            let text = "keeps audit or security logs for \(days) \(days == 1 ? "day" : "days"), less than the \(minimum) days asked"
            return metadata.finding(group.reference, inventory.say(group.reference, noun: "Log group", terraform: text, aws: text),
                                    at: group.settingLocations["retention_in_days"])
        }
    }
}
