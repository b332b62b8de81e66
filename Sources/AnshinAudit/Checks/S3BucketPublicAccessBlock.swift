import AnshinCore

/// A bucket without all four Block Public Access switches on (Security Hub S3.8).
public struct S3BucketPublicAccessBlock: Check {
    public let metadata = CheckMetadata(
        id: "s3-bucket-public-access-block",
        title: "S3 bucket does not block public access",
        rationale: """
        A bucket without all four Block Public Access switches on (Security Hub S3.8).

        When the account-level block is known to be fully on, the bucket is protected anyway and the finding \
        drops to low: the bucket-level block still guards against the account block being lifted later.
        """,
        severity: .high,
        pillars: [.security],
        references: ["SecurityHub:S3.8", "CIS:2.1.4",
                     "https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-bucket.html"],
        remediation: """
        Block public access on the bucket with all four switches on; serve public content through \
        CloudFront with origin access control instead of a public bucket. In Terraform (AWS provider v4+):

        \(Remediation.hcl("""
        resource "aws_s3_bucket_public_access_block" "logs" {
          bucket                  = aws_s3_bucket.logs.id
          block_public_acls       = true
          ignore_public_acls      = true
          block_public_policy     = true
          restrict_public_buckets = true
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        let accountBlocks: Bool = {
            guard case .known(let block?) = inventory.accountPublicAccessBlock else { return false }
            return [block.blockPublicACLs, block.ignorePublicACLs, block.blockPublicPolicy, block.restrictPublicBuckets]
                .allSatisfy(\.isTrue)
        }()
        return inventory.s3Buckets.compactMap { bucket in
            guard case .known(let block) = bucket.publicAccessBlock else { return nil }
            var message: String
            if let block {
                let off = block.off
                guard !off.isEmpty else { return nil }
                message = inventory.say(bucket.reference, noun: "Bucket",
                                        terraform: "has Block Public Access with \(off.spokenList) off",
                                        aws: "has Block Public Access with \(off.spokenList) off")
            } else {
                message = inventory.say(bucket.reference, noun: "Bucket",
                                        terraform: "has no aws_s3_bucket_public_access_block",
                                        aws: "has no bucket-level Block Public Access")
            }
            if accountBlocks { message += "; the account-level block covers it today" }
            return metadata.finding(bucket.reference, message, at: bucket.settingLocations["public_access_block"],
                                    severity: accountBlocks ? .low : nil)
        }
    }
}
