import AnshinAWS
import AnshinCore
import Foundation

/// One account read live: the account-wide Inventory the checks evaluate, the facts that hold per
/// Region (Config recorders, EBS encryption by default), and what could not be read.
public struct LiveAccountInventory: Sendable {
    /// Everything of the account: global services, and every Region's resources (each carries its Region).
    public var inventory: Inventory
    /// Per-Region account settings, in the order the Regions were given.
    public var regions: [RegionalSettings]
    /// "Not assessed" notes: services, Regions and actions that could not be read.
    public var notes: [Note]
    /// Services that could not be listed and hold nothing that was read: checks that judge
    /// their resources missing must stay silent.
    public var unlisted: Set<AWSService>

    /// Account settings that hold per Region.
    public struct RegionalSettings: Sendable {
        public var region: String
        /// nil when Config could not be read there.
        public var configRecorders: [ConfigRecorder]?
        public var ebsEncryptionByDefault: Setting<Bool>
    }
}

/// What a live audit found, over one account or every account of an Organization.
public struct AWSAuditResult: Sendable {
    public var findings: [Finding]
    public var notes: [Note]
    /// The accounts audited, in order.
    public var accounts: [String]
    /// What was read of each account, for comparisons with Terraform.
    public var inventories: [Inventory] = []
}

/// The live audit of AWS accounts: reads each account through ``AWSClient`` into an
/// ``Inventory`` (``LiveReader``) and runs the same checks as the Terraform audit.
///
/// Global services (IAM, Organizations, S3's bucket list, CloudFront) are read once per account;
/// regional ones in every Region asked for, Regions in parallel up to ``Options/regionConcurrency``.
/// A Region or service that is denied, not subscribed or failing becomes a "not assessed" note,
/// never a crash or a silent gap.
public enum AWSAudit {
    public struct Options: Sendable {
        /// The Regions to audit; the first is the home Region of global calls.
        public var regions: [String]
        public var environment: String?
        public var production: Bool
        public var clock: Clock?
        public var regionConcurrency: Int
        /// Calls about single resources (a bucket's settings) at once, per reader.
        public var resourceConcurrency: Int
        /// Buckets known to hold Terraform state (named by the environment's S3 backends).
        public var stateBuckets: Set<String> = []
        /// The shortest retention of audit and security log groups, in days.
        public var auditLogRetentionDays = 365
        /// Counts the accounts read out of all of them, as they finish, for a progress line.
        public var progress: LockedValue<(done: Int, total: Int)>?

        public init(regions: [String], environment: String? = nil, production: Bool = false, clock: Clock? = nil,
                    regionConcurrency: Int = 4, resourceConcurrency: Int = 8) {
            self.regions = regions
            self.environment = environment
            self.production = production
            self.clock = clock
            self.regionConcurrency = regionConcurrency
            self.resourceConcurrency = resourceConcurrency
        }
    }

    /// Audits the account of `client`'s credentials.
    ///
    /// Throws only when the account cannot be identified (`sts:GetCallerIdentity` fails: no,
    /// expired or invalid credentials); everything after that degrades into notes.
    public static func run(client: AWSClient, options: Options, checks: [any Check] = CheckCatalog.all) async throws(AWSError) -> AWSAuditResult {
        defer { options.progress?.withLock { $0.done += 1 } }
        let live = try await read(client: client, options: options)
        return AWSAuditResult(findings: evaluate(live, checks: checks), notes: live.notes, accounts: [live.inventory.account ?? "?"],
                              inventories: [live.inventory])
    }

    /// Reads the account of `client`'s credentials.
    public static func read(client: AWSClient, options: Options) async throws(AWSError) -> LiveAccountInventory {
        let home = options.regions.first ?? client.region
        let identity = try await STSClient(client: client.inRegion(home)).getCallerIdentity()
        let reader = LiveReader(client: client.inRegion(home), account: identity.account, environment: options.environment,
                                gaps: LiveGaps(), perResourceConcurrency: options.resourceConcurrency)
        var inventory = Inventory(source: .aws, environment: options.environment, production: options.production)
        inventory.account = identity.account
        inventory.clock = options.clock
        inventory.auditLogRetentionDays = options.auditLogRetentionDays

        async let alias = reader.listing(.iam, region: nil) { () async throws(AWSError) in try await reader.accountAlias() }
        async let passwordPolicy = reader.passwordPolicy()
        async let organization = reader.listing(.organizations, region: nil) { () async throws(AWSError) in try await reader.organization() }
        async let identityCenter = reader.identityCenter()
        async let buckets = reader.listing(.s3, region: nil) { () async throws(AWSError) in try await reader.s3Buckets() }
        async let accountBlock = reader.accountPublicAccessBlock()
        async let distributions = reader.listing(.cloudFront, region: nil) { () async throws(AWSError) in try await reader.distributions() }
        async let cloudFrontACLs = reader.listing(.wafv2, region: "us-east-1") { () async throws(AWSError) in
            try await reader.webACLs(client.inRegion("us-east-1"), scope: "CLOUDFRONT")
        }
        async let records = reader.listing(.route53, region: nil) { () async throws(AWSError) in try await reader.dnsRecords() }
        async let policies = reader.listing(.iam, region: nil) { () async throws(AWSError) in try await reader.iamPolicies() }
        async let attachments = reader.listing(.iam, region: nil) { () async throws(AWSError) in
            try await reader.administratorAccessAttachments()
        }
        let report = await reader.credentialReport()
        async let users = reader.listing(.iam, region: nil) { () async throws(AWSError) in try await reader.iamUsers(report: report?.users) }
        async let root = reader.rootUser(report: report)
        let regional = await concurrentMap(options.regions, limit: options.regionConcurrency) { region in
            await RegionalPart.read(reader, client.inRegion(region))
        }

        inventory.accountAlias = await alias ?? .unknown
        inventory.passwordPolicy = await passwordPolicy
        inventory.organization = await organization ?? .unknown
        inventory.identityCenter = await identityCenter
        inventory.s3Buckets = await buckets ?? []
        inventory.accountPublicAccessBlock = await accountBlock
        inventory.distributions = await distributions ?? []
        inventory.webACLs = await cloudFrontACLs ?? []
        inventory.iamPolicies = await policies ?? []
        let recordsRead = await records
        inventory.dnsRecords = recordsRead?.records ?? []
        inventory.requestFlows = recordsRead?.flows ?? []
        inventory.policyAttachments = await attachments ?? []
        inventory.iamUsers = await users ?? []
        inventory.rootUser = await root
        var seenTrails = Set<String>()
        for part in regional {
            inventory.trails += part.trails.filter { seenTrails.insert($0.reference.identifier).inserted }
            inventory.configRecorders += part.configRecorders ?? []
            inventory.vpcs += part.vpcs
            inventory.loadBalancers += part.loadBalancers
            inventory.listeners += part.listeners
            inventory.webACLs += part.webACLs
            inventory.databases += part.databases
            inventory.cacheClusters += part.cacheClusters
            inventory.instances += part.instances
            inventory.logGroups += part.logGroups
            inventory.parameters += part.parameters
            inventory.kmsKeys += part.kmsKeys
            inventory.containerRepositories += part.containerRepositories
            inventory.ebsVolumes += part.ebsVolumes
            inventory.managedSecrets += part.managedSecrets
            inventory.securityGroupIngress += part.securityGroupIngress
            inventory.defaultSecurityGroups += part.defaultSecurityGroups
            inventory.functions += part.functions
            inventory.taskDefinitions += part.taskDefinitions
            inventory.subnets += part.subnets
            inventory.targetGroups += part.targetGroups
            inventory.containerServices += part.containerServices
            inventory.autoScalingGroups += part.autoScalingGroups
            inventory.requestFlows += part.requestFlows
            if let hub = part.securityHub { inventory.securityHub.append(hub) }
            if let detector = part.guardDuty { inventory.guardDuty.append(detector) }
        }
        inventory.requestFlows += reader.requestFlows.all
        inventory.resolveRequestPath()
        // Buckets that receive trails', balancers', flow logs', Config's, CloudFront's and WAF's
        // logs are log targets, like those receiving server access logs.
        // Buckets of CodeBuild's and CodePipeline's artifacts hold build artifacts.
        let logBuckets = reader.logBuckets.all
        let artifactBuckets = reader.artifactBuckets.all
        for index in inventory.s3Buckets.indices {
            let name = inventory.s3Buckets[index].reference.identifier
            if logBuckets.contains(name) { inventory.s3Buckets[index].isLogTarget = true }
            if artifactBuckets.contains(name) { inventory.s3Buckets[index].holdsBuildArtifacts = true }
            if options.stateBuckets.contains(name) { inventory.s3Buckets[index].holdsTerraformState = true }
        }
        // The log-archive account, seen from the management account when everything it takes
        // could be listed.
        if case .known(var organization?) = inventory.organization, organization.isManagementAccount == .known(true),
           organization.logArchiveAccount.isUnknown, let accounts = organization.accounts.value, let account = inventory.account,
           !reader.gaps.unlisted(.cloudTrail), !reader.gaps.unlisted(.s3) {
            organization.logArchiveAccount = Organization.logArchive(accounts: accounts, management: account, trails: inventory.trails,
                                                                     ownBuckets: Set(inventory.s3Buckets.map(\.reference.identifier)))
            inventory.organization = .known(organization)
        }
        var unlisted = Set<AWSService>()
        if inventory.trails.isEmpty && reader.gaps.unlisted(.cloudTrail) { unlisted.insert(.cloudTrail) }
        let settings = regional.map { part in
            LiveAccountInventory.RegionalSettings(region: part.region, configRecorders: part.configRecorders,
                                                  ebsEncryptionByDefault: part.ebsEncryptionByDefault)
        }
        return LiveAccountInventory(inventory: inventory, regions: settings,
                                    notes: reader.gaps.notes(account: identity.account, regionalServices: RegionalPart.services),
                                    unlisted: unlisted)
    }

    /// Runs `checks` over an account read live: account-wide checks once, per-Region account
    /// settings per Region.
    public static func evaluate(_ live: LiveAccountInventory, checks: [any Check] = CheckCatalog.all) -> [Finding] {
        let runnable = checks.filter { check in check.metadata.absenceNeedsListing.map { !live.unlisted.contains($0) } ?? true }
        let regionalChecks = runnable.filter { $0.metadata.scope == .region }
        var findings = CheckCatalog.evaluate(live.inventory, checks: runnable.filter { $0.metadata.scope != .region })
        for settings in live.regions {
            var scoped = Inventory(source: .aws, environment: live.inventory.environment, production: live.inventory.production)
            scoped.account = live.inventory.account
            scoped.accountAlias = live.inventory.accountAlias
            scoped.region = settings.region
            scoped.ebsEncryptionByDefault = settings.ebsEncryptionByDefault
            var scopedChecks = regionalChecks
            if let recorders = settings.configRecorders {
                scoped.configRecorders = recorders
            } else {
                scopedChecks.removeAll { $0.metadata.absenceNeedsListing == .config }
            }
            findings += CheckCatalog.evaluate(scoped, checks: scopedChecks)
        }
        return findings
    }
}

/// What one Region holds.
struct RegionalPart: Sendable {
    var region: String
    var trails: [Trail] = []
    var configRecorders: [ConfigRecorder]?
    var vpcs: [VPC] = []
    var loadBalancers: [LoadBalancer] = []
    var listeners: [LoadBalancerListener] = []
    var webACLs: [WebACL] = []
    var databases: [Database] = []
    var cacheClusters: [CacheCluster] = []
    var instances: [Instance] = []
    var logGroups: [LogGroup] = []
    var parameters: [Parameter] = []
    var kmsKeys: [KMSKey] = []
    var containerRepositories: [ContainerRepository] = []
    var ebsVolumes: [EBSVolume] = []
    var managedSecrets: [ManagedSecret] = []
    var securityGroupIngress: [SecurityGroupIngress] = []
    var defaultSecurityGroups: [DefaultSecurityGroup] = []
    var functions: [Function] = []
    var taskDefinitions: [TaskDefinition] = []
    var subnets: [Subnet] = []
    var targetGroups: [TargetGroup] = []
    var containerServices: [ContainerService] = []
    var autoScalingGroups: [AutoScalingGroup] = []
    var requestFlows: [RequestFlow] = []
    var securityHub: RegionalService?
    var guardDuty: RegionalService?
    var ebsEncryptionByDefault: Setting<Bool> = .unknown

    /// The services every Region is read from.
    static let services: [AWSService] = [.cloudTrail, .config, .ec2, .elasticLoadBalancing, .elasticLoadBalancingV2, .codeBuild, .codePipeline, .wafv2, .rds, .elastiCache,
                                         .cloudWatchLogs, .ssm, .lambda, .securityHub, .guardDuty, .ecs, .autoScaling, .secretsManager]

    /// Every regional reader of the Region, concurrently.
    static func read(_ reader: LiveReader, _ regional: AWSClient) async -> RegionalPart {
        let region = regional.region
        async let trails = reader.listing(.cloudTrail, region: region) { () async throws(AWSError) in try await reader.trails(regional) }
        async let recorders = reader.listing(.config, region: region) { () async throws(AWSError) in try await reader.configRecorders(regional) }
        async let vpcs = reader.listing(.ec2, region: region) { () async throws(AWSError) in try await reader.vpcs(regional) }
        async let instances = reader.listing(.ec2, region: region) { () async throws(AWSError) in try await reader.instances(regional) }
        async let templates = reader.listing(.ec2, region: region) { () async throws(AWSError) in try await reader.launchTemplates(regional) }
        async let ebs = reader.listing(.ec2, region: region) { () async throws(AWSError) in try await reader.ebsEncryptionByDefault(regional) }
        async let balancers = reader.listing(.elasticLoadBalancingV2, region: region) { () async throws(AWSError) in
            try await reader.loadBalancers(regional)
        }
        async let classic = reader.listing(.elasticLoadBalancing, region: region) { () async throws(AWSError) in
            try await reader.classicLoadBalancers(regional)
        }
        async let builds: Void? = reader.listing(.codeBuild, region: region) { () async throws(AWSError) in
            try await reader.codeBuildArtifactBuckets(regional)
        }
        async let pipelines: Void? = reader.listing(.codePipeline, region: region) { () async throws(AWSError) in
            try await reader.codePipelineArtifactBuckets(regional)
        }
        async let acls = reader.listing(.wafv2, region: region) { () async throws(AWSError) in try await reader.webACLs(regional, scope: "REGIONAL") }
        async let databases = reader.listing(.rds, region: region) { () async throws(AWSError) in try await reader.databases(regional) }
        async let caches = reader.listing(.elastiCache, region: region) { () async throws(AWSError) in try await reader.cacheClusters(regional) }
        async let groups = reader.listing(.cloudWatchLogs, region: region) { () async throws(AWSError) in try await reader.logGroups(regional) }
        async let parameters = reader.listing(.ssm, region: region) { () async throws(AWSError) in try await reader.parameters(regional) }
        async let keys = reader.listing(.kms, region: region) { () async throws(AWSError) in try await reader.kmsKeys(regional) }
        async let volumes = reader.listing(.ec2, region: region) { () async throws(AWSError) in try await reader.ebsVolumes(regional) }
        async let repositories = reader.listing(.ecr, region: region) { () async throws(AWSError) in
            try await reader.containerRepositories(regional)
        }
        async let securityGroups = reader.listing(.ec2, region: region) { () async throws(AWSError) in try await reader.securityGroups(regional) }
        async let functions = reader.listing(.lambda, region: region) { () async throws(AWSError) in try await reader.functions(regional) }
        async let hub = reader.listing(.securityHub, region: region) { () async throws(AWSError) in try await reader.securityHub(regional) }
        async let detector = reader.listing(.guardDuty, region: region) { () async throws(AWSError) in try await reader.guardDuty(regional) }
        async let secrets = reader.listing(.secretsManager, region: region) { () async throws(AWSError) in
            try await reader.managedSecrets(regional)
        }
        async let subnets = reader.listing(.ec2, region: region) { () async throws(AWSError) in try await reader.subnets(regional) }
        async let targetGroups = reader.listing(.elasticLoadBalancingV2, region: region) { () async throws(AWSError) in
            try await reader.targetGroups(regional)
        }
        async let services = reader.listing(.ecs, region: region) { () async throws(AWSError) in try await reader.containerServices(regional) }
        async let tasks = reader.listing(.ecs, region: region) { () async throws(AWSError) in try await reader.taskDefinitions(regional) }
        async let scaling = reader.listing(.autoScaling, region: region) { () async throws(AWSError) in
            try await reader.autoScalingGroups(regional)
        }
        var part = RegionalPart(region: region)
        part.subnets = await subnets ?? []
        part.managedSecrets = await secrets ?? []
        let groupsRead = await targetGroups, servicesRead = await services, scalingRead = await scaling
        part.targetGroups = groupsRead?.groups ?? []
        part.containerServices = servicesRead?.services ?? []
        part.autoScalingGroups = scalingRead?.groups ?? []
        part.requestFlows = (groupsRead?.flows ?? []) + (servicesRead?.flows ?? []) + (scalingRead?.flows ?? [])
        part.trails = await trails ?? []
        part.configRecorders = await recorders
        part.vpcs = await vpcs ?? []
        part.instances = (await instances ?? []) + (await templates ?? [])
        part.ebsEncryptionByDefault = await ebs ?? .unknown
        let modernBalancers = await balancers ?? []
        part.loadBalancers = modernBalancers + (await classic ?? [])
        part.listeners = await reader.listeners(regional, of: modernBalancers)
        part.webACLs = await acls ?? []
        part.databases = await databases ?? []
        part.cacheClusters = await caches ?? []
        part.logGroups = await groups ?? []
        part.parameters = await parameters ?? []
        part.kmsKeys = await keys ?? []
        part.containerRepositories = await repositories ?? []
        part.ebsVolumes = await volumes ?? []
        let securityGroupsRead = await securityGroups
        part.securityGroupIngress = securityGroupsRead?.ingress ?? []
        part.defaultSecurityGroups = securityGroupsRead?.defaults ?? []
        part.functions = await functions ?? []
        part.taskDefinitions = await tasks ?? []
        part.securityHub = await hub
        part.guardDuty = await detector
        _ = (await builds, await pipelines)
        return part
    }
}

extension LiveReader {
    /// `read`'s value, or nil after recording that `service` could not list in `region`.
    func listing<T: Sendable>(_ service: AWSService, region: String?, _ read: () async throws(AWSError) -> T) async -> T? {
        do throws(AWSError) {
            return try await read()
        } catch {
            gaps.record(error, service: service, region: region, listing: true)
            return nil
        }
    }
}
