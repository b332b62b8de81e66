import AnshinCore
import Testing
@testable import AnshinAudit

@Suite struct S3CheckTests {
    let ref = Fixture.logsRef

    func terraform(_ change: (inout S3Bucket) -> Void) -> Inventory {
        var bucket = Fixture.goodBucket()
        change(&bucket)
        return .terraform { $0.s3Buckets = [bucket] }
    }

    func live(_ change: (inout S3Bucket) -> Void) -> Inventory {
        var bucket = Fixture.goodBucket(Fixture.liveLogsRef)
        change(&bucket)
        return .aws { $0.s3Buckets = [bucket] }
    }

    @Test func goodBucketPassesEveryS3Check() {
        let inventory = Inventory.terraform {
            $0.s3Buckets = [Fixture.goodBucket()]
            $0.accountPublicAccessBlock = .known(.all)
        }
        for check in CheckCatalog.all where check.metadata.id.hasPrefix("s3-") {
            #expect(check.evaluate(inventory).isEmpty, "\(check.metadata.id)")
        }
    }

    // MARK: s3-account-public-access-block

    @Test func accountBlockMissingLive() throws {
        let finding = try onlyFinding(S3AccountPublicAccessBlock(), .aws { $0.accountPublicAccessBlock = .known(nil) })
        expectFinding(finding, "s3-account-public-access-block", .medium, "111111111111",
                      "Account 111111111111 has no account-level S3 Block Public Access configured", at: nil)
    }

    @Test func accountBlockMissingTerraformIsLow() throws {
        let finding = try onlyFinding(S3AccountPublicAccessBlock(), .terraform { $0.accountPublicAccessBlock = .known(nil) })
        expectFinding(finding, "s3-account-public-access-block", .low, ".",
                      "No aws_s3_account_public_access_block is declared in the prd environment; if Block Public Access is set for the account outside this configuration, ignore this",
                      at: Fixture.line(1, "versions.tf"))
    }

    @Test func accountBlockSwitchOff() throws {
        var block = PublicAccessBlock.all
        block.restrictPublicBuckets = .known(false)
        let inventory = Inventory.terraform {
            $0.accountPublicAccessBlock = .known(block)
            $0.accountSettingLocations["aws_s3_account_public_access_block"] = Fixture.line(4, "account.tf")
        }
        let finding = try onlyFinding(S3AccountPublicAccessBlock(), inventory)
        expectFinding(finding, "s3-account-public-access-block", .medium, ".",
                      "aws_s3_account_public_access_block in the prd environment leaves restrict_public_buckets off",
                      at: Fixture.line(4, "account.tf"))
    }

    @Test func accountBlockPassesOrUnknown() {
        #expect(S3AccountPublicAccessBlock().evaluate(.aws { $0.accountPublicAccessBlock = .known(.all) }).isEmpty)
        #expect(S3AccountPublicAccessBlock().evaluate(.aws { $0.accountPublicAccessBlock = .unknown }).isEmpty)
        let partlyUnknown = PublicAccessBlock(blockPublicACLs: .unknown, ignorePublicACLs: .known(true),
                                              blockPublicPolicy: .known(true), restrictPublicBuckets: .known(true))
        #expect(S3AccountPublicAccessBlock().evaluate(.aws { $0.accountPublicAccessBlock = .known(partlyUnknown) }).isEmpty)
    }

    // MARK: s3-bucket-public-access-block

    @Test func bucketBlockMissing() throws {
        let finding = try onlyFinding(S3BucketPublicAccessBlock(), terraform { $0.publicAccessBlock = .known(nil) })
        expectFinding(finding, "s3-bucket-public-access-block", .high, "aws_s3_bucket.logs",
                      "aws_s3_bucket.logs (acme-prd-logs) has no aws_s3_bucket_public_access_block in the prd environment",
                      at: Fixture.line(10))
    }

    @Test func bucketBlockSwitchOffLiveWithAccountBlockIsLow() throws {
        var block = PublicAccessBlock.all
        block.blockPublicPolicy = .known(false)
        var inventory = live { $0.publicAccessBlock = .known(block) }
        inventory.accountPublicAccessBlock = .known(.all)
        let finding = try onlyFinding(S3BucketPublicAccessBlock(), inventory)
        expectFinding(finding, "s3-bucket-public-access-block", .low, "acme-prd-logs",
                      "Bucket acme-prd-logs in account 111111111111 (ap-northeast-1) has Block Public Access with block_public_policy off; the account-level block covers it today",
                      at: nil)
    }

    @Test func bucketBlockPointsAtSetting() throws {
        let finding = try onlyFinding(S3BucketPublicAccessBlock(), terraform {
            $0.publicAccessBlock = .known(PublicAccessBlock(blockPublicACLs: .known(false), ignorePublicACLs: .known(false),
                                                            blockPublicPolicy: .known(true), restrictPublicBuckets: .known(true)))
            $0.settingLocations["public_access_block"] = Fixture.line(30)
        })
        #expect(finding.message == "aws_s3_bucket.logs (acme-prd-logs) has Block Public Access with block_public_acls and ignore_public_acls off in the prd environment")
        #expect(finding.location == Fixture.line(30))
    }

    @Test func bucketBlockUnknown() {
        #expect(S3BucketPublicAccessBlock().evaluate(terraform { $0.publicAccessBlock = .unknown }).isEmpty)
    }

    // MARK: s3-bucket-kms-encryption

    @Test func noEncryptionConfiguredIsLowAndExplainsDefault() throws {
        let finding = try onlyFinding(S3BucketKMSEncryption(), terraform { $0.encryption = .known(nil) })
        expectFinding(finding, "s3-bucket-kms-encryption", .low, "aws_s3_bucket.logs",
                      "aws_s3_bucket.logs (acme-prd-logs) has no default encryption configured in the prd environment (S3 applies SSE-S3 since January 2023, so objects are encrypted, but not with a KMS key)",
                      at: Fixture.line(10))
    }

    @Test func sseS3IsInfoButMediumForState() throws {
        let sseS3 = BucketEncryption(algorithm: .known("AES256"))
        let info = try onlyFinding(S3BucketKMSEncryption(), live { $0.encryption = .known(sseS3) })
        expectFinding(info, "s3-bucket-kms-encryption", .info, "acme-prd-logs",
                      "Bucket acme-prd-logs in account 111111111111 (ap-northeast-1) uses SSE-S3 (AES256) rather than a KMS key",
                      at: nil)
        let state = try onlyFinding(S3BucketKMSEncryption(), terraform {
            $0.encryption = .known(sseS3)
            $0.holdsTerraformState = true
            $0.settingLocations["encryption"] = Fixture.line(40)
        })
        expectFinding(state, "s3-bucket-kms-encryption", .medium, "aws_s3_bucket.logs",
                      "aws_s3_bucket.logs (acme-prd-logs) uses SSE-S3 (AES256) rather than a KMS key in the prd environment; it holds Terraform state, which keeps secrets in plain text",
                      at: Fixture.line(40))
    }

    @Test func encryptionUnknown() {
        #expect(S3BucketKMSEncryption().evaluate(terraform { $0.encryption = .unknown }).isEmpty)
        #expect(S3BucketKMSEncryption().evaluate(terraform { $0.encryption = .known(BucketEncryption(algorithm: .unknown)) }).isEmpty)
        #expect(S3BucketKMSEncryption().evaluate(terraform {
            $0.encryption = .known(BucketEncryption(algorithm: .known("aws:kms:dsse")))
        }).isEmpty)
    }

    // MARK: s3-bucket-versioning

    @Test func versioningTerraform() throws {
        let finding = try onlyFinding(S3BucketVersioning(), terraform { $0.versioning = .known(.disabled) })
        expectFinding(finding, "s3-bucket-versioning", .medium, "aws_s3_bucket.logs",
                      "aws_s3_bucket.logs (acme-prd-logs) has no versioning in the prd environment", at: Fixture.line(10))
    }

    @Test func versioningLive() throws {
        let finding = try onlyFinding(S3BucketVersioning(), live { $0.versioning = .known(.disabled) })
        expectFinding(finding, "s3-bucket-versioning", .medium, "acme-prd-logs",
                      "Bucket acme-prd-logs in account 111111111111 (ap-northeast-1) has versioning disabled", at: nil)
    }

    @Test func versioningSuspendedStateBucketIsHighAtSetting() throws {
        let finding = try onlyFinding(S3BucketVersioning(), terraform {
            $0.versioning = .known(.suspended)
            $0.holdsTerraformState = true
            $0.settingLocations["versioning"] = Fixture.line(22)
        })
        expectFinding(finding, "s3-bucket-versioning", .high, "aws_s3_bucket.logs",
                      "aws_s3_bucket.logs (acme-prd-logs) has versioning suspended in the prd environment; it holds Terraform state, which cannot be rolled back without it",
                      at: Fixture.line(22))
    }

    @Test func versioningUnknown() {
        #expect(S3BucketVersioning().evaluate(terraform { $0.versioning = .unknown }).isEmpty)
    }

    // MARK: s3-bucket-lifecycle

    @Test func lifecycleMissing() throws {
        let finding = try onlyFinding(S3BucketLifecycle(), terraform { $0.lifecycleRules = .known([]) })
        expectFinding(finding, "s3-bucket-lifecycle", .low, "aws_s3_bucket.logs",
                      "aws_s3_bucket.logs (acme-prd-logs) has no lifecycle configuration in the prd environment",
                      at: Fixture.line(10))
        #expect(finding.pillars == [.opex, .cost])
    }

    @Test func lifecycleOnlyDisabledRules() throws {
        let disabled = LifecycleRule(enabled: .known(false), expiresOrTransitions: true, expiresNoncurrentVersions: false,
                                     abortsIncompleteUploads: false)
        let finding = try onlyFinding(S3BucketLifecycle(), live { $0.lifecycleRules = .known([disabled]) })
        #expect(finding.message == "Bucket acme-prd-logs in account 111111111111 (ap-northeast-1) has only disabled lifecycle rules")
    }

    @Test func lifecycleUnknownOrArtifacts() {
        let maybe = LifecycleRule(enabled: .unknown, expiresOrTransitions: true, expiresNoncurrentVersions: false,
                                  abortsIncompleteUploads: false)
        #expect(S3BucketLifecycle().evaluate(terraform { $0.lifecycleRules = .unknown }).isEmpty)
        #expect(S3BucketLifecycle().evaluate(terraform { $0.lifecycleRules = .known([maybe]) }).isEmpty)
        #expect(S3BucketLifecycle().evaluate(terraform {
            $0.lifecycleRules = .known([])
            $0.holdsBuildArtifacts = true
        }).isEmpty)
    }

    // MARK: s3-artifact-bucket-lifecycle

    @Test func artifactBucketGrowsForever() throws {
        let artifacts = Fixture.tf("aws_s3_bucket", "artifacts", named: "acme-prd-codepipeline", path: "pipeline.tf", line: 5)
        var bucket = Fixture.goodBucket(artifacts)
        bucket.holdsBuildArtifacts = true
        bucket.lifecycleRules = .known([])
        let finding = try onlyFinding(S3ArtifactBucketLifecycle(), .terraform { $0.s3Buckets = [bucket] })
        expectFinding(finding, "s3-artifact-bucket-lifecycle", .medium, "aws_s3_bucket.artifacts",
                      "aws_s3_bucket.artifacts (acme-prd-codepipeline) holds build artifacts that no lifecycle rule expires in the prd environment, so it grows forever",
                      at: Fixture.line(5, "pipeline.tf"))
        #expect(finding.pillars == [.cost, .sustainability])
    }

    @Test func artifactBucketKeepsNoncurrentVersions() throws {
        let rule = LifecycleRule(enabled: .known(true), expiresOrTransitions: true, expiresNoncurrentVersions: false,
                                 abortsIncompleteUploads: true)
        let finding = try onlyFinding(S3ArtifactBucketLifecycle(), live {
            $0.holdsBuildArtifacts = true
            $0.lifecycleRules = .known([rule])
        })
        #expect(finding.message == "Bucket acme-prd-logs in account 111111111111 (ap-northeast-1) holds build artifacts and is versioned, but no lifecycle rule expires noncurrent versions, so it grows forever")
    }

    @Test func artifactBucketPassesOrUnknown() {
        #expect(S3ArtifactBucketLifecycle().evaluate(terraform { $0.holdsBuildArtifacts = true }).isEmpty)
        #expect(S3ArtifactBucketLifecycle().evaluate(terraform {
            $0.holdsBuildArtifacts = true
            $0.lifecycleRules = .unknown
        }).isEmpty)
    }

    // MARK: s3-bucket-access-logging

    @Test func accessLogging() throws {
        let finding = try onlyFinding(S3BucketAccessLogging(), terraform {
            $0.logging = .known(false)
            $0.settingLocations["logging"] = Fixture.line(50)
        })
        expectFinding(finding, "s3-bucket-access-logging", .low, "aws_s3_bucket.logs",
                      "aws_s3_bucket.logs (acme-prd-logs) has no server access logging in the prd environment",
                      at: Fixture.line(50))
        #expect(finding.pillars == [.security, .opex])
    }

    @Test func accessLoggingSkipsLogTargetsAndUnknown() {
        #expect(S3BucketAccessLogging().evaluate(terraform {
            $0.logging = .known(false)
            $0.isLogTarget = true
        }).isEmpty)
        #expect(S3BucketAccessLogging().evaluate(terraform { $0.logging = .unknown }).isEmpty)
    }

    // MARK: s3-bucket-secure-transport

    @Test func secureTransportNoPolicy() throws {
        let finding = try onlyFinding(S3BucketSecureTransport(), terraform { $0.policy = .known(nil) })
        expectFinding(finding, "s3-bucket-secure-transport", .medium, "aws_s3_bucket.logs",
                      "aws_s3_bucket.logs (acme-prd-logs) has no bucket policy denying requests without TLS in the prd environment",
                      at: Fixture.line(10))
    }

    @Test func secureTransportPolicyWithoutDeny() throws {
        let allowOnly = PolicyDocument(statements: [.init(effect: "Allow", actions: ["s3:GetObject"], resources: ["*"])])
        let finding = try onlyFinding(S3BucketSecureTransport(), live {
            $0.policy = .known(allowOnly)
            $0.settingLocations["policy"] = Fixture.line(60)
        })
        expectFinding(finding, "s3-bucket-secure-transport", .medium, "acme-prd-logs",
                      "Bucket acme-prd-logs in account 111111111111 (ap-northeast-1) has a bucket policy without a Deny on aws:SecureTransport false",
                      at: Fixture.line(60))
    }

    @Test func secureTransportUnknown() {
        #expect(S3BucketSecureTransport().evaluate(terraform { $0.policy = .unknown }).isEmpty)
    }
}
