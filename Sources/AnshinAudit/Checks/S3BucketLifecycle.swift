import AnshinCore

/// A bucket without any enabled lifecycle rule (Security Hub S3.13).
public struct S3BucketLifecycle: Check {
    public let metadata = CheckMetadata(
        id: "s3-bucket-lifecycle",
        title: "S3 bucket has no lifecycle configuration",
        rationale: """
        A bucket without any enabled lifecycle rule (Security Hub S3.13).

        Without a rule, objects (and, with versioning, their old versions and abandoned multipart uploads) \
        stay and are billed forever. Build-artifact buckets are left to `S3ArtifactBucketLifecycle`, which \
        rates them higher.
        """,
        severity: .low,
        pillars: [.opex, .cost],
        references: ["SecurityHub:S3.13",
                     "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html"],
        remediation: """
        Decide how long the bucket's data is worth keeping and write it down as a lifecycle rule: \
        expire or transition current objects, expire noncurrent versions, abort incomplete multipart \
        uploads. In Terraform (AWS provider v4+):

        \(Remediation.hcl("""
        resource "aws_s3_bucket_lifecycle_configuration" "logs" {
          bucket = aws_s3_bucket.logs.id
          rule {
            id     = "retention"
            status = "Enabled"
            filter {}
            transition {
              days          = 30
              storage_class = "STANDARD_IA"
            }
            expiration {
              days = 365
            }
            noncurrent_version_expiration {
              noncurrent_days = 30
            }
            abort_incomplete_multipart_upload {
              days_after_initiation = 7
            }
          }
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.s3Buckets.compactMap { bucket in
            guard !bucket.holdsBuildArtifacts, case .known(let rules) = bucket.lifecycleRules else { return nil }
            // A rule whose status is unknown may be the one that applies: stay silent.
            guard rules.allSatisfy({ !$0.enabled.isUnknown }), !rules.contains(where: { $0.enabled.isTrue }) else { return nil }
            let message = rules.isEmpty
                ? inventory.say(bucket.reference, noun: "Bucket", terraform: "has no lifecycle configuration",
                                aws: "has no lifecycle configuration")
                : inventory.say(bucket.reference, noun: "Bucket", terraform: "has only disabled lifecycle rules",
                                aws: "has only disabled lifecycle rules")
            return metadata.finding(bucket.reference, message, at: bucket.settingLocations["lifecycle"])
        }
    }
}
