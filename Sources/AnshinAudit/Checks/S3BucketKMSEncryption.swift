import AnshinCore

/// A bucket whose default encryption is not a KMS key (Security Hub S3.17).
public struct S3BucketKMSEncryption: Check {
    public let metadata = CheckMetadata(
        id: "s3-bucket-kms-encryption",
        title: "S3 bucket is not encrypted with a KMS key",
        rationale: """
        A bucket whose default encryption is not a KMS key (Security Hub S3.17).

        Since 5 January 2023 S3 encrypts every new object with SSE-S3 when a bucket has no default \
        encryption, so such a bucket is encrypted at rest, only not with a key the account controls: no key \
        policy as a second gate on reads, no CloudTrail record of each decryption. Hence low (no \
        configuration) or info (SSE-S3 chosen explicitly), raised to medium for a bucket holding Terraform \
        state, which holds secrets in plain text.
        """,
        severity: .low,
        pillars: [.security],
        references: ["SecurityHub:S3.17",
                     "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html",
                     "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html"],
        remediation: """
        S3 already encrypts new objects with SSE-S3 (since January 2023). Use SSE-KMS where reads must be \
        limited by a key policy and logged in CloudTrail, above all for Terraform state and other \
        buckets holding secrets; a bucket key keeps the KMS request cost low. In Terraform (AWS provider v4+):

        \(Remediation.hcl("""
        resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
          bucket = aws_s3_bucket.state.id
          rule {
            apply_server_side_encryption_by_default {
              sse_algorithm     = "aws:kms"
              kms_master_key_id = aws_kms_key.state.arn
            }
            bucket_key_enabled = true
          }
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.s3Buckets.compactMap { bucket in
            guard case .known(let encryption) = bucket.encryption else { return nil }
            let state = bucket.holdsTerraformState ? "; it holds Terraform state, which keeps secrets in plain text" : ""
            let message: String
            var severity: Severity
            if let encryption {
                guard case .known(let algorithm) = encryption.algorithm else { return nil }
                guard !algorithm.hasPrefix("aws:kms") else { return nil }
                message = inventory.say(bucket.reference, noun: "Bucket",
                                        terraform: "uses SSE-S3 (\(algorithm)) rather than a KMS key",
                                        aws: "uses SSE-S3 (\(algorithm)) rather than a KMS key") + state
                severity = .info
            } else {
                message = inventory.say(bucket.reference, noun: "Bucket",
                                        terraform: "has no default encryption configured",
                                        aws: "has no default encryption configured")
                    + " (S3 applies SSE-S3 since January 2023, so objects are encrypted, but not with a KMS key)" + state
                severity = .low
            }
            if bucket.holdsTerraformState { severity = .medium }
            return metadata.finding(bucket.reference, message, at: bucket.settingLocations["encryption"], severity: severity)
        }
    }
}
