import AnshinCore

/// A CI/CD artifact bucket that nothing ever empties (Security Hub S3.13).
public struct S3ArtifactBucketLifecycle: Check {
    public let metadata = CheckMetadata(
        id: "s3-artifact-bucket-lifecycle",
        title: "Build artifact bucket never expires old artifacts",
        rationale: """
        A CI/CD artifact bucket that nothing ever empties (Security Hub S3.13).

        CodeBuild and CodePipeline write a new artifact on every run and never delete one: the bucket grows \
        forever, which is how the seed's artifact bucket showed up in Storage Lens.
        """,
        severity: .medium,
        pillars: [.cost, .sustainability],
        references: ["SecurityHub:S3.13",
                     "https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html",
                     "https://docs.aws.amazon.com/codepipeline/latest/userguide/welcome-introducing-artifacts.html"],
        remediation: """
        Expire artifacts once no deployment or rollback needs them (a few weeks is typical), and \
        expire noncurrent versions when the bucket is versioned, so the bucket stops growing with \
        every build. In Terraform (AWS provider v4+):

        \(Remediation.hcl("""
        resource "aws_s3_bucket_lifecycle_configuration" "artifacts" {
          bucket = aws_s3_bucket.artifacts.id
          rule {
            id     = "expire-old-artifacts"
            status = "Enabled"
            filter {}
            expiration {
              days = 30
            }
            noncurrent_version_expiration {
              noncurrent_days = 7
            }
            abort_incomplete_multipart_upload {
              days_after_initiation = 1
            }
          }
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.s3Buckets.compactMap { bucket in
            guard bucket.holdsBuildArtifacts, case .known(let rules) = bucket.lifecycleRules else { return nil }
            guard rules.allSatisfy({ !$0.enabled.isUnknown }) else { return nil }
            let active = rules.filter { $0.enabled.isTrue }
            let message: String
            if !active.contains(where: \.expiresOrTransitions) {
                let text = "holds build artifacts that no lifecycle rule expires"
                message = inventory.say(bucket.reference, noun: "Bucket", terraform: text, aws: text) + ", so it grows forever"
            } else if bucket.versioning.value == .enabled, !active.contains(where: \.expiresNoncurrentVersions) {
                let text = "holds build artifacts and is versioned, but no lifecycle rule expires noncurrent versions"
                message = inventory.say(bucket.reference, noun: "Bucket", terraform: text, aws: text) + ", so it grows forever"
            } else {
                return nil
            }
            return metadata.finding(bucket.reference, message, at: bucket.settingLocations["lifecycle"])
        }
    }
}
