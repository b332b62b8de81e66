import AnshinCore

/// A bucket without versioning (Security Hub S3.14).
public struct S3BucketVersioning: Check {
    public let metadata = CheckMetadata(
        id: "s3-bucket-versioning",
        title: "S3 bucket has no versioning",
        rationale: """
        A bucket without versioning (Security Hub S3.14).

        Versioning is what lets an overwritten or deleted object be recovered; for a Terraform state bucket \
        it is the only way back from a corrupted state, so those are high.
        """,
        severity: .medium,
        pillars: [.reliability],
        references: ["SecurityHub:S3.14", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html"],
        remediation: """
        Enable versioning so overwritten and deleted objects can be restored, and pair it with a \
        lifecycle rule that expires noncurrent versions so old versions do not grow forever. In \
        Terraform (AWS provider v4+ splits it out of aws_s3_bucket):

        \(Remediation.hcl("""
        resource "aws_s3_bucket_versioning" "logs" {
          bucket = aws_s3_bucket.logs.id
          versioning_configuration {
            status = "Enabled"
          }
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.s3Buckets.compactMap { bucket in
            guard case .known(let status) = bucket.versioning, status != .enabled else { return nil }
            var message = status == .suspended
                ? inventory.say(bucket.reference, noun: "Bucket", terraform: "has versioning suspended", aws: "has versioning suspended")
                : inventory.say(bucket.reference, noun: "Bucket", terraform: "has no versioning", aws: "has versioning disabled")
            if bucket.holdsTerraformState { message += "; it holds Terraform state, which cannot be rolled back without it" }
            return metadata.finding(bucket.reference, message, at: bucket.settingLocations["versioning"],
                                    severity: bucket.holdsTerraformState ? .high : nil)
        }
    }
}
