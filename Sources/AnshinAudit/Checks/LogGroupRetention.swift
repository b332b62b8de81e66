import AnshinCore

/// A CloudWatch Logs log group that keeps its events forever.
public struct LogGroupRetention: Check {
    public let metadata = CheckMetadata(
        id: "cloudwatch-log-group-retention",
        title: "CloudWatch log group keeps logs forever",
        rationale: """
        A CloudWatch Logs log group that keeps its events forever.

        Decision: this check flags only "never expire", as a cost finding. Security Hub CloudWatch.16 looks \
        the other way (it passes never-expire and fails retention under 365 days); anshin flags short \
        retention only for audit and security logs (`AuditLogGroupRetention`), because debug and application \
        logs rarely need a year, so that finding would mostly be noise. The remediation's 365 days satisfies \
        both.
        """,
        severity: .low,
        pillars: [.cost, .opex],
        references: ["SecurityHub:CloudWatch.16",
                     "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention"],
        remediation: """
        Set a retention period: without one, every event is stored and billed forever. Choose by \
        purpose: days to weeks for debug output, 365 days where an audit may ask (this also meets \
        Security Hub CloudWatch.16). Declare the log group in Terraform before the service creates it \
        (Lambda creates /aws/lambda/<name> on first run, without retention):

        \(Remediation.hcl("""
        resource "aws_cloudwatch_log_group" "worker" {
          name              = "/aws/lambda/${aws_lambda_function.worker.function_name}"
          retention_in_days = 30
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.logGroups.compactMap { group in
            guard case .known(nil) = group.retentionDays else { return nil }
            let message = inventory.say(group.reference, noun: "Log group", terraform: "has no retention_in_days",
                                        aws: "is set to never expire") + ", so its events are kept (and billed) forever"
            return metadata.finding(group.reference, message, at: group.settingLocations["retention_in_days"])
        }
    }
}
