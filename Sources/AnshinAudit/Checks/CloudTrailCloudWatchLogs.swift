import AnshinCore

/// A trail that does not deliver to CloudWatch Logs (Security Hub CloudTrail.5).
public struct CloudTrailCloudWatchLogs: Check {
    public let metadata = CheckMetadata(
        id: "cloudtrail-cloudwatch-logs",
        title: "CloudTrail trail does not deliver to CloudWatch Logs",
        rationale: """
        A trail that does not deliver to CloudWatch Logs (Security Hub CloudTrail.5).

        Delivery to CloudWatch Logs is what lets metric filters and alarms react to events (root sign-in, \
        IAM policy changes) within minutes instead of someone reading S3 later.
        """,
        severity: .low,
        pillars: [.security, .opex],
        references: ["SecurityHub:CloudTrail.5",
                     "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html"],
        remediation: """
        Deliver the trail to a CloudWatch Logs log group (with a retention period) and add metric \
        filters and alarms for the events that matter: root sign-in, console sign-in without MFA, \
        IAM and security group changes. In Terraform:

        \(Remediation.hcl("""
        resource "aws_cloudwatch_log_group" "cloudtrail" {
          name              = "cloudtrail"
          retention_in_days = 365
        }

        resource "aws_cloudtrail" "main" {
          # ...
          cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.cloudtrail.arn}:*"
          cloud_watch_logs_role_arn  = aws_iam_role.cloudtrail_to_logs.arn
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.trails.compactMap { trail in
            guard trail.cloudWatchLogs.isFalse else { return nil }
            let text = "does not deliver to CloudWatch Logs"
            return metadata.finding(trail.reference, inventory.say(trail.reference, noun: "Trail", terraform: text, aws: text),
                                    at: trail.settingLocations["cloud_watch_logs_group_arn"])
        }
    }
}
