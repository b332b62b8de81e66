import AnshinCore

/// A bucket whose policy does not deny requests made without TLS (Security Hub S3.5, CIS 2.1.1).
public struct S3BucketSecureTransport: Check {
    public let metadata = CheckMetadata(
        id: "s3-bucket-secure-transport",
        title: "S3 bucket policy does not require TLS",
        rationale: """
        A bucket whose policy does not deny requests made without TLS (Security Hub S3.5, CIS 2.1.1).
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:S3.5", "CIS:2.1.1",
                     "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html"],
        remediation: """
        Add a statement to the bucket policy that denies every request made over plain HTTP \
        (`aws:SecureTransport` false), so data never crosses the network unencrypted. In Terraform:

        \(Remediation.hcl("""
        data "aws_iam_policy_document" "logs" {
          statement {
            sid     = "DenyInsecureTransport"
            effect  = "Deny"
            actions = ["s3:*"]
            resources = [
              aws_s3_bucket.logs.arn,
              "${aws_s3_bucket.logs.arn}/*",
            ]
            principals {
              type        = "*"
              identifiers = ["*"]
            }
            condition {
              test     = "Bool"
              variable = "aws:SecureTransport"
              values   = ["false"]
            }
          }
        }

        resource "aws_s3_bucket_policy" "logs" {
          bucket = aws_s3_bucket.logs.id
          policy = data.aws_iam_policy_document.logs.json
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.s3Buckets.compactMap { bucket in
            guard case .known(let policy) = bucket.policy else { return nil }
            let message: String
            if let policy {
                guard !policy.deniesInsecureTransport else { return nil }
                message = inventory.say(bucket.reference, noun: "Bucket",
                                        terraform: "has a bucket policy without a Deny on aws:SecureTransport false",
                                        aws: "has a bucket policy without a Deny on aws:SecureTransport false")
            } else {
                message = inventory.say(bucket.reference, noun: "Bucket",
                                        terraform: "has no bucket policy denying requests without TLS",
                                        aws: "has no bucket policy denying requests without TLS")
            }
            return metadata.finding(bucket.reference, message, at: bucket.settingLocations["policy"])
        }
    }
}
