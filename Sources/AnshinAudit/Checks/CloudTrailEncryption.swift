import AnshinCore

/// A trail whose log files are not encrypted with a KMS key (Security Hub CloudTrail.2, CIS 3.5).
public struct CloudTrailEncryption: Check {
    public let metadata = CheckMetadata(
        id: "cloudtrail-kms-encryption",
        title: "CloudTrail trail is not encrypted with a KMS key",
        rationale: """
        A trail whose log files are not encrypted with a KMS key (Security Hub CloudTrail.2, CIS 3.5).
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:CloudTrail.2", "CIS:3.5",
                     "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html"],
        remediation: """
        Encrypt log files with a customer managed KMS key (SSE-KMS), so reading the audit trail needs \
        both S3 and KMS permissions and every decryption is itself logged. The key policy must let \
        cloudtrail.amazonaws.com use the key. In Terraform:

        \(Remediation.hcl("""
        resource "aws_cloudtrail" "main" {
          # ...
          kms_key_id = aws_kms_key.cloudtrail.arn
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.trails.compactMap { trail in
            guard case .known(nil) = trail.kmsKeyID else { return nil }
            return metadata.finding(trail.reference,
                                    inventory.say(trail.reference, noun: "Trail", terraform: "has no kms_key_id",
                                                  aws: "is not encrypted with a KMS key"),
                                    at: trail.settingLocations["kms_key_id"])
        }
    }
}
