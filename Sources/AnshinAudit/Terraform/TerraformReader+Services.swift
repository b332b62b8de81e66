import AnshinCore
import AnshinHCL

/// Logging, governance, data stores and compute. Each default relied on is the Terraform AWS
/// provider's documented default for the argument (or what the AWS API does without it).
extension TerraformReader {
    // MARK: Account-level settings

    func fillAccountSettings(_ inventory: inout Inventory) {
        // No aws_s3_account_public_access_block in code: none declared (the check says so and
        // that it may be set elsewhere). One whose count is unknown may exist.
        if let block = resources("aws_s3_account_public_access_block").first {
            let body = block.body
            // The four switches default to false.
            inventory.accountPublicAccessBlock = .known(PublicAccessBlock(
                blockPublicACLs: body.bool("block_public_acls", default: false),
                ignorePublicACLs: body.bool("ignore_public_acls", default: false),
                blockPublicPolicy: body.bool("block_public_policy", default: false),
                restrictPublicBuckets: body.bool("restrict_public_buckets", default: false)))
            inventory.accountSettingLocations["aws_s3_account_public_access_block"] = location(block)
        } else {
            inventory.accountPublicAccessBlock = uncertain("aws_s3_account_public_access_block").isEmpty ? .known(nil) : .unknown
        }
        // aws_ebs_encryption_by_default: `enabled` defaults to true. Without the resource the
        // code does not say, so the setting stays unknown.
        if let setting = resources("aws_ebs_encryption_by_default").first {
            inventory.ebsEncryptionByDefault = setting.body.bool("enabled", default: true)
            inventory.accountSettingLocations["aws_ebs_encryption_by_default"] = location(of: "enabled", in: setting)
        }
    }

    // MARK: Logging and governance

    func trails() -> [Trail] {
        resources("aws_cloudtrail").map { instance in
            let body = instance.body
            var trail = Trail(reference: reference(instance, nameAttribute: "name"))
            // Defaults: single-Region, no validation, no KMS key, not an organization trail, logging on.
            trail.multiRegion = body.bool("is_multi_region_trail", default: false)
            trail.logFileValidation = body.bool("enable_log_file_validation", default: false)
            trail.kmsKeyID = body.optionalString("kms_key_id")
            trail.cloudWatchLogs = body.value("cloud_watch_logs_group_arn") == nil ? .known(false) : .known(true)
            trail.organizationTrail = body.bool("is_organization_trail", default: false)
            trail.bucket = body.string("s3_bucket_name")
            trail.logging = body.bool("enable_logging", default: true)
            // Without selectors a trail records all management events; an `event_selector`'s
            // `include_management_events` defaults to true; advanced selectors are not read.
            if !body.blocks(ofType: "advanced_event_selector").isEmpty || body.unknownBlockTypes.contains("event_selector") {
                trail.managementEvents = .unknown
            } else {
                let selectors = body.blocks(ofType: "event_selector")
                if !selectors.isEmpty {
                    let flags = selectors.map { $0.body.bool("include_management_events", default: true) }
                    trail.managementEvents = flags.contains(.known(true)) ? .known(true)
                        : flags.contains(.unknown) ? .unknown : .known(false)
                }
            }
            for key in ["is_multi_region_trail", "kms_key_id", "enable_log_file_validation", "cloud_watch_logs_group_arn"] {
                trail.settingLocations[key] = location(of: key, in: instance)
            }
            return trail
        }
    }

    func configRecorders() -> [ConfigRecorder] {
        let statuses = resources("aws_config_configuration_recorder_status")
        let uncertainStatuses = uncertain("aws_config_configuration_recorder_status")
        let recorders = resources("aws_config_configuration_recorder")
        // A recorder's `name` defaults to "default", as the status's does.
        let names = recorders.map { $0.body.string("name") ?? ($0.body.value("name") == nil ? "default" : nil) }
        let links = statuses.map { status in
            link(status, attribute: "name", owners: recorders, names: names, types: ["aws_config_configuration_recorder"], defaultName: "default")
        }
        return recorders.enumerated().map { recorderIndex, instance in
            let body = instance.body
            var recorder = ConfigRecorder(reference: reference(instance, nameAttribute: "name"))
            // Without a recording_group, or with all_supported unset, all supported types are recorded.
            if body.unknownBlockTypes.contains("recording_group") {
                recorder.allSupported = .unknown
                recorder.includesGlobalResources = .unknown
            } else if let group = body.blocks(ofType: "recording_group").first {
                recorder.allSupported = group.body.bool("all_supported", default: true)
                recorder.includesGlobalResources = group.body.bool("include_global_resource_types", default: false)
                recorder.settingLocations["recording_group"] = location(group.body.attributes["all_supported"]?.range ?? group.range)
            }
            // A recorder is created stopped; aws_config_configuration_recorder_status starts it.
            if let status = statuses.indices.first(where: { links[$0] == .owner(recorderIndex) }).map({ statuses[$0] }) {
                recorder.recording = status.body.bool("is_enabled", default: false)
                recorder.settingLocations["is_enabled"] = location(of: "is_enabled", in: status)
            } else if links.contains(where: { if case .oneOf(let indices) = $0 { indices.contains(recorderIndex) } else { false } }) {
                // A status names this recorder's name, which another recorder shares.
                recorder.recording = .unknown
            } else if uncertainStatuses.isEmpty, !links.contains(.unknown) {
                recorder.recording = .known(false)
                recorder.settingLocations["is_enabled"] = location(instance)
            } else {
                recorder.recording = .unknown
            }
            recorder.settingLocations["recording_group"] = recorder.settingLocations["recording_group"] ?? location(instance)
            return recorder
        }
    }

    func vpcs() -> [VPC] {
        let logs = resources("aws_flow_log")
        let maybe = uncertain("aws_flow_log")
        // A flow log names its VPC by id, which is known only after apply: follow the reference.
        let unlinked = logs.contains { mayReferToUntied($0.attribute("vpc_id"), from: $0, types: ["aws_vpc"]) }
        return resources("aws_vpc").map { instance in
            var vpc = VPC(reference: reference(instance))
            vpc.reference.name = instance.body.value("tags").flatMap { Self.tag("Name", in: $0) }
            let covered = logs.contains { log in
                referenced(by: log.attribute("vpc_id"), from: log, types: ["aws_vpc"]).contains { $0.address == instance.address }
            }
            let maybeCovered = maybe.contains { log in
                referenced(by: log.attribute("vpc_id"), from: log, types: ["aws_vpc"]).contains { $0.address == instance.address }
                    || mayReferToUntied(log.attribute("vpc_id"), from: log, types: ["aws_vpc"])
            }
            vpc.flowLogs = covered ? .known(true) : (unlinked || maybeCovered) ? .unknown : .known(false)
            return vpc
        }
    }

    func loadBalancers() -> [LoadBalancer] {
        let modern = resources("aws_lb", "aws_alb").map { instance in
            let body = instance.body
            var balancer = LoadBalancer(reference: reference(instance, nameAttribute: "name"))
            // aws_lb: load_balancer_type defaults to "application"; access_logs.enabled defaults
            // to false even when a bucket is given.
            balancer.type = body.value("load_balancer_type").map { TerraformValue.string($0).map(Setting.known) ?? .unknown }
                ?? .known("application")
            balancer.accessLogs = accessLogs(body, enabledByDefault: false)
            balancer.deletionProtection = body.bool("enable_deletion_protection", default: false)
            balancer.dropsInvalidHeaders = body.bool("drop_invalid_header_fields", default: false)
            balancer.internal = body.bool("internal", default: false)
            balancer.settingLocations["access_logs"] = accessLogsLocation(instance)
            balancer.settingLocations["drop_invalid_header_fields"] = location(of: "drop_invalid_header_fields", in: instance)
            return balancer
        }
        let classic = resources("aws_elb").map { instance in
            var balancer = LoadBalancer(reference: reference(instance, nameAttribute: "name"))
            balancer.type = .known("classic")
            // aws_elb: access_logs.enabled defaults to true.
            balancer.accessLogs = accessLogs(instance.body, enabledByDefault: true)
            balancer.internal = instance.body.bool("internal", default: false)
            balancer.settingLocations["access_logs"] = accessLogsLocation(instance)
            return balancer
        }
        return modern + classic
    }

    /// `aws_lb_listener` resources. Provider defaults relied on: `protocol` is `HTTP` on an
    /// Application Load Balancer (a Network Load Balancer's listener names its own); a redirect's
    /// `protocol` is `#{protocol}`, the request's own; `ssl_policy` unset leaves the API's default.
    func listeners() -> [LoadBalancerListener] {
        resources("aws_lb_listener", "aws_alb_listener").map { instance in
            let body = instance.body
            var listener = LoadBalancerListener(reference: reference(instance))
            if let value = body.value("protocol") {
                listener.protocolName = TerraformValue.string(value).map { .known($0.uppercased()) } ?? .unknown
            } else {
                // Without a protocol, HTTP only when the listener is known to be an Application Load Balancer's.
                let balancers = referenced(by: instance.attribute("load_balancer_arn"), from: instance, types: ["aws_lb", "aws_alb"])
                let application = !balancers.isEmpty && balancers.allSatisfy {
                    $0.body.value("load_balancer_type") == nil || $0.body.string("load_balancer_type") == "application"
                }
                listener.protocolName = application ? .known("HTTP") : .unknown
            }
            listener.sslPolicy = body.optionalString("ssl_policy")
            switch body.blockSetting("default_action") {
            case .unknown:
                listener.redirectsToHTTPS = .unknown
            case .known(let actions):
                listener.redirectsToHTTPS = Self.redirectsToHTTPS(actions)
            }
            listener.settingLocations["default_action"] = body.blocks(ofType: "default_action").first.map { location($0.range) }
                ?? location(instance)
            listener.settingLocations["ssl_policy"] = location(of: "ssl_policy", in: instance)
            return listener
        }
    }

    /// Whether one of a listener's default actions redirects to HTTPS: unknown when an action's
    /// type or a redirect's protocol is known only after apply and none surely does.
    static func redirectsToHTTPS(_ actions: [EvaluatedBlock]) -> Setting<Bool> {
        var result: Setting<Bool> = .known(false)
        for action in actions {
            guard let type = action.body.value("type") else { continue }
            guard let name = TerraformValue.string(type) else { result = .unknown; continue }
            guard name == "redirect" else { continue }
            switch action.body.blockSetting("redirect") {
            case .unknown:
                result = .unknown
            case .known(let redirects):
                for redirect in redirects {
                    switch redirect.body.optionalString("protocol") {
                    case .known(let text?) where text.uppercased() == "HTTPS": return .known(true)
                    case .unknown: result = .unknown
                    default: continue
                    }
                }
            }
        }
        return result
    }

    private func accessLogs(_ body: EvaluatedBody, enabledByDefault: Bool) -> Setting<Bool> {
        switch body.blockSetting("access_logs") {
        case .unknown: return .unknown
        case .known(let blocks):
            guard let block = blocks.first else { return .known(false) }
            return block.body.bool("enabled", default: enabledByDefault)
        }
    }

    private func accessLogsLocation(_ instance: ResourceInstance) -> Location {
        guard let block = instance.body.blocks(ofType: "access_logs").first else { return location(instance) }
        return location(block.body.attributes["enabled"]?.range ?? block.range)
    }

    func distributions() -> [Distribution] {
        resources("aws_cloudfront_distribution").map { instance in
            var distribution = Distribution(reference: reference(instance))
            switch instance.body.blockSetting("logging_config") {
            case .unknown: distribution.logging = .unknown
            case .known(let blocks): distribution.logging = .known(!blocks.isEmpty)
            }
            distribution.webACL = instance.body.value("web_acl_id") == nil ? .known(false) : .known(true)
            distribution.settingLocations["logging_config"] = instance.body.blocks(ofType: "logging_config").first
                .map { location($0.range) } ?? location(instance)
            readViewerSettings(instance, into: &distribution)
            distribution.s3Origins = s3Origins(of: instance)
            return distribution
        }
    }

    /// Viewer protocol and certificate of an `aws_cloudfront_distribution`. Provider defaults
    /// relied on: `viewer_certificate.minimum_protocol_version` is `TLSv1`; `viewer_protocol_policy`
    /// is required in every cache behaviour.
    private func readViewerSettings(_ instance: ResourceInstance, into distribution: inout Distribution) {
        let body = instance.body
        switch (body.blockSetting("default_cache_behavior"), body.blockSetting("ordered_cache_behavior")) {
        case (.known(let defaults), .known(let ordered)):
            var allows: Setting<Bool> = .known(false)
            for behavior in defaults + ordered {
                guard let value = behavior.body.value("viewer_protocol_policy") else { continue }
                guard let policy = TerraformValue.string(value) else { allows = .unknown; continue }
                if policy == "allow-all" {
                    allows = .known(true)
                    distribution.settingLocations["viewer_protocol_policy"] = location(behavior.body.attributes["viewer_protocol_policy"]?.range
                                                                                       ?? behavior.range)
                    break
                }
            }
            distribution.allowsHTTP = allows
        default:
            distribution.allowsHTTP = .unknown
        }
        switch body.blockSetting("viewer_certificate") {
        case .unknown:
            distribution.defaultCertificate = .unknown
            distribution.minimumProtocolVersion = .unknown
        case .known(let blocks):
            guard let certificate = blocks.first else {
                distribution.defaultCertificate = .unknown
                distribution.minimumProtocolVersion = .unknown
                return
            }
            let custom = certificate.body.value("acm_certificate_arn") != nil || certificate.body.value("iam_certificate_id") != nil
            distribution.defaultCertificate = custom ? .known(false) : certificate.body.bool("cloudfront_default_certificate", default: false)
            distribution.minimumProtocolVersion = certificate.body.value("minimum_protocol_version") == nil
                ? .known("TLSv1") : certificate.body.optionalString("minimum_protocol_version")
            distribution.settingLocations["viewer_certificate"] = location(certificate.body.attributes["minimum_protocol_version"]?.range
                                                                           ?? certificate.range)
        }
    }

    /// The origins of a distribution on S3 REST endpoints: those with an `s3_origin_config`, or
    /// whose domain is a bucket's REST endpoint, written out or read from a bucket of the stack
    /// (`bucket_regional_domain_name`, `bucket_domain_name`). A domain known only after apply that
    /// names no bucket makes the list unknown.
    private func s3Origins(of instance: ResourceInstance) -> Setting<[DistributionOrigin]> {
        guard case .known(let origins) = instance.body.blockSetting("origin") else { return .unknown }
        var result: [DistributionOrigin] = []
        for origin in origins {
            let body = origin.body
            let id = body.string("origin_id") ?? "?"
            var isS3 = !body.blocks(ofType: "s3_origin_config").isEmpty
            if !isS3, let domain = body.value("domain_name") {
                if let text = TerraformValue.string(domain) {
                    isS3 = DistributionOrigin.isS3RESTEndpoint(text)
                } else {
                    let restAttributes: Set<String> = ["bucket_regional_domain_name", "bucket_domain_name"]
                    let references = body.attributes["domain_name"]?.expression?.references ?? []
                    // A bucket's REST domain, of the stack or of a data source.
                    isS3 = references.contains { traversal in
                        traversal.steps.contains { if case .attribute(let name) = $0 { restAttributes.contains(name) } else { false } }
                    }
                    // Another managed resource's domain (a load balancer, a website endpoint) is
                    // not S3's REST endpoint; a variable's or a local's may be.
                    if !isS3, !references.contains(where: { $0.root.hasPrefix("aws_") }) { return .unknown }
                }
            }
            guard isS3 else { continue }
            let identity = body.blocks(ofType: "s3_origin_config").contains {
                guard let value = $0.body.value("origin_access_identity") else { return false }
                return TerraformValue.string(value).map { !$0.isEmpty } ?? true
            }
            let control = body.value("origin_access_control_id").map { TerraformValue.string($0).map { !$0.isEmpty } ?? true } ?? false
            result.append(DistributionOrigin(id: id, accessControl: control, accessIdentity: identity, location: location(origin.range)))
        }
        return .known(result)
    }

    func webACLs() -> [WebACL] {
        let configurations = resources("aws_wafv2_web_acl_logging_configuration")
        let unlinked = !uncertain("aws_wafv2_web_acl_logging_configuration").isEmpty || configurations.contains {
            mayReferToUntied($0.attribute("resource_arn"), from: $0, types: ["aws_wafv2_web_acl"])
        }
        return resources("aws_wafv2_web_acl").map { instance in
            var acl = WebACL(reference: reference(instance, nameAttribute: "name"))
            let logged = configurations.contains { configuration in
                referenced(by: configuration.attribute("resource_arn"), from: configuration, types: ["aws_wafv2_web_acl"])
                    .contains { $0.address == instance.address }
            }
            acl.logging = logged ? .known(true) : unlinked ? .unknown : .known(false)
            return acl
        }
    }

    // MARK: Data stores

    func databases() -> [Database] {
        var result: [Database] = []
        for instance in resources("aws_db_instance") {
            let body = instance.body
            var database = Database(reference: reference(instance, nameAttribute: "identifier"), kind: .instance)
            database.engine = body.optionalString("engine")
            database.instanceClass = body.optionalString("instance_class")
            // A restored snapshot or a read replica inherits encryption from its source.
            let inherits = body.value("snapshot_identifier") != nil || body.value("replicate_source_db") != nil
            database.storageEncrypted = inherits && body.value("storage_encrypted") == nil
                ? .unknown : body.bool("storage_encrypted", default: false)
            database.multiAZ = body.bool("multi_az", default: false)
            database.publiclyAccessible = body.bool("publicly_accessible", default: false)
            database.deletionProtection = body.bool("deletion_protection", default: false)
            // CreateDBInstance keeps automated backups for 1 day unless told otherwise; replicas
            // and restores follow their source.
            if let retention = body.value("backup_retention_period") {
                database.backupRetentionDays = TerraformValue.days(retention)
            } else {
                database.backupRetentionDays = inherits ? .unknown : .known(1)
            }
            // auto_minor_version_upgrade defaults to true (AWS provider, aws_db_instance).
            database.autoMinorVersionUpgrade = body.bool("auto_minor_version_upgrade", default: true)
            setLocations(&database, instance, ["storage_encrypted", "multi_az", "publicly_accessible", "deletion_protection",
                                               "backup_retention_period", "instance_class", "auto_minor_version_upgrade"])
            result.append(database)
        }
        for instance in resources("aws_rds_cluster") {
            let body = instance.body
            var database = Database(reference: reference(instance, nameAttribute: "cluster_identifier"), kind: .cluster)
            database.engine = body.optionalString("engine")
            database.instanceClass = body.optionalString("db_cluster_instance_class")
            // storage_encrypted defaults to false for provisioned clusters; a snapshot restore
            // inherits it. Aurora Serverless v1 (engine_mode = "serverless") clusters are always
            // encrypted, whatever storage_encrypted says: their cluster volume cannot be unencrypted,
            // only its key can be chosen (Amazon Aurora User Guide, Using Amazon Aurora Serverless v1,
            // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless.html).
            // Serverless v2 (engine_mode "provisioned" with db.serverless instances) may be unencrypted.
            let engineMode = body.value("engine_mode")
            let serverless = body.string("engine_mode") == "serverless"
            let inherits = body.value("snapshot_identifier") != nil || body.value("replication_source_identifier") != nil
                || body.value("global_cluster_identifier") != nil
            if serverless {
                database.storageEncrypted = .known(true)
            } else if engineMode.map({ !$0.isWhollyKnown }) ?? false {
                // The engine mode is known only after apply: it may be serverless.
                database.storageEncrypted = body.bool("storage_encrypted", default: false).isTrue ? .known(true) : .unknown
            } else {
                database.storageEncrypted = inherits && body.value("storage_encrypted") == nil
                    ? .unknown : body.bool("storage_encrypted", default: false)
            }
            database.deletionProtection = body.bool("deletion_protection", default: false)
            database.multiAZ = .unknown
            if let retention = body.value("backup_retention_period") {
                database.backupRetentionDays = TerraformValue.days(retention)
            } else {
                database.backupRetentionDays = .known(1)
            }
            setLocations(&database, instance, ["storage_encrypted", "deletion_protection", "backup_retention_period"])
            result.append(database)
        }
        for instance in resources("aws_rds_cluster_instance") {
            let body = instance.body
            var database = Database(reference: reference(instance, nameAttribute: "identifier"), kind: .instance)
            database.inCluster = true
            database.engine = body.optionalString("engine")
            database.instanceClass = body.optionalString("instance_class")
            database.storageEncrypted = .unknown
            database.publiclyAccessible = body.bool("publicly_accessible", default: false)
            database.multiAZ = .unknown
            database.deletionProtection = .unknown
            database.backupRetentionDays = .unknown
            database.autoMinorVersionUpgrade = body.bool("auto_minor_version_upgrade", default: true)
            setLocations(&database, instance, ["publicly_accessible", "instance_class", "auto_minor_version_upgrade"])
            result.append(database)
        }
        return result
    }

    private func setLocations(_ database: inout Database, _ instance: ResourceInstance, _ keys: [String]) {
        for key in keys { database.settingLocations[key] = location(of: key, in: instance) }
    }

    func cacheClusters() -> [CacheCluster] {
        var result: [CacheCluster] = []
        for instance in resources("aws_elasticache_cluster") {
            let body = instance.body
            // A member of a replication group takes its settings from the group.
            guard body.value("replication_group_id") == nil else { continue }
            var cluster = CacheCluster(reference: reference(instance, nameAttribute: "cluster_id"))
            cluster.engine = body.optionalString("engine")
            cluster.nodeType = body.optionalString("node_type")
            // CreateCacheCluster has no at-rest encryption option: only replication groups
            // encrypt at rest. transit_encryption_enabled (memcached, and redis since provider
            // v5) defaults to false.
            cluster.atRestEncryption = .known(false)
            cluster.transitEncryption = body.bool("transit_encryption_enabled", default: false)
            cluster.settingLocations["at_rest_encryption_enabled"] = location(instance)
            cluster.settingLocations["transit_encryption_enabled"] = location(of: "transit_encryption_enabled", in: instance)
            cluster.settingLocations["node_type"] = location(of: "node_type", in: instance)
            result.append(cluster)
        }
        for instance in resources("aws_elasticache_replication_group") {
            let body = instance.body
            var cluster = CacheCluster(reference: reference(instance, nameAttribute: "replication_group_id"))
            // engine defaults to "redis"; at_rest_encryption_enabled defaults to false for redis
            // and true for valkey; transit_encryption_enabled defaults to false.
            let engine = body.value("engine").map { TerraformValue.string($0).map(Setting.known) ?? .unknown } ?? .known("redis")
            cluster.engine = engine.map { Optional($0) }
            cluster.nodeType = body.optionalString("node_type")
            switch engine {
            case .known(let name): cluster.atRestEncryption = body.bool("at_rest_encryption_enabled", default: name == "valkey")
            case .unknown: cluster.atRestEncryption = body.value("at_rest_encryption_enabled") == nil ? .unknown
                : body.bool("at_rest_encryption_enabled", default: false)
            }
            cluster.transitEncryption = body.bool("transit_encryption_enabled", default: false)
            for key in ["at_rest_encryption_enabled", "transit_encryption_enabled", "node_type"] {
                cluster.settingLocations[key] = location(of: key, in: instance)
            }
            result.append(cluster)
        }
        return result
    }

    // MARK: Compute

    func instances() -> [Instance] {
        let kinds: [(String, Instance.Kind)] = [("aws_instance", .instance), ("aws_launch_template", .launchTemplate),
                                                ("aws_launch_configuration", .launchConfiguration)]
        return kinds.flatMap { type, kind in
            resources(type).map { resource in
                let body = resource.body
                var instance = Instance(reference: reference(resource, nameAttribute: type == "aws_instance" ? nil : "name"), kind: kind)
                instance.instanceType = body.optionalString("instance_type")
                // metadata_options.http_tokens defaults to "optional" (IMDSv1 allowed) unless the
                // AMI is registered with ImdsSupport v2.0, which code does not show.
                switch body.blockSetting("metadata_options") {
                case .unknown:
                    instance.metadataTokens = .unknown
                case .known(let blocks):
                    if let block = blocks.first {
                        instance.metadataTokens = block.body.value("http_tokens")
                            .map { TerraformValue.string($0).map(Setting.known) ?? .unknown } ?? .known("optional")
                        // http_endpoint = "disabled" turns the metadata service off: neither IMDSv1 nor v2 answers.
                        switch block.body.value("http_endpoint").map({ TerraformValue.string($0).map(Setting.known) ?? .unknown }) {
                        case .known("disabled")?: instance.metadataTokens = .known(Instance.metadataDisabled)
                        case .unknown?: instance.metadataTokens = .unknown
                        default: break
                        }
                        instance.settingLocations["metadata_options"] = location(block.body.attributes["http_tokens"]?.range ?? block.range)
                    } else {
                        instance.settingLocations["metadata_options"] = location(resource)
                    }
                }
                instance.publicIP = body.bool("associate_public_ip_address", default: false)
                instance.settingLocations["instance_type"] = location(of: "instance_type", in: resource)
                return instance
            }
        }
    }

    func functions() -> [Function] {
        // Function URLs name their function by reference (its name or ARN); one whose function
        // cannot be told may be any function's.
        let urls = resources("aws_lambda_function_url")
        let untied = !uncertain("aws_lambda_function_url").isEmpty
            || urls.contains { mayReferToUntied($0.attribute("function_name"), from: $0, types: ["aws_lambda_function"]) }
        return resources("aws_lambda_function").map { instance in
            var function = Function(reference: reference(instance, nameAttribute: "function_name"))
            // architectures defaults to ["x86_64"].
            function.architectures = TerraformValue.strings(instance.body.value("architectures")) ?? .known(["x86_64"])
            function.runtime = instance.body.optionalString("runtime")
            function.settingLocations["architectures"] = location(of: "architectures", in: instance)
            switch instance.body.blockSetting("environment") {
            case .unknown:
                function.secretEnvironment = .unknown
            case .known(let blocks):
                function.secretEnvironment = Self.secretVariables(blocks.first?.body.value("variables"))
                if let block = blocks.first {
                    function.settingLocations["environment"] = location(block.body.attributes["variables"]?.range ?? block.range)
                }
            }
            var publicURL: Setting<Bool> = untied ? .unknown : .known(false)
            for url in urls where referenced(by: url.attribute("function_name"), from: url, types: ["aws_lambda_function"])
                .contains(where: { $0.address == instance.address }) {
                // authorization_type is required: AWS_IAM or NONE.
                switch url.body.optionalString("authorization_type") {
                case .known(let type?) where type.uppercased() == "NONE":
                    publicURL = .known(true)
                    function.settingLocations["function_url"] = location(of: "authorization_type", in: url)
                case .unknown:
                    if !publicURL.isTrue { publicURL = .unknown }
                default:
                    break
                }
            }
            function.publicURL = publicURL
            return function
        }
    }

    /// The secret-looking names of a Lambda function's `variables` map that hold a value;
    /// unknown when the map is known only after apply.
    static func secretVariables(_ value: Value?) -> Setting<[String]> {
        guard let value = value?.present else { return .known([]) }
        guard let members = value.members else { return .unknown }
        let pairs = members.keys.sorted().map { name -> (name: String, value: String?) in
            guard let member = members[name]?.present else { return (name, "") }
            return (name, member.isKnown ? (member.stringValue ?? "set") : nil)
        }
        return .known(EnvironmentSecrets.secretNames(pairs))
    }

    // MARK: Logs and parameters

    func logGroups() -> [LogGroup] {
        resources("aws_cloudwatch_log_group").map { instance in
            var group = LogGroup(reference: reference(instance, nameAttribute: "name"))
            // retention_in_days defaults to 0: events never expire.
            switch TerraformValue.int(instance.body.value("retention_in_days")) {
            case .known(let days): group.retentionDays = .known(days == 0 ? nil : days)
            case .unknown: group.retentionDays = .unknown
            }
            group.kmsKeyID = instance.body.optionalString("kms_key_id")
            group.settingLocations["retention_in_days"] = location(of: "retention_in_days", in: instance)
            return group
        }
    }

    /// Values that mean "set the real one outside Terraform".
    static let placeholders: Set<String> = ["dummy", "placeholder", "changeme", "change-me", "change_me", "todo", "tbd",
                                            "xxx", "none", "null", "empty", "initial", "temp", "tmp", "-", "", "set-me",
                                            "set_me", "replace-me", "replaceme", "to-be-replaced"]

    func parameters() -> [Parameter] {
        resources("aws_ssm_parameter").map { instance in
            let body = instance.body
            // type defaults to "String" when only insecure_value is given; otherwise it is required.
            let type: Setting<String> = body.value("type").map { TerraformValue.string($0).map(Setting.known) ?? .unknown }
                ?? .known("String")
            let managed = body.attributes["value"] != nil || body.attributes["insecure_value"] != nil
            var parameter = Parameter(reference: reference(instance, nameAttribute: "name"), type: type, managedByTerraform: managed)
            parameter.writeOnly = body.attributes["value_wo"] != nil && !managed
            parameter.valueIgnored = instance.lifecycle.ignoresAllChanges || instance.lifecycle.ignoreChanges.contains("value")
            if let value = body.value("value").flatMap(TerraformValue.string) {
                parameter.placeholderValue = Self.placeholders.contains(value.lowercased())
            }
            parameter.settingLocations["value"] = location(of: body.attributes["value"] != nil ? "value" : "value_wo", in: instance)
            parameter.settingLocations["type"] = location(of: "type", in: instance)
            return parameter
        }
    }
}

// MARK: - KMS keys

extension TerraformReader {
    /// `aws_kms_key` resources. Provider and KMS defaults relied on: `enable_key_rotation` is
    /// false, `customer_master_key_spec` is `SYMMETRIC_DEFAULT`, `key_usage` is
    /// `ENCRYPT_DECRYPT`, `is_enabled` is true. Automatic rotation exists only for symmetric
    /// encryption keys with key material KMS generated, outside custom key stores ("Rotating AWS
    /// KMS keys", AWS KMS Developer Guide); `aws_kms_external_key` (imported material) and
    /// replica keys (rotated with their primary) are not read.
    func kmsKeys() -> [KMSKey] {
        resources("aws_kms_key").map { instance in
            let body = instance.body
            var key = KMSKey(reference: reference(instance))
            key.rotation = body.bool("enable_key_rotation", default: false)
            let spec = body.value("customer_master_key_spec") ?? body.value("key_spec")
            let usage = body.value("key_usage")
            if body.value("custom_key_store_id") != nil || body.value("xks_key_id") != nil {
                key.rotatable = .known(false)
            } else {
                let specText = spec.flatMap(TerraformValue.string)
                let usageText = usage.flatMap(TerraformValue.string)
                if (spec != nil && specText == nil) || (usage != nil && usageText == nil) {
                    key.rotatable = .unknown
                } else {
                    key.rotatable = .known((specText ?? "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
                                           && (usageText ?? "ENCRYPT_DECRYPT") == "ENCRYPT_DECRYPT")
                }
            }
            key.enabled = body.bool("is_enabled", default: true)
            key.settingLocations["enable_key_rotation"] = location(of: "enable_key_rotation", in: instance)
            return key
        }
    }
}

// MARK: - Security group rules

extension TerraformReader {
    /// Ingress rules from `aws_security_group` and `aws_default_security_group` `ingress`
    /// blocks, `aws_security_group_rule` (`type = "ingress"`) and
    /// `aws_vpc_security_group_ingress_rule`. Blocks made by a `dynamic` block whose `for_each`
    /// is known only after apply are not read; of a list of ranges, the elements known before
    /// apply are kept (one open range fails a check whatever the others are).
    func securityGroupIngress() -> [SecurityGroupIngress] {
        var result: [SecurityGroupIngress] = []
        for group in resources("aws_security_group", "aws_default_security_group") {
            for (index, block) in group.body.blocks(ofType: "ingress").enumerated() {
                let body = block.body
                result.append(SecurityGroupIngress(
                    reference: reference(group, nameAttribute: "name"), protocolName: protocolSetting(body.value("protocol")),
                    fromPort: TerraformValue.int(body.value("from_port")), toPort: TerraformValue.int(body.value("to_port")),
                    sources: knownStringList(body.value("cidr_blocks")) + knownStringList(body.value("ipv6_cidr_blocks")),
                    location: location(block.range), key: "ingress.\(index)"))
            }
        }
        for rule in resources("aws_security_group_rule") where rule.body.string("type") == "ingress" {
            let body = rule.body
            result.append(SecurityGroupIngress(
                reference: reference(rule), protocolName: protocolSetting(body.value("protocol")),
                fromPort: TerraformValue.int(body.value("from_port")), toPort: TerraformValue.int(body.value("to_port")),
                sources: knownStringList(body.value("cidr_blocks")) + knownStringList(body.value("ipv6_cidr_blocks")),
                location: location(of: body.attributes["cidr_blocks"] != nil ? "cidr_blocks" : "ipv6_cidr_blocks", in: rule)))
        }
        for rule in resources("aws_vpc_security_group_ingress_rule") {
            let body = rule.body
            result.append(SecurityGroupIngress(
                reference: reference(rule), protocolName: protocolSetting(body.value("ip_protocol")),
                fromPort: TerraformValue.int(body.value("from_port")), toPort: TerraformValue.int(body.value("to_port")),
                sources: knownStringList(body.value("cidr_ipv4")) + knownStringList(body.value("cidr_ipv6")),
                location: location(of: body.attributes["cidr_ipv4"] != nil ? "cidr_ipv4" : "cidr_ipv6", in: rule)))
        }
        return result
    }

    private func protocolSetting(_ value: Value?) -> Setting<String> {
        guard let value else { return .unknown }
        return TerraformValue.string(value).map(Setting.known) ?? .unknown
    }

    /// The known strings of a string or list argument.
    private func knownStringList(_ value: Value?) -> [String] {
        guard let value else { return [] }
        if let text = TerraformValue.string(value) { return [text] }
        return (value.elements ?? []).compactMap { $0.present.flatMap(TerraformValue.string) }
    }
}

extension TerraformReader {
    /// The default security group of each `aws_vpc`: as its `aws_default_security_group` (linked
    /// by `vpc_id`) declares it, which removes every rule it does not list; without one, as AWS
    /// creates it, with rules ("Default security groups for your VPCs", Amazon VPC User Guide).
    func defaultSecurityGroups() -> [DefaultSecurityGroup] {
        let managers = resources("aws_default_security_group")
        let unlinked = managers.contains { mayReferToUntied($0.attribute("vpc_id"), from: $0, types: ["aws_vpc"]) }
            || !uncertain("aws_default_security_group").isEmpty
        return resources("aws_vpc").map { vpc in
            let manager = managers.first { group in
                referenced(by: group.attribute("vpc_id"), from: group, types: ["aws_vpc"]).contains { $0.address == vpc.address }
            }
            guard let manager else {
                return DefaultSecurityGroup(reference: reference(vpc), hasRules: unlinked ? .unknown : .known(true), location: location(vpc))
            }
            let body = manager.body
            let rules: Setting<Bool>
            if case .known(let ingress) = body.blockSetting("ingress"), case .known(let egress) = body.blockSetting("egress") {
                rules = .known(!ingress.isEmpty || !egress.isEmpty)
            } else {
                rules = .unknown
            }
            return DefaultSecurityGroup(reference: reference(manager), hasRules: rules, location: location(manager))
        }
    }
}

// MARK: - ECR repositories

extension TerraformReader {
    /// `aws_ecr_repository` resources. Provider defaults relied on: `image_tag_mutability` is
    /// `MUTABLE`, `scan_on_push` is false. A registry-wide scanning configuration in the same
    /// module (`aws_ecr_registry_scanning_configuration`) may scan every repository on push, with
    /// filters this reader does not match: its repositories' scanning is then unknown.
    func containerRepositories() -> [ContainerRepository] {
        let registryScanning = !resources("aws_ecr_registry_scanning_configuration").isEmpty
        return resources("aws_ecr_repository").map { instance in
            let body = instance.body
            var repository = ContainerRepository(reference: reference(instance, nameAttribute: "name"))
            repository.settingLocations["image_scanning_configuration"] = location(instance)
            switch body.blockSetting("image_scanning_configuration") {
            case .unknown:
                repository.scanOnPush = .unknown
            case .known(let blocks):
                repository.scanOnPush = blocks.first.map { $0.body.bool("scan_on_push", default: false) } ?? .known(false)
                if let block = blocks.first {
                    repository.settingLocations["image_scanning_configuration"] = location(block.body.attributes["scan_on_push"]?.range ?? block.range)
                }
            }
            if registryScanning, repository.scanOnPush.isFalse { repository.scanOnPush = .unknown }
            // IMMUTABLE_WITH_EXCLUSION keeps most tags immutable; only MUTABLE* lets every tag move.
            repository.immutableTags = body.optionalString("image_tag_mutability").map { ($0 ?? "MUTABLE").hasPrefix("IMMUTABLE") }
            repository.settingLocations["image_tag_mutability"] = location(of: "image_tag_mutability", in: instance)
            return repository
        }
    }
}

// MARK: - EBS volumes

extension TerraformReader {
    /// `aws_ebs_volume` resources. `encrypted` defaults to false; a volume made from a snapshot
    /// takes the snapshot's encryption when `encrypted` is not set, which the code does not show.
    func ebsVolumes() -> [EBSVolume] {
        resources("aws_ebs_volume").map { instance in
            let body = instance.body
            var volume = EBSVolume(reference: reference(instance))
            volume.encrypted = body.value("encrypted") == nil && body.value("snapshot_id") != nil
                ? .unknown : body.bool("encrypted", default: false)
            volume.settingLocations["encrypted"] = location(of: "encrypted", in: instance)
            return volume
        }
    }
}

// MARK: - ECS task definitions

extension TerraformReader {
    /// `aws_ecs_task_definition` resources. `container_definitions` is JSON text, most often
    /// `jsonencode([...])`: when its value is known only after apply (a log group's name, an
    /// image tag), the known structure inside `jsonencode` is read instead.
    func taskDefinitions() -> [TaskDefinition] {
        resources("aws_ecs_task_definition").map { instance in
            var task = TaskDefinition(reference: reference(instance, nameAttribute: "family"))
            task.settingLocations["container_definitions"] = location(of: "container_definitions", in: instance)
            guard let attribute = instance.attribute("container_definitions"), let value = attribute.value.present else {
                task.containers = .unknown
                return task
            }
            if let text = TerraformValue.string(value) {
                task.containers = ContainerDefinitions.read(json: text)
            } else if let structure = attribute.structure {
                task.containers = ContainerDefinitions.read(structure.deepUnmarked)
            } else {
                task.containers = .unknown
            }
            return task
        }
    }
}
