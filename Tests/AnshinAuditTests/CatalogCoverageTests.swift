import AnshinCore
import Foundation
import Testing
@testable import AnshinAudit

/// Catalog-wide guarantees: checks never guess, and every catalog entry can fire.
@Suite struct CatalogCoverageTests {
    /// One resource of every kind, with every setting unknown.
    static func unknownEverything(_ source: Inventory.Source) -> Inventory {
        var inventory = source == .terraform ? Inventory.terraform() : Inventory.aws()
        inventory.terraform = nil
        let ref = Fixture.tf("aws_thing", "x")
        var bucket = S3Bucket(reference: ref)
        bucket.publicAccessBlock = .unknown
        bucket.encryption = .unknown
        bucket.versioning = .unknown
        bucket.lifecycleRules = .unknown
        bucket.logging = .unknown
        bucket.policy = .unknown
        var artifacts = bucket
        artifacts.holdsBuildArtifacts = true
        inventory.s3Buckets = [bucket, artifacts]
        inventory.accountPublicAccessBlock = .unknown
        var user = IAMUser(reference: ref)
        user.hasConsolePassword = .unknown
        user.hasMFA = .unknown
        user.accessKeys = [AccessKey(reference: ref, status: .unknown)]
        inventory.iamUsers = [user]
        inventory.iamPolicies = [IAMPolicy(reference: ref, document: .unknown)]
        var trail = Trail(reference: ref)
        trail.multiRegion = .unknown
        trail.logFileValidation = .unknown
        trail.kmsKeyID = .unknown
        trail.cloudWatchLogs = .unknown
        trail.organizationTrail = .unknown
        trail.logging = .unknown
        trail.managementEvents = .unknown
        inventory.trails = [trail]
        var recorder = ConfigRecorder(reference: ref)
        recorder.allSupported = .unknown
        recorder.includesGlobalResources = .unknown
        recorder.recording = .unknown
        inventory.configRecorders = [recorder]
        var vpc = VPC(reference: ref)
        vpc.flowLogs = .unknown
        inventory.vpcs = [vpc]
        var balancer = LoadBalancer(reference: ref)
        balancer.type = .unknown
        balancer.accessLogs = .unknown
        inventory.loadBalancers = [balancer]
        var listener = LoadBalancerListener(reference: ref)
        listener.protocolName = .unknown
        listener.redirectsToHTTPS = .unknown
        listener.sslPolicy = .unknown
        var unknownPolicy = LoadBalancerListener(reference: ref)
        unknownPolicy.protocolName = .known("HTTPS")
        unknownPolicy.sslPolicy = .unknown
        inventory.listeners = [listener, unknownPolicy]
        var distribution = Distribution(reference: ref)
        distribution.logging = .unknown
        distribution.allowsHTTP = .unknown
        distribution.defaultCertificate = .unknown
        distribution.minimumProtocolVersion = .unknown
        distribution.s3Origins = .unknown
        inventory.distributions = [distribution]
        var acl = WebACL(reference: ref)
        acl.logging = .unknown
        inventory.webACLs = [acl]
        inventory.databases = [Database.Kind.instance, .cluster].map { kind in
            var database = Database(reference: ref, kind: kind)
            database.engine = .unknown
            database.instanceClass = .unknown
            database.storageEncrypted = .unknown
            database.multiAZ = .unknown
            database.publiclyAccessible = .unknown
            database.deletionProtection = .unknown
            database.backupRetentionDays = .unknown
            database.autoMinorVersionUpgrade = .unknown
            return database
        }
        var cache = CacheCluster(reference: ref)
        cache.engine = .unknown
        cache.nodeType = .unknown
        cache.atRestEncryption = .unknown
        cache.transitEncryption = .unknown
        inventory.cacheClusters = [cache]
        inventory.instances = [Instance.Kind.instance, .launchTemplate, .launchConfiguration].map { kind in
            var instance = Instance(reference: ref, kind: kind)
            instance.instanceType = .unknown
            instance.metadataTokens = .unknown
            instance.publicIP = .unknown
            return instance
        }
        var group = LogGroup(reference: ref)
        group.retentionDays = .unknown
        inventory.logGroups = [group]
        inventory.parameters = [Parameter(reference: ref, type: .unknown, managedByTerraform: true)]
        var key = KMSKey(reference: ref)
        key.rotation = .unknown
        key.rotatable = .unknown
        key.enabled = .unknown
        inventory.kmsKeys = [key]
        var repository = ContainerRepository(reference: ref)
        repository.scanOnPush = .unknown
        repository.immutableTags = .unknown
        inventory.containerRepositories = [repository]
        var volume = EBSVolume(reference: ref)
        volume.encrypted = .unknown
        inventory.ebsVolumes = [volume]
        var secret = ManagedSecret(reference: ref)
        secret.rotation = .unknown
        inventory.managedSecrets = [secret]
        inventory.securityGroupIngress = [SecurityGroupIngress(reference: ref, protocolName: .unknown, fromPort: .unknown, toPort: .unknown,
                                                               sources: [])]
        inventory.defaultSecurityGroups = [DefaultSecurityGroup(reference: ref, hasRules: .unknown)]
        var function = Function(reference: ref)
        function.architectures = .unknown
        function.secretEnvironment = .unknown
        function.publicURL = .unknown
        var unknownTask = TaskDefinition(reference: ref)
        unknownTask.containers = .unknown
        var unknownContainer = ContainerDefinition(name: "app")
        unknownContainer.privileged = .unknown
        unknownContainer.logging = .unknown
        unknownContainer.secretEnvironment = .unknown
        var partlyKnownTask = TaskDefinition(reference: ref)
        partlyKnownTask.containers = .known([unknownContainer])
        inventory.taskDefinitions = [unknownTask, partlyKnownTask]
        inventory.functions = [function]
        inventory.ebsEncryptionByDefault = .unknown
        var organization = Organization(reference: ref, managementAccount: .unknown, isManagementAccount: .unknown)
        organization.accounts = .unknown
        organization.logArchiveAccount = .unknown
        inventory.organization = .known(organization)
        inventory.securityHub = [RegionalService(reference: ref, enabled: .unknown)]
        inventory.guardDuty = [RegionalService(reference: ref, enabled: .unknown)]
        inventory.passwordPolicy = .known(PasswordPolicy(minimumLength: .unknown, requireUppercase: .unknown, requireLowercase: .unknown,
                                                         requireNumbers: .unknown, requireSymbols: .unknown, reusePrevention: .unknown,
                                                         maximumAge: .unknown))
        // The clock is known, so only the unknown facts keep the age checks silent.
        inventory.clock = Clock(now: Date(timeIntervalSince1970: 1_793_491_200))
        return inventory
    }

    /// One resource of every kind, each failing every check that reads it.
    /// With `localState`, no backend; otherwise an S3 backend without encryption or locking.
    static func badEverything(localState: Bool = false) -> Inventory {
        .terraform { inventory in
            inventory.terraform = TerraformSettings(directory: ".", requiredVersion: nil,
                                                    providers: [.init(name: "aws", source: "hashicorp/aws")],
                                                    backend: localState ? nil : .init(type: "s3", settings: ["bucket": "state"]),
                                                    location: Fixture.line(1, "versions.tf"))
            let ref = Fixture.tf("aws_thing", "x")
            inventory.accountPublicAccessBlock = .known(nil)
            var bucket = S3Bucket(reference: ref)
            bucket.versioning = .known(.enabled)
            var artifacts = S3Bucket(reference: Fixture.tf("aws_s3_bucket", "artifacts"))
            artifacts.holdsBuildArtifacts = true
            inventory.s3Buckets = [bucket, artifacts]
            var user = IAMUser(reference: ref)
            user.hasConsolePassword = .known(true)
            user.hasMFA = .known(false)
            user.accessKeys = [AccessKey(reference: Fixture.tf("aws_iam_access_key", "x"))]
            user.inlinePolicies = [PolicyDocument(statements: [.init(effect: "Allow", actions: ["*"], resources: ["*"])])]
            inventory.iamUsers = [user]
            inventory.trails = [Trail(reference: ref)]
            var recorder = ConfigRecorder(reference: ref)
            recorder.recording = .known(false)
            inventory.configRecorders = [recorder]
            inventory.vpcs = [VPC(reference: ref)]
            inventory.loadBalancers = [LoadBalancer(reference: ref)]
            var https = LoadBalancerListener(reference: Fixture.tf("aws_lb_listener", "https"))
            https.protocolName = .known("HTTPS")
            inventory.listeners = [LoadBalancerListener(reference: Fixture.tf("aws_lb_listener", "http")), https]
            inventory.distributions = [Distribution(reference: ref)]
            var open = Distribution(reference: Fixture.tf("aws_cloudfront_distribution", "open"))
            open.allowsHTTP = .known(true)
            open.s3Origins = .known([DistributionOrigin(id: "site", accessControl: false, accessIdentity: false)])
            inventory.distributions.append(open)
            inventory.webACLs = [WebACL(reference: ref)]
            var instance = Database(reference: ref, kind: .instance)
            instance.engine = .known("mysql")
            instance.instanceClass = .known("db.m5.large")
            instance.publiclyAccessible = .known(true)
            instance.backupRetentionDays = .known(0)
            instance.autoMinorVersionUpgrade = .known(false)
            inventory.databases = [instance, Database(reference: Fixture.tf("aws_rds_cluster", "x"), kind: .cluster)]
            var cache = CacheCluster(reference: ref)
            cache.engine = .known("redis")
            cache.nodeType = .known("cache.r5.large")
            inventory.cacheClusters = [cache]
            var ec2 = Instance(reference: ref, kind: .instance)
            ec2.instanceType = .known("m5.large")
            inventory.instances = [ec2]
            var trailLogs = LogGroup(reference: Fixture.tf("aws_cloudwatch_log_group", "trail", named: "/aws/cloudtrail/main"))
            trailLogs.retentionDays = .known(30)
            inventory.logGroups = [LogGroup(reference: ref), trailLogs]
            var placeholder = Parameter(reference: Fixture.tf("aws_ssm_parameter", "placeholder"), type: .known("SecureString"),
                                        managedByTerraform: false)
            placeholder.storedPlaceholder = .known(true)
            inventory.parameters = [placeholder, Parameter(reference: ref, type: .known("SecureString"), managedByTerraform: true),
                                    Parameter(reference: Fixture.tf("aws_ssm_parameter", "token", named: "/acme/API_TOKEN"),
                                              type: .known("String"), managedByTerraform: true)]
            inventory.kmsKeys = [KMSKey(reference: ref)]
            inventory.containerRepositories = [ContainerRepository(reference: ref)]
            inventory.ebsVolumes = [EBSVolume(reference: ref)]
            inventory.managedSecrets = [ManagedSecret(reference: ref)]
            inventory.securityGroupIngress = [SecurityGroupIngress(reference: ref, protocolName: .known("tcp"), fromPort: .known(22),
                                                                   toPort: .known(22), sources: ["0.0.0.0/0"])]
            inventory.defaultSecurityGroups = [DefaultSecurityGroup(reference: ref, hasRules: .known(true), location: Fixture.line(3))]
            inventory.policyAttachments = [PolicyAttachment(reference: Fixture.tf("aws_iam_role_policy_attachment", "x"), principal: .role,
                                                            principalName: "deploy", policyARN: "arn:aws:iam::aws:policy/AdministratorAccess")]
            inventory.functions = [Function(reference: ref)]
            var exposed = Function(reference: Fixture.tf("aws_lambda_function", "hook"))
            exposed.secretEnvironment = .known(["SLACK_TOKEN"])
            exposed.publicURL = .known(true)
            inventory.functions.append(exposed)
            var container = ContainerDefinition(name: "app")
            container.privileged = .known(true)
            container.secretEnvironment = .known(["DB_PASSWORD"])
            var task = TaskDefinition(reference: Fixture.tf("aws_ecs_task_definition", "app"))
            task.containers = .known([container])
            inventory.taskDefinitions = [task]
            inventory.ebsEncryptionByDefault = .known(false)
            // Account facts: the two variants cover the checks that exclude each other (no MFA
            // versus a virtual one; no Organization versus a management account with workloads).
            let clock = Clock(now: Date(timeIntervalSince1970: 1_793_491_200))
            let longAgo = Date(timeIntervalSince1970: 1_735_689_600)
            inventory.clock = clock
            inventory.rootUser.passwordPresent = .known(true)
            inventory.rootUser.mfaEnabled = .known(!localState)
            inventory.rootUser.hardwareMFA = .known(false)
            inventory.rootUser.accessKeysPresent = .known(true)
            inventory.rootUser.passwordLastUsed = .known(clock.now)
            inventory.rootUser.accessKeyLastUsed = .known(nil)
            inventory.iamUsers[0].credentials = .known(CredentialReportEntry(
                userCreated: longAgo, passwordEnabled: true,
                accessKeys: [.init(number: 1, active: true, lastRotated: longAgo, lastUsed: nil)]))
            inventory.passwordPolicy = .known(nil)
            inventory.securityHub = [RegionalService(reference: ref, enabled: .known(false))]
            inventory.guardDuty = [RegionalService(reference: ref, enabled: .known(false))]
            if localState {
                inventory.organization = .known(nil)
            } else {
                var organization = Organization(reference: Fixture.tf("aws_organizations_organization", "main"),
                                                managementAccount: .unknown, isManagementAccount: .known(true))
                organization.logArchiveAccount = .known(nil)
                inventory.organization = .known(organization)
            }
        }
    }

    /// Checks whose only fact is that a resource exists, which is known even when its settings are not.
    static let existenceChecks: Set<String> = ["iam-user-exists"]

    @Test(arguments: CheckCatalog.all.map(\.metadata.id).filter { !existenceChecks.contains($0) })
    func unknownSettingsNeverReport(id: String) throws {
        let check = try #require(CheckCatalog.all.first { $0.metadata.id == id })
        #expect(check.evaluate(Self.unknownEverything(.terraform)).isEmpty)
        #expect(check.evaluate(Self.unknownEverything(.aws)).isEmpty)
    }

    @Test(arguments: CheckCatalog.all.map(\.metadata.id))
    func everyCheckFiresOnABadInventory(id: String) throws {
        let check = try #require(CheckCatalog.all.first { $0.metadata.id == id })
        let findings = check.evaluate(Self.badEverything()) + check.evaluate(Self.badEverything(localState: true))
        // What the audit raises while reading its sources never comes from an inventory.
        #expect(findings.isEmpty == !check.metadata.readsInventory)
        #expect(findings.allSatisfy { $0.ruleID == id && !$0.summary.isEmpty && $0.location != nil })
    }

    @Test func fingerprintsAreDistinct() {
        for inventory in [Self.badEverything(), Self.badEverything(localState: true)] {
            let findings = CheckCatalog.evaluate(inventory)
            #expect(Set(findings.map(\.fingerprint)).count == findings.count)
        }
    }
}
