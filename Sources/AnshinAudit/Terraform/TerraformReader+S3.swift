import AnshinCore
import AnshinHCL

/// S3 buckets from `aws_s3_bucket` and its configuration, in both AWS provider styles.
///
/// Provider facts relied on (Terraform AWS provider documentation, `aws_s3_bucket` and the v4+
/// configuration resources):
/// - a bucket without versioning configuration is unversioned; v3 `versioning { enabled = false }`
///   leaves a never-versioned bucket unversioned;
/// - the four `aws_s3_bucket_public_access_block` switches default to `false`;
/// - a bucket without lifecycle configuration keeps objects forever; a v4 rule's `status` is
///   required, a v3 `lifecycle_rule`'s `enabled` is required;
/// - a bucket without `aws_s3_bucket_public_access_block` has none declared in code. AWS turns
///   Block Public Access on for buckets created since April 2023, but Terraform cannot tell when a
///   bucket was created, so code without the block is reported (with the account-level block noted).
extension TerraformReader {
    /// One bucket being built, with what links configuration resources to it.
    struct BucketEntry {
        var instance: ResourceInstance
        var name: String?
        var bucket: S3Bucket
    }

    /// The v4+ configuration resources and the inventory key each one sets.
    static let bucketConfigurations: [(type: String, key: String)] = [
        ("aws_s3_bucket_public_access_block", "public_access_block"),
        ("aws_s3_bucket_server_side_encryption_configuration", "encryption"),
        ("aws_s3_bucket_versioning", "versioning"),
        ("aws_s3_bucket_lifecycle_configuration", "lifecycle"),
        ("aws_s3_bucket_logging", "logging"),
        ("aws_s3_bucket_policy", "policy"),
    ]

    func s3Buckets() -> [S3Bucket] {
        var entries = resources("aws_s3_bucket").map { instance in
            let name = instance.body.string("bucket")
            var bucket = S3Bucket(reference: reference(instance, nameAttribute: "bucket"))
            let block = location(instance)
            for key in ["public_access_block", "encryption", "versioning", "lifecycle", "logging", "policy"] {
                bucket.settingLocations[key] = block
            }
            readInline(instance, into: &bucket)
            return BucketEntry(instance: instance, name: name, bucket: bucket)
        }
        for (type, key) in Self.bucketConfigurations {
            var configured = Set<Int>()
            var unlinked = false
            for config in resources(type) {
                switch bucketLink(config, entries) {
                case .owner(let index):
                    configured.insert(index)
                    apply(config, key: key, to: &entries[index].bucket)
                case .oneOf(let indices):
                    // It configures one of them, but which is unknown.
                    configured.formUnion(indices)
                    for index in indices { entries[index].bucket.setUnknown(key) }
                case .unknown:
                    unlinked = true
                case .elsewhere:
                    continue
                }
            }
            for config in uncertain(type) {
                switch bucketLink(config, entries) {
                case .owner(let index): entries[index].bucket.setUnknown(key)
                case .oneOf(let indices): for index in indices { entries[index].bucket.setUnknown(key) }
                case .unknown: unlinked = true
                case .elsewhere: continue
                }
            }
            if unlinked {
                for index in entries.indices where !configured.contains(index) { entries[index].bucket.setUnknown(key) }
            }
        }
        return entries.map(\.bucket)
    }

    /// Which bucket a configuration resource's `bucket` argument names.
    func bucketLink(_ config: ResourceInstance, _ entries: [BucketEntry], attribute: String = "bucket") -> OwnerLink {
        link(config, attribute: attribute, owners: entries.map(\.instance), names: entries.map(\.name), types: ["aws_s3_bucket"],
             normalise: S3Bucket.name(fromLocation:))
    }

    // MARK: v3 inline arguments

    func readInline(_ instance: ResourceInstance, into bucket: inout S3Bucket) {
        let body = instance.body
        switch body.blockSetting("versioning") {
        case .unknown:
            bucket.versioning = .unknown
        case .known(let blocks):
            if let block = blocks.first {
                bucket.versioning = block.body.bool("enabled", default: false).map { $0 ? .enabled : .disabled }
                bucket.settingLocations["versioning"] = location(block.body.attributes["enabled"]?.range ?? block.range)
            }
        }
        switch body.blockSetting("server_side_encryption_configuration") {
        case .unknown:
            bucket.encryption = .unknown
        case .known(let blocks):
            if let block = blocks.first {
                let defaults = block.body.blocks(ofType: "rule").flatMap { $0.body.blocks(ofType: "apply_server_side_encryption_by_default") }
                bucket.encryption = encryption(defaults.first?.body)
                bucket.settingLocations["encryption"] = location(defaults.first?.body.attributes["sse_algorithm"]?.range ?? block.range)
            }
        }
        switch body.blockSetting("lifecycle_rule") {
        case .unknown:
            bucket.lifecycleRules = .unknown
        case .known(let blocks):
            if !blocks.isEmpty {
                bucket.lifecycleRules = lifecycleRules(blocks, inline: true)
                bucket.settingLocations["lifecycle"] = location(blocks[0].range)
            }
        }
        switch body.blockSetting("logging") {
        case .unknown:
            bucket.logging = .unknown
        case .known(let blocks):
            if let block = blocks.first {
                bucket.logging = block.body.value("target_bucket") == nil ? .known(false) : .known(true)
                bucket.settingLocations["logging"] = location(block.range)
            }
        }
        if let policy = policyDocument(instance.attribute("policy"), from: instance) {
            bucket.policy = policy.map { Optional($0) }
            bucket.settingLocations["policy"] = location(of: "policy", in: instance)
        }
    }

    // MARK: v4+ configuration resources

    func apply(_ config: ResourceInstance, key: String, to bucket: inout S3Bucket) {
        let body = config.body
        switch key {
        case "public_access_block":
            let block = PublicAccessBlock(blockPublicACLs: body.bool("block_public_acls", default: false),
                                          ignorePublicACLs: body.bool("ignore_public_acls", default: false),
                                          blockPublicPolicy: body.bool("block_public_policy", default: false),
                                          restrictPublicBuckets: body.bool("restrict_public_buckets", default: false))
            bucket.publicAccessBlock = .known(block)
            let firstOff = block.off.first.flatMap { config.range(of: $0) }
            bucket.settingLocations[key] = firstOff.map(location) ?? location(config)
        case "encryption":
            switch body.blockSetting("rule") {
            case .unknown:
                bucket.encryption = .unknown
            case .known(let rules):
                let defaults = rules.flatMap { $0.body.blocks(ofType: "apply_server_side_encryption_by_default") }
                bucket.encryption = defaults.isEmpty && rules.contains(where: { $0.body.unknownBlockTypes.isEmpty == false })
                    ? .unknown : encryption(defaults.first?.body)
                bucket.settingLocations[key] = location(defaults.first?.body.attributes["sse_algorithm"]?.range ?? config.range)
            }
        case "versioning":
            switch body.blockSetting("versioning_configuration") {
            case .unknown:
                bucket.versioning = .unknown
            case .known(let blocks):
                guard let block = blocks.first else { bucket.versioning = .unknown; return }
                if let value = block.body.value("status") {
                    bucket.versioning = TerraformValue.string(value).map { .known(VersioningStatus(rawValue: $0) ?? .disabled) } ?? .unknown
                } else {
                    bucket.versioning = .unknown
                }
                bucket.settingLocations[key] = location(block.body.attributes["status"]?.range ?? block.range)
            }
        case "lifecycle":
            switch body.blockSetting("rule") {
            case .unknown: bucket.lifecycleRules = .unknown
            case .known(let rules): bucket.lifecycleRules = lifecycleRules(rules, inline: false)
            }
            bucket.settingLocations[key] = location(config)
        case "logging":
            bucket.logging = body.value("target_bucket") == nil ? .unknown : .known(true)
            bucket.settingLocations[key] = location(config)
        default:
            if let policy = policyDocument(config.attribute("policy"), from: config) {
                bucket.policy = policy.map { Optional($0) }
            } else {
                bucket.policy = .unknown
            }
            bucket.settingLocations[key] = location(of: "policy", in: config)
        }
    }

    /// Default encryption from an `apply_server_side_encryption_by_default` body.
    func encryption(_ body: EvaluatedBody?) -> Setting<BucketEncryption?> {
        guard let body else { return .known(nil) }
        guard let value = body.value("sse_algorithm") else { return .unknown }
        guard let algorithm = TerraformValue.string(value) else { return .unknown }
        return .known(BucketEncryption(algorithm: .known(algorithm), kmsKeyID: body.optionalString("kms_master_key_id")))
    }

    /// Lifecycle rules from v4 `rule` blocks or v3 `lifecycle_rule` blocks.
    func lifecycleRules(_ blocks: [EvaluatedBlock], inline: Bool) -> Setting<[LifecycleRule]> {
        var rules: [LifecycleRule] = []
        for block in blocks {
            let body = block.body
            let nested = ["expiration", "transition", "noncurrent_version_expiration", "abort_incomplete_multipart_upload"]
            if nested.contains(where: body.unknownBlockTypes.contains) { return .unknown }
            let enabled: Setting<Bool>
            if inline {
                enabled = body.bool("enabled", default: false)
            } else if let status = body.value("status") {
                enabled = TerraformValue.string(status).map { .known($0 == "Enabled") } ?? .unknown
            } else {
                enabled = .unknown
            }
            let expires = body.blocks(ofType: "expiration").contains { $0.body.value("days") != nil || $0.body.value("date") != nil }
            rules.append(LifecycleRule(
                enabled: enabled,
                expiresOrTransitions: expires || !body.blocks(ofType: "transition").isEmpty,
                expiresNoncurrentVersions: !body.blocks(ofType: "noncurrent_version_expiration").isEmpty,
                abortsIncompleteUploads: !body.blocks(ofType: "abort_incomplete_multipart_upload").isEmpty
                    || body.value("abort_incomplete_multipart_upload_days") != nil))
        }
        return .known(rules)
    }

    // MARK: What buckets are used for

    /// Marks buckets that hold build artifacts, receive logs or hold Terraform state.
    func markBucketUses(_ buckets: inout [S3Bucket]) {
        var entries = buckets.enumerated().map { index, bucket in
            BucketEntry(instance: resources("aws_s3_bucket")[index], name: bucket.reference.name, bucket: bucket)
        }
        // The buckets an attribute names: those it references; without a reference, the one bucket
        // that has the name it holds (never several: a shared or unknown name says nothing).
        func mark(_ attribute: EvaluatedAttribute?, from instance: ResourceInstance, _ apply: (inout S3Bucket) -> Void) {
            guard let attribute else { return }
            let targets = referenced(by: attribute, from: instance, types: ["aws_s3_bucket"])
            if !targets.isEmpty {
                for target in targets {
                    for index in entries.indices where entries[index].instance.address == target.address { apply(&entries[index].bucket) }
                }
                return
            }
            let texts = attribute.value.present.flatMap(TerraformValue.string).map { [$0] }
                ?? attribute.value.present?.elements?.compactMap(TerraformValue.string) ?? []
            for text in texts {
                let name = S3Bucket.name(fromLocation: text)
                let matching = entries.indices.filter { entries[$0].name == name }
                if matching.count == 1 { apply(&entries[matching[0]].bucket) }
            }
        }
        // A log target also learns who writes into it: the resource itself, or for a separate
        // configuration resource, the resource it configures.
        func logTarget(from source: String?) -> (inout S3Bucket) -> Void {
            { bucket in
                bucket.isLogTarget = true
                if let source, !bucket.logSources.contains(source) { bucket.logSources.append(source) }
            }
        }
        func configured(_ instance: ResourceInstance, _ attribute: String, _ types: Set<String>) -> String? {
            referenced(by: instance.attribute(attribute), from: instance, types: types).first.map(identifier)
        }
        let artifacts: (inout S3Bucket) -> Void = { $0.holdsBuildArtifacts = true }
        for instance in resources("aws_s3_bucket") {
            for block in instance.body.blocks(ofType: "logging") {
                mark(block.body.attributes["target_bucket"], from: instance, logTarget(from: identifier(instance)))
            }
        }
        for instance in resources("aws_s3_bucket_logging") {
            mark(instance.attribute("target_bucket"), from: instance, logTarget(from: configured(instance, "bucket", ["aws_s3_bucket"])))
        }
        for instance in resources("aws_lb", "aws_alb", "aws_elb") {
            for type in ["access_logs", "connection_logs"] {
                for block in instance.body.blocks(ofType: type) {
                    mark(block.body.attributes["bucket"], from: instance, logTarget(from: identifier(instance)))
                }
            }
        }
        for instance in resources("aws_cloudfront_distribution") {
            for block in instance.body.blocks(ofType: "logging_config") {
                mark(block.body.attributes["bucket"], from: instance, logTarget(from: identifier(instance)))
            }
        }
        for instance in resources("aws_flow_log") where instance.body.string("log_destination_type") == "s3" {
            mark(instance.attribute("log_destination"), from: instance, logTarget(from: configured(instance, "vpc_id", ["aws_vpc"])))
        }
        for instance in resources("aws_cloudtrail", "aws_config_delivery_channel") {
            mark(instance.attribute("s3_bucket_name"), from: instance, logTarget(from: identifier(instance)))
        }
        for instance in resources("aws_wafv2_web_acl_logging_configuration") {
            mark(instance.attribute("log_destination_configs"), from: instance,
                 logTarget(from: configured(instance, "resource_arn", ["aws_wafv2_web_acl"])))
        }
        for instance in resources("aws_codebuild_project") {
            for type in ["artifacts", "secondary_artifacts", "cache"] {
                for block in instance.body.blocks(ofType: type) where block.body.string("type") != "NO_ARTIFACTS" {
                    mark(block.body.attributes["location"], from: instance, artifacts)
                }
            }
        }
        for instance in resources("aws_codepipeline") {
            for block in instance.body.blocks(ofType: "artifact_store") { mark(block.body.attributes["location"], from: instance, artifacts) }
        }
        if let state = source.backendConfig["bucket"] ?? module.settings.backendAttributes["bucket"]?.present.flatMap(TerraformValue.string),
           module.settings.backendType == "s3" {
            // A bucket name in another account may repeat here only for a bucket of the same name
            // elsewhere: mark every bucket of that name.
            for index in entries.indices where entries[index].name == state { entries[index].bucket.holdsTerraformState = true }
        }
        buckets = entries.map(\.bucket)
    }
}

extension S3Bucket {
    /// Makes one setting unknown (a configuration resource that may belong to this bucket).
    mutating func setUnknown(_ key: String) {
        switch key {
        case "public_access_block": publicAccessBlock = .unknown
        case "encryption": encryption = .unknown
        case "versioning": versioning = .unknown
        case "lifecycle": lifecycleRules = .unknown
        case "logging": logging = .unknown
        default: policy = .unknown
        }
    }
}
