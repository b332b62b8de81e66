import AnshinCore

/// A trail without log file integrity validation (Security Hub CloudTrail.4, CIS 3.2).
public struct CloudTrailLogFileValidation: Check {
    public let metadata = CheckMetadata(
        id: "cloudtrail-log-file-validation",
        title: "CloudTrail trail does not validate log files",
        rationale: """
        A trail without log file integrity validation (Security Hub CloudTrail.4, CIS 3.2).
        """,
        severity: .low,
        pillars: [.security],
        references: ["SecurityHub:CloudTrail.4", "CIS:3.2",
                     "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html"],
        remediation: """
        Turn on log file validation: CloudTrail then writes signed digest files, so you can prove that \
        no log file was changed or deleted after delivery (`aws cloudtrail validate-logs`). In Terraform:

        \(Remediation.hcl("""
        resource "aws_cloudtrail" "main" {
          # ...
          enable_log_file_validation = true
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.trails.compactMap { trail in
            guard trail.logFileValidation.isFalse else { return nil }
            return metadata.finding(trail.reference,
                                    inventory.say(trail.reference, noun: "Trail", terraform: "has no log file validation",
                                                  aws: "has log file validation off"),
                                    at: trail.settingLocations["enable_log_file_validation"])
        }
    }
}
