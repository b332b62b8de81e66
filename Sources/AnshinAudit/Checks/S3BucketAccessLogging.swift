import AnshinCore

/// A bucket without server access logging (Security Hub S3.9).
public struct S3BucketAccessLogging: Check {
    public let metadata = CheckMetadata(
        id: "s3-bucket-access-logging",
        title: "S3 bucket has no server access logging",
        rationale: """
        A bucket without server access logging (Security Hub S3.9).

        Buckets that are themselves log targets are skipped: logging a log bucket into itself loops. Low \
        rather than Security Hub's medium: for many buckets CloudTrail data events answer the same \
        questions, and a startup should turn logging on where the data matters first.
        """,
        severity: .low,
        pillars: [.security, .opex],
        references: ["SecurityHub:S3.9", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html"],
        remediation: """
        Send server access logs to a dedicated log bucket, so that who read or changed which object \
        can be answered after an incident (or record CloudTrail data events for the bucket). In \
        Terraform (AWS provider v4+):

        \(Remediation.hcl("""
        resource "aws_s3_bucket_logging" "data" {
          bucket        = aws_s3_bucket.data.id
          target_bucket = aws_s3_bucket.access_logs.id
          target_prefix = "s3/data/"
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.s3Buckets.compactMap { bucket in
            guard !bucket.isLogTarget, bucket.logging.isFalse else { return nil }
            return metadata.finding(bucket.reference,
                                    inventory.say(bucket.reference, noun: "Bucket", terraform: "has no server access logging",
                                                  aws: "has server access logging disabled"),
                                    at: bucket.settingLocations["logging"])
        }
    }
}
