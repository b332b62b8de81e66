import AnshinAWS
import AnshinCore

/// S3 buckets with their settings, and the account's Block Public Access from S3 Control.
///
/// `ListBuckets` is global; each bucket's settings are read in the bucket's own Region
/// (`GetBucketLocation`). The error codes S3 answers for a setting that is not configured
/// (NoSuchPublicAccessBlockConfiguration, ServerSideEncryptionConfigurationNotFoundError,
/// NoSuchLifecycleConfiguration, NoSuchBucketPolicy) mean "not set", not a failure.
extension LiveReader {
    func s3Buckets() async throws(AWSError) -> [S3Bucket] {
        let listed = try await client.restXML(service: .s3, operation: "ListBuckets")
        let names = listed.all("Buckets/Bucket").compactMap { $0.value("Name") }
        var buckets = await concurrentMap(names, limit: perResourceConcurrency) { name in await bucket(name) }
        // A bucket that receives other buckets' access logs must not log to itself.
        let targets = Set(buckets.compactMap(\.logTarget))
        for index in buckets.indices where targets.contains(buckets[index].bucket.reference.identifier) {
            buckets[index].bucket.isLogTarget = true
        }
        return buckets.map(\.bucket)
    }

    private func bucket(_ name: String) async -> (bucket: S3Bucket, logTarget: String?) {
        let location = await optional(.s3, region: nil, missing: nil, fallback: nil) { () async throws(AWSError) -> String? in
            try await client.restXML(service: .s3, operation: "GetBucketLocation", query: [("location", "")], bucket: name).text
        }
        let region = Self.bucketRegion(location) ?? client.region
        let s3 = client.inRegion(region)
        var bucket = S3Bucket(reference: reference("AWS::S3::Bucket", name, name: name, arn: "arn:aws:s3:::\(name)", region: region))
        func get(_ operation: String, _ subresource: String) async throws(AWSError) -> XML {
            try await s3.restXML(service: .s3, operation: operation, query: [(subresource, "")], bucket: name)
        }
        bucket.publicAccessBlock = await optional(.s3, region: region, missing: .known(nil), fallback: .unknown) {
            () async throws(AWSError) -> Setting<PublicAccessBlock?> in
            .known(Self.publicAccessBlock(try await get("GetPublicAccessBlock", "publicAccessBlock")))
        }
        bucket.encryption = await optional(.s3, region: region, missing: .known(nil), fallback: .unknown) {
            () async throws(AWSError) -> Setting<BucketEncryption?> in
            let rule = try await get("GetBucketEncryption", "encryption").element("Rule/ApplyServerSideEncryptionByDefault")
            guard let rule, let algorithm = rule.value("SSEAlgorithm") else { return .known(nil) }
            return .known(BucketEncryption(algorithm: .known(algorithm), kmsKeyID: .known(rule.value("KMSMasterKeyID"))))
        }
        bucket.versioning = await optional(.s3, region: region, missing: .known(.disabled), fallback: .unknown) {
            () async throws(AWSError) -> Setting<VersioningStatus> in
            .known(try await get("GetBucketVersioning", "versioning").value("Status").flatMap { VersioningStatus(rawValue: $0) } ?? .disabled)
        }
        bucket.lifecycleRules = await optional(.s3, region: region, missing: .known([]), fallback: .unknown) {
            () async throws(AWSError) -> Setting<[LifecycleRule]> in
            .known(try await get("GetBucketLifecycleConfiguration", "lifecycle").children("Rule").map { rule in
                LifecycleRule(enabled: .known(rule.value("Status") == "Enabled"),
                              expiresOrTransitions: rule.child("Expiration") != nil || rule.child("Transition") != nil,
                              expiresNoncurrentVersions: rule.child("NoncurrentVersionExpiration") != nil,
                              abortsIncompleteUploads: rule.child("AbortIncompleteMultipartUpload") != nil)
            })
        }
        let logging = await optional(.s3, region: region, missing: nil, fallback: nil) { () async throws(AWSError) -> XML? in
            try await get("GetBucketLogging", "logging")
        }
        bucket.logging = logging.map { .known($0.child("LoggingEnabled") != nil) } ?? .unknown
        bucket.policy = await optional(.s3, region: region, missing: .known(nil), fallback: .unknown) {
            () async throws(AWSError) -> Setting<PolicyDocument?> in
            let response = try await s3.rest(service: .s3, operation: "GetBucketPolicy", query: [("policy", "")], bucket: name)
            return PolicyReading.document(json: response.text).map { Optional($0) }
        }
        return (bucket, logging?.value("LoggingEnabled/TargetBucket"))
    }

    /// `GetBucketLocation`'s answer as a Region: empty means us-east-1, `EU` the old name of eu-west-1.
    static func bucketRegion(_ constraint: String?) -> String? {
        guard let constraint else { return nil }
        switch constraint {
        case "": return "us-east-1"
        case "EU": return "eu-west-1"
        default: return constraint
        }
    }

    /// A `PublicAccessBlockConfiguration` element; a switch that is absent is off.
    static func publicAccessBlock(_ element: XML) -> PublicAccessBlock {
        func flag(_ name: String) -> Setting<Bool> { .known(element.bool(name) ?? false) }
        return PublicAccessBlock(blockPublicACLs: flag("BlockPublicAcls"), ignorePublicACLs: flag("IgnorePublicAcls"),
                                 blockPublicPolicy: flag("BlockPublicPolicy"), restrictPublicBuckets: flag("RestrictPublicBuckets"))
    }

    /// The account-level Block Public Access (S3 Control, `{account}.s3-control.{region}…`).
    func accountPublicAccessBlock() async -> Setting<PublicAccessBlock?> {
        await optional(.s3Control, region: nil, missing: .known(nil), fallback: .unknown) { () async throws(AWSError) -> Setting<PublicAccessBlock?> in
            let element = try await client.restXML(service: .s3Control, operation: "GetPublicAccessBlock",
                                                   path: "/v20180820/configuration/publicAccessBlock",
                                                   headers: [("x-amz-account-id", account)], hostPrefix: "\(account).")
            return .known(Self.publicAccessBlock(element))
        }
    }
}
