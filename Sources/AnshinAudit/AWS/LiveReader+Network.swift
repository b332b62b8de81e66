import AnshinAWS
import AnshinCore
import AnshinHTTP

/// EC2 instances and launch templates, VPCs with their flow logs, EBS encryption by default,
/// load balancers, CloudFront distributions and WAFv2 web ACLs.
extension LiveReader {
    func instances(_ regional: AWSClient) async throws(AWSError) -> [Instance] {
        let pages = try await regional.queryPages(service: .ec2, action: "DescribeInstances", inputToken: "NextToken",
                                                  outputToken: "nextToken").collect()
        return pages.flatMap { $0.all("reservationSet/item/instancesSet/item") }.compactMap { item in
            guard let id = item.value("instanceId"), item.value("instanceState/name") != "terminated" else { return nil }
            var instance = Instance(reference: reference("AWS::EC2::Instance", id,
                                                         arn: "arn:aws:ec2:\(regional.region):\(account):instance/\(id)",
                                                         region: regional.region), kind: .instance)
            instance.instanceType = .known(item.value("instanceType"))
            instance.metadataTokens = Self.metadataTokens(item.element("metadataOptions"))
            instance.publicIP = .known(item.value("ipAddress") != nil)
            instance.reference.vpc = item.value("vpcId")
            instance.reference.subnets = item.value("subnetId").map { [$0] } ?? []
            return instance
        }
    }

    /// Every EBS volume of the Region (`ec2:DescribeVolumes`) and whether it is encrypted.
    func ebsVolumes(_ regional: AWSClient) async throws(AWSError) -> [EBSVolume] {
        let pages = try await regional.queryPages(service: .ec2, action: "DescribeVolumes", inputToken: "NextToken",
                                                  outputToken: "nextToken").collect()
        return pages.flatMap { $0.all("volumeSet/item") }.compactMap { item in
            guard let id = item.value("volumeId") else { return nil }
            var volume = EBSVolume(reference: reference("AWS::EC2::Volume", id, arn: "arn:aws:ec2:\(regional.region):\(account):volume/\(id)",
                                                        region: regional.region))
            volume.encrypted = .from(item.value("encrypted").map { $0 == "true" }, else: .unknown)
            return volume
        }
    }

    /// Each launch template's default version.
    func launchTemplates(_ regional: AWSClient) async throws(AWSError) -> [Instance] {
        let pages = try await regional.queryPages(service: .ec2, action: "DescribeLaunchTemplates", inputToken: "NextToken",
                                                  outputToken: "nextToken").collect()
        let templates = pages.flatMap { $0.all("launchTemplates/item") }.compactMap { item in
            item.value("launchTemplateId").map { ($0, item.value("launchTemplateName")) }
        }
        return await concurrentMap(templates, limit: perResourceConcurrency) { id, name in
            var template = Instance(reference: reference("AWS::EC2::LaunchTemplate", id, name: name,
                                                         arn: "arn:aws:ec2:\(regional.region):\(account):launch-template/\(id)",
                                                         region: regional.region), kind: .launchTemplate)
            let data = await optional(.ec2, region: regional.region, missing: nil, fallback: nil) { () async throws(AWSError) -> XML? in
                var parameters = QueryParameters(for: .ec2, ["LaunchTemplateId": id])
                parameters.list("LaunchTemplateVersion", ["$Default"])
                return try await regional.query(service: .ec2, action: "DescribeLaunchTemplateVersions", parameters: parameters)
                    .element("launchTemplateVersionSet/item/launchTemplateData")
            }
            if let data {
                template.instanceType = .known(data.value("instanceType"))
                template.metadataTokens = Self.metadataTokens(data.element("metadataOptions"))
            } else {
                template.instanceType = .unknown
                template.metadataTokens = .unknown
            }
            return template
        }
    }

    /// `httpTokens` of instance metadata options; ``Instance/metadataDisabled`` when the endpoint is off.
    static func metadataTokens(_ options: XML?) -> Setting<String> {
        guard let options else { return .known("optional") }
        if options.value("httpEndpoint") == "disabled" { return .known(Instance.metadataDisabled) }
        return .known(options.value("httpTokens") ?? "optional")
    }

    func vpcs(_ regional: AWSClient) async throws(AWSError) -> [VPC] {
        let vpcs = try await regional.queryPages(service: .ec2, action: "DescribeVpcs", inputToken: "NextToken", outputToken: "nextToken")
            .collect().flatMap { $0.all("vpcSet/item") }.compactMap { item in
                item.value("vpcId").map { ($0, item.all("tagSet/item").first { $0.value("key") == "Name" }?.value("value")) }
            }
        let logged = await optional(.ec2, region: regional.region, missing: nil, fallback: nil) { () async throws(AWSError) -> Set<String>? in
            let logs = try await regional.queryPages(service: .ec2, action: "DescribeFlowLogs", inputToken: "NextToken", outputToken: "nextToken")
                .collect().flatMap { $0.all("flowLogSet/item") }
            for log in logs where log.value("logDestinationType") == "s3" { logBuckets.insert(location: log.value("logDestination")) }
            return Set(logs.compactMap { $0.value("resourceId") })
        }
        return vpcs.map { id, name in
            var vpc = VPC(reference: reference("AWS::EC2::VPC", id, name: name, arn: "arn:aws:ec2:\(regional.region):\(account):vpc/\(id)",
                                               region: regional.region))
            vpc.flowLogs = logged.map { .known($0.contains(id)) } ?? .unknown
            return vpc
        }
    }

    func ebsEncryptionByDefault(_ regional: AWSClient) async throws(AWSError) -> Setting<Bool> {
        .from(try await regional.query(service: .ec2, action: "GetEbsEncryptionByDefault").bool("ebsEncryptionByDefault"), else: .unknown)
    }

    func loadBalancers(_ regional: AWSClient) async throws(AWSError) -> [LoadBalancer] {
        let listed = try await regional.queryPages(service: .elasticLoadBalancingV2, action: "DescribeLoadBalancers",
                                                   outputToken: "NextMarker").collect()
            .flatMap { $0.all("LoadBalancers/member") }
        return await concurrentMap(listed, limit: perResourceConcurrency) { item in
            let arn = item.value("LoadBalancerArn") ?? "?"
            var balancer = LoadBalancer(reference: reference("AWS::ElasticLoadBalancingV2::LoadBalancer", arn,
                                                             name: item.value("LoadBalancerName"), arn: arn, region: regional.region))
            balancer.type = .known(item.value("Type") ?? "application")
            balancer.reference.vpc = item.value("VpcId")
            balancer.dnsName = item.value("DNSName")
            balancer.reference.subnets = item.all("AvailabilityZones/member").compactMap { $0.value("SubnetId") }
            balancer.internal = .known(item.value("Scheme") == "internal")
            let attributes = await optional(.elasticLoadBalancingV2, region: regional.region, missing: nil, fallback: nil) {
                () async throws(AWSError) -> [String: String]? in
                let result = try await regional.query(service: .elasticLoadBalancingV2, action: "DescribeLoadBalancerAttributes",
                                                      parameters: ["LoadBalancerArn": arn])
                var values: [String: String] = [:]
                for member in result.all("Attributes/member") {
                    if let key = member.value("Key") { values[key] = member.value("Value") ?? "" }
                }
                return values
            }
            func flag(_ key: String) -> Setting<Bool> {
                guard let attributes else { return .unknown }
                return .known(attributes[key] == "true")
            }
            balancer.accessLogs = flag("access_logs.s3.enabled")
            for kind in ["access_logs", "connection_logs"] where attributes?["\(kind).s3.enabled"] == "true" {
                logBuckets.insert(location: attributes?["\(kind).s3.bucket"])
            }
            balancer.deletionProtection = flag("deletion_protection.enabled")
            balancer.dropsInvalidHeaders = flag("routing.http.drop_invalid_header_fields.enabled")
            return balancer
        }
    }

    /// The listeners of the Application and Network Load Balancers read
    /// (`elasticloadbalancing:DescribeListeners`, one balancer at a time): protocol, TLS security
    /// policy, and whether the default action redirects to HTTPS.
    func listeners(_ regional: AWSClient, of balancers: [LoadBalancer]) async -> [LoadBalancerListener] {
        let arns = balancers.filter { ["application", "network"].contains($0.type.value ?? "") }.compactMap(\.reference.arn)
        return await concurrentMap(arns, limit: perResourceConcurrency) { balancer -> [LoadBalancerListener] in
            await optional(.elasticLoadBalancingV2, region: regional.region, missing: [], fallback: []) {
                () async throws(AWSError) -> [LoadBalancerListener] in
                try await regional.queryPages(service: .elasticLoadBalancingV2, action: "DescribeListeners",
                                              parameters: QueryParameters(for: .elasticLoadBalancingV2, ["LoadBalancerArn": balancer]),
                                              outputToken: "NextMarker").collect()
                    .flatMap { $0.all("Listeners/member") }
                    .compactMap { item -> LoadBalancerListener? in
                        guard let arn = item.value("ListenerArn") else { return nil }
                        var listener = LoadBalancerListener(reference: reference("AWS::ElasticLoadBalancingV2::Listener", arn, arn: arn,
                                                                                 region: regional.region))
                        listener.protocolName = .from(item.value("Protocol"), else: .unknown)
                        listener.sslPolicy = .known(item.value("SslPolicy").flatMap { $0.isEmpty ? nil : $0 })
                        listener.redirectsToHTTPS = .known(item.all("DefaultActions/member").contains {
                            $0.value("Type") == "redirect" && $0.value("RedirectConfig/Protocol")?.uppercased() == "HTTPS"
                        })
                        return listener
                    }
            }
        }.flatMap { $0 }
    }

    /// Classic Load Balancers (the 2012-06-01 API): access logs are their one logged setting;
    /// deletion protection and header validation do not exist for them.
    func classicLoadBalancers(_ regional: AWSClient) async throws(AWSError) -> [LoadBalancer] {
        let listed = try await regional.queryPages(service: .elasticLoadBalancing, action: "DescribeLoadBalancers",
                                                   outputToken: "NextMarker").collect()
            .flatMap { $0.all("LoadBalancerDescriptions/member") }
        return await concurrentMap(listed, limit: perResourceConcurrency) { item in
            let name = item.value("LoadBalancerName") ?? "?"
            let arn = "arn:aws:elasticloadbalancing:\(regional.region):\(account):loadbalancer/\(name)"
            var balancer = LoadBalancer(reference: reference("AWS::ElasticLoadBalancing::LoadBalancer", name, name: name, arn: arn,
                                                             region: regional.region))
            balancer.type = .known("classic")
            balancer.dnsName = item.value("DNSName")
            balancer.reference.vpc = item.value("VPCId")
            balancer.reference.subnets = item.all("Subnets/member").map(\.text)
            balancer.internal = .known(item.value("Scheme") == "internal")
            balancer.deletionProtection = .unknown
            balancer.dropsInvalidHeaders = .unknown
            balancer.accessLogs = await optional(.elasticLoadBalancing, region: regional.region, missing: .unknown, fallback: .unknown) {
                () async throws(AWSError) -> Setting<Bool> in
                let log = try await regional.query(service: .elasticLoadBalancing, action: "DescribeLoadBalancerAttributes",
                                                   parameters: ["LoadBalancerName": name]).element("LoadBalancerAttributes/AccessLog")
                let enabled = log?.bool("Enabled") ?? false
                if enabled { logBuckets.insert(location: log?.value("S3BucketName")) }
                return .known(enabled)
            }
            return balancer
        }
    }

    /// CloudFront is global: read once.
    func distributions() async throws(AWSError) -> [Distribution] {
        let summaries = try await client.restXMLPages(service: .cloudFront, operation: "ListDistributions", path: "/2020-05-31/distribution",
                                                      inputToken: "Marker", outputToken: "NextMarker", truncatedFlag: "IsTruncated")
            .collect().flatMap { $0.all("Items/DistributionSummary") }
        return await concurrentMap(summaries, limit: perResourceConcurrency) { summary in
            let id = summary.value("Id") ?? "?"
            var distribution = Distribution(reference: reference("AWS::CloudFront::Distribution", id, name: summary.value("DomainName"),
                                                                 arn: summary.value("ARN"), region: nil))
            distribution.webACL = .known(!(summary.value("WebACLId") ?? "").isEmpty)
            let read: XML? = await optional(.cloudFront, region: nil, missing: nil, fallback: nil) {
                () async throws(AWSError) -> XML? in
                let config = try await client.restXML(service: .cloudFront, operation: "GetDistributionConfig",
                                                      path: "/2020-05-31/distribution/\(PercentEncoding.encode(id))/config")
                let enabled = config.bool("Logging/Enabled") ?? false
                if enabled { logBuckets.insert(location: config.value("Logging/Bucket")) }
                for origin in config.all("Origins/Items/Origin") {
                    if let domain = origin.value("DomainName") { requestFlows.insert(RequestFlow(from: .resource(id), to: .domainName(domain))) }
                }
                if let acl = config.value("WebACLId"), !acl.isEmpty { requestFlows.insert(RequestFlow(from: id, to: acl)) }
                return config
            }
            guard let config = read else {
                distribution.logging = .unknown
                distribution.allowsHTTP = .unknown
                distribution.defaultCertificate = .unknown
                distribution.minimumProtocolVersion = .unknown
                distribution.s3Origins = .unknown
                return distribution
            }
            Self.readViewerSettings(config, into: &distribution)
            return distribution
        }
    }

    /// Logging, viewer protocol, certificate and S3 origins from a `GetDistributionConfig` answer.
    static func readViewerSettings(_ config: XML, into distribution: inout Distribution) {
        distribution.logging = .known(config.bool("Logging/Enabled") ?? false)
        let policies = ([config.value("DefaultCacheBehavior/ViewerProtocolPolicy")]
            + config.all("CacheBehaviors/Items/CacheBehavior").map { $0.value("ViewerProtocolPolicy") }).compactMap { $0 }
        distribution.allowsHTTP = .known(policies.contains("allow-all"))
        let custom = !(config.value("ViewerCertificate/ACMCertificateArn") ?? "").isEmpty
            || !(config.value("ViewerCertificate/IAMCertificateId") ?? "").isEmpty
        distribution.defaultCertificate = .known(!custom && (config.bool("ViewerCertificate/CloudFrontDefaultCertificate") ?? true))
        distribution.minimumProtocolVersion = .known(config.value("ViewerCertificate/MinimumProtocolVersion"))
        distribution.s3Origins = .known(config.all("Origins/Items/Origin").compactMap { origin in
            let hasS3Config = origin.element("S3OriginConfig") != nil
            guard hasS3Config || DistributionOrigin.isS3RESTEndpoint(origin.value("DomainName") ?? "") else { return nil }
            return DistributionOrigin(id: origin.value("Id") ?? "?", accessControl: !(origin.value("OriginAccessControlId") ?? "").isEmpty,
                                      accessIdentity: !(origin.value("S3OriginConfig/OriginAccessIdentity") ?? "").isEmpty)
        })
    }

    /// Web ACLs of `scope` (`REGIONAL`, or `CLOUDFRONT` in us-east-1) with their logging.
    func webACLs(_ regional: AWSClient, scope: String) async throws(AWSError) -> [WebACL] {
        let listed = try await regional.jsonPages(service: .wafv2, operation: "ListWebACLs", body: ["Scope": .string(scope), "Limit": 100],
                                                  inputToken: "NextMarker", outputToken: "NextMarker")
            .collect().flatMap { $0["WebACLs"]?.array ?? [] }
        return await concurrentMap(listed, limit: perResourceConcurrency) { item in
            let arn = item["ARN"]?.string ?? "?"
            var acl = WebACL(reference: reference("AWS::WAFv2::WebACL", arn, name: item["Name"]?.string, arn: arn,
                                                  region: scope == "CLOUDFRONT" ? nil : regional.region))
            acl.logging = await optional(.wafv2, region: regional.region, missing: .known(false), fallback: .unknown) {
                () async throws(AWSError) -> Setting<Bool> in
                let result = try await regional.json(service: .wafv2, operation: "GetLoggingConfiguration", body: ["ResourceArn": .string(arn)])
                for destination in result["LoggingConfiguration"]?["LogDestinationConfigs"]?.array ?? []
                where destination.string?.hasPrefix("arn:aws:s3:::") == true {
                    logBuckets.insert(location: destination.string)
                }
                return .known(result["LoggingConfiguration"] != nil)
            }
            if scope == "REGIONAL" {
                // The load balancers it protects: requests pass through it on their way.
                let protected = await optional(.wafv2, region: regional.region, missing: [], fallback: []) {
                    () async throws(AWSError) -> [String] in
                    try await regional.json(service: .wafv2, operation: "ListResourcesForWebACL",
                                            body: ["WebACLArn": .string(arn), "ResourceType": "APPLICATION_LOAD_BALANCER"])["ResourceArns"]?
                        .array?.compactMap(\.string) ?? []
                }
                for target in protected { requestFlows.insert(RequestFlow(from: arn, to: target)) }
            }
            return acl
        }
    }
}

// MARK: - Security groups

/// What one Region's security groups tell.
struct SecurityGroupsRead: Sendable {
    var ingress: [SecurityGroupIngress]
    var defaults: [DefaultSecurityGroup]
}

extension LiveReader {
    /// Every ingress permission of the Region's security groups, and each VPC's default group
    /// (`ec2:DescribeSecurityGroups`).
    func securityGroups(_ regional: AWSClient) async throws(AWSError) -> SecurityGroupsRead {
        let groups = try await regional.queryPages(service: .ec2, action: "DescribeSecurityGroups", inputToken: "NextToken",
                                                   outputToken: "nextToken").collect()
            .flatMap { $0.all("securityGroupInfo/item") }
        var result: [SecurityGroupIngress] = []
        var defaults: [DefaultSecurityGroup] = []
        for group in groups {
            guard let id = group.value("groupId") else { continue }
            let groupReference = reference("AWS::EC2::SecurityGroup", id, name: group.value("groupName"),
                                           arn: "arn:aws:ec2:\(regional.region):\(account):security-group/\(id)", region: regional.region)
            if group.value("groupName") == "default" {
                let rules = !group.all("ipPermissions/item").isEmpty || !group.all("ipPermissionsEgress/item").isEmpty
                defaults.append(DefaultSecurityGroup(reference: groupReference, hasRules: .known(rules)))
            }
            for (index, permission) in group.all("ipPermissions/item").enumerated() {
                let sources = permission.all("ipRanges/item").compactMap { $0.value("cidrIp") }
                    + permission.all("ipv6Ranges/item").compactMap { $0.value("cidrIpv6") }
                result.append(SecurityGroupIngress(reference: groupReference, protocolName: .from(permission.value("ipProtocol"), else: .unknown),
                                                   fromPort: .known(permission.int("fromPort")), toPort: .known(permission.int("toPort")),
                                                   sources: sources, key: "ingress.\(index)"))
            }
        }
        return SecurityGroupsRead(ingress: result, defaults: defaults)
    }
}
