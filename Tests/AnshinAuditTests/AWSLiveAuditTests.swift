@testable import AnshinAudit
import AnshinAWS
import AnshinCore
import AnshinHTTP
import AnshinTesting
import Foundation
import Testing

@Suite struct AWSLiveAuditTests {
    /// One account seeded once for the tests of this suite.
    static let seeded: Result<MotoAccount, any Error> = Result { try MotoAccount.seed() }
    static let home = FileManager.default.temporaryDirectory.appendingPathComponent("anshin-no-aws-home").path

    func read() async throws -> (MotoAccount, LiveAccountInventory) {
        let seeded = try Self.seeded.get()
        let client = try AWSClient.configured(environment: seeded.environment, homeDirectory: Self.home)
        let live = try await AWSAudit.read(client: client, options: .init(regions: ["us-east-1"], clock: Clock(now: Date())))
        return (seeded, live)
    }

    @Test func theInventoryHoldsWhatWasSeeded() async throws {
        let (seeded, live) = try await read()
        let inventory = live.inventory
        let p = seeded.prefix
        #expect(inventory.account == seeded.account)
        #expect(inventory.source == .aws)

        let open = try #require(inventory.s3Buckets.first { $0.reference.identifier == "\(p)-open" })
        #expect(open.publicAccessBlock == .known(nil))
        #expect(open.versioning == .known(.disabled))
        #expect(open.policy == .known(nil))
        #expect(open.reference.arn == "arn:aws:s3:::\(p)-open")
        #expect(open.reference.account == seeded.account)
        let locked = try #require(inventory.s3Buckets.first { $0.reference.identifier == "\(p)-locked" })
        #expect(locked.publicAccessBlock == .known(.all))
        #expect(locked.versioning == .known(.enabled))
        #expect(locked.encryption.value??.algorithm == .known("aws:kms"))
        #expect(locked.encryption.value??.kmsKeyID == .known("alias/data"))
        #expect(locked.lifecycleRules.value?.first?.expiresOrTransitions == true)
        #expect(locked.lifecycleRules.value?.first?.expiresNoncurrentVersions == true)

        let admin = try #require(inventory.iamUsers.first { $0.reference.identifier == "\(p)-admin" })
        #expect(admin.hasConsolePassword == .known(true))
        #expect(admin.accessKeys.count == 1)
        #expect(admin.accessKeys.first?.status == .known("Active"))
        #expect(admin.accessKeys.first?.lastUsed == .known(nil), "the seeded key was never used")
        #expect(admin.accessKeys.first?.created != nil)
        #expect(admin.accessKeys.first?.reference.identifier.hasPrefix("\(p)-admin/") == true)
        #expect(admin.inlinePolicies.first?.allowsEverything == true)
        #expect(admin.hasMFA == .known(false))
        #expect(admin.credentials.value?.passwordEnabled == true)
        let reader = try #require(inventory.iamUsers.first { $0.reference.identifier == "\(p)-reader" })
        #expect(reader.hasConsolePassword == .known(false))
        #expect(reader.accessKeys.first?.lastUsed.value??.isEmpty == false, "the reader's key was used once")
        #expect(reader.attachedPolicies == ["arn:aws:iam::\(seeded.account):policy/\(p)-reader"])
        let adminPolicy = try #require(inventory.iamPolicies.first { $0.reference.name == "\(p)-admin" })
        #expect(adminPolicy.document.value?.allowsEverything == true)
        #expect(adminPolicy.attached == .known(false))
        #expect(inventory.passwordPolicy.value??.minimumLength == .known(8))

        let forever = try #require(inventory.logGroups.first { $0.reference.identifier == "/\(p)/forever" })
        #expect(forever.retentionDays == .known(nil))
        #expect(forever.reference.region == "us-east-1")
        let month = try #require(inventory.logGroups.first { $0.reference.identifier == "/\(p)/month" })
        #expect(month.retentionDays == .known(30))

        let database = try #require(inventory.databases.first { $0.reference.identifier == "\(p)-db" })
        #expect(database.storageEncrypted == .known(false))
        #expect(database.engine == .known("postgres"))
        #expect(database.instanceClass == .known("db.t3.micro"))
        #expect(database.autoMinorVersionUpgrade == .known(false))

        let instances = inventory.instances.filter { $0.kind == .instance }
        #expect(Set(instances.compactMap(\.metadataTokens.value)) == ["optional", "required"])
        #expect(Set(instances.compactMap { $0.instanceType.value ?? nil }) == ["t3.micro", "t4g.micro"])
        #expect(inventory.vpcs.isEmpty == false, "moto gives every account a default VPC")

        // The account is fresh: its customer managed keys are the three seeded.
        let rotatable = inventory.kmsKeys.filter(\.rotatable.isTrue)
        #expect(rotatable.count == 2)
        #expect(rotatable.filter(\.rotation.isTrue).count == 1)
        #expect(rotatable.filter(\.rotation.isFalse).count == 1)
        #expect(inventory.kmsKeys.filter(\.rotatable.isFalse).count == 1, "the signing key")

        // The account is fresh: its volumes are the two seeded (and those of the seeded instances).
        #expect(inventory.ebsVolumes.filter(\.encrypted.isFalse).count >= 1)
        #expect(inventory.ebsVolumes.filter(\.encrypted.isTrue).count >= 1)

        let apiKey = try #require(inventory.managedSecrets.first { $0.reference.identifier == "\(p)/api-key" })
        let dbSecret = try #require(inventory.managedSecrets.first { $0.reference.identifier == "\(p)/db" })
        #expect(apiKey.rotation == .known(false) && dbSecret.rotation == .known(true))

        // The account's two distributions, told apart by their origins.
        let openCDN = try #require(inventory.distributions.first { $0.s3Origins.value?.first?.id == "\(p)-site" })
        #expect(openCDN.allowsHTTP == .known(true) && openCDN.defaultCertificate == .known(true))
        #expect(openCDN.s3Origins.value?.first?.accessControl == false)
        let strictCDN = try #require(inventory.distributions.first { $0.s3Origins == .known([]) })
        #expect(strictCDN.allowsHTTP == .known(false) && strictCDN.defaultCertificate == .known(false))
        #expect(strictCDN.minimumProtocolVersion == .known("TLSv1.2_2021"))

        let leaky = try #require(inventory.taskDefinitions.first { $0.reference.name == "\(p)-leaky" })
        let leakyApp = try #require(leaky.containers.value?.first)
        #expect(leakyApp.privileged == .known(true) && leakyApp.logging == .known(false))
        #expect(leakyApp.secretEnvironment == .known(["DB_PASSWORD"]))
        #expect(leaky.reference.arn?.hasSuffix("task-definition/\(p)-leaky:1") == true)
        let tidy = try #require(inventory.taskDefinitions.first { $0.reference.name == "\(p)-tidy" })
        #expect(tidy.containers.value?.first?.secretEnvironment == .known([]) && tidy.containers.value?.first?.logging == .known(true))

        let hook = try #require(inventory.functions.first { $0.reference.identifier == "\(p)-hook" })
        #expect(hook.secretEnvironment == .known(["SLACK_TOKEN"]) && hook.publicURL == .known(true))
        let job = try #require(inventory.functions.first { $0.reference.identifier == "\(p)-job" })
        #expect(job.secretEnvironment == .known([]) && job.publicURL == .known(false))

        let app = try #require(inventory.containerRepositories.first { $0.reference.identifier == "\(p)-app" })
        #expect(app.scanOnPush == .known(false) && app.immutableTags == .known(false))
        let api = try #require(inventory.containerRepositories.first { $0.reference.identifier == "\(p)-api" })
        #expect(api.scanOnPush == .known(true) && api.immutableTags == .known(true))

        let parameter = try #require(inventory.parameters.first { $0.reference.identifier == "/\(p)/db/password" })
        #expect(parameter.type == .known("SecureString"))
        #expect(parameter.managedByTerraform == false)
        #expect(parameter.storedPlaceholder == .known(true), "seeded with dummy")

        let classic = try #require(inventory.loadBalancers.first { $0.reference.identifier == "\(p)-classic" })
        #expect(classic.type == .known("classic"))
        #expect(classic.accessLogs == .known(false))
        #expect(classic.internal == .known(false))
        #expect(classic.reference.arn == "arn:aws:elasticloadbalancing:us-east-1:\(seeded.account):loadbalancer/\(p)-classic")
        let logged = try #require(inventory.loadBalancers.first { $0.reference.identifier == "\(p)-logged" })
        #expect(logged.accessLogs == .known(true))
        #expect(logged.internal == .known(true))
        let plainALB = try #require(inventory.loadBalancers.first { $0.reference.name == "\(p)-plain" })
        #expect(plainALB.type == .known("application") && plainALB.dropsInvalidHeaders == .known(false))
        let strictALB = try #require(inventory.loadBalancers.first { $0.reference.name == "\(p)-strict" })
        #expect(strictALB.dropsInvalidHeaders == .known(true))
        func listener(_ balancer: String, _ protocolName: String) throws -> LoadBalancerListener {
            try #require(inventory.listeners.first { $0.reference.identifier.contains("/\(balancer)/") && $0.protocolName == .known(protocolName) })
        }
        #expect(try listener("\(p)-plain", "HTTP").redirectsToHTTPS == .known(false))
        #expect(try listener("\(p)-strict", "HTTP").redirectsToHTTPS == .known(true))
        #expect(try listener("\(p)-plain", "HTTPS").sslPolicy == .known("ELBSecurityPolicy-2016-08"), "the API's default")
        #expect(try listener("\(p)-strict", "HTTPS").sslPolicy == .known("ELBSecurityPolicy-TLS13-1-2-2021-06"))
        // Buckets receiving a trail's or a balancer's logs are log targets; others are not.
        let targets = Set(inventory.s3Buckets.filter(\.isLogTarget).map(\.reference.identifier))
        #expect(targets.isSuperset(of: ["\(p)-locked", "\(p)-elb-logs"]))
        #expect(!targets.contains("\(p)-open"))
        #expect(inventory.s3Buckets.allSatisfy { !$0.holdsTerraformState }, "no environment names a state bucket here")
        let artifacts = Set(inventory.s3Buckets.filter(\.holdsBuildArtifacts).map(\.reference.identifier))
        #expect(artifacts == ["\(p)-artifacts", "\(p)-pipeline"], "the CodeBuild project's and the pipeline's artifact buckets")

        let trail = try #require(inventory.trails.first { $0.reference.name == "\(p)-trail" })
        #expect(trail.multiRegion == .known(false))
        #expect(trail.logging == .known(false), "a trail moto created is not started")
        #expect(live.regions.map(\.region) == ["us-east-1"])
        #expect(live.regions.first?.configRecorders?.isEmpty == true)
    }

    @Test func theChecksRunUnchangedOnLiveData() async throws {
        let (seeded, live) = try await read()
        let p = seeded.prefix
        let findings = AWSAudit.evaluate(live)
        func holds(_ rule: String, _ identifier: String) -> Bool {
            findings.contains { $0.ruleID == rule && $0.resource?.identifier == identifier }
        }
        #expect(holds("s3-bucket-public-access-block", "\(p)-open"))
        #expect(holds("ecr-image-scanning", "\(p)-app") && holds("ecr-tag-immutability", "\(p)-app"))
        #expect(!holds("ecr-image-scanning", "\(p)-api") && !holds("ecr-tag-immutability", "\(p)-api"))
        #expect(!holds("s3-bucket-public-access-block", "\(p)-locked"))
        #expect(holds("iam-policy-admin-access", "\(p)-admin"))
        #expect(holds("iam-user-console-password", "\(p)-admin"))
        #expect(holds("iam-user-exists", "\(p)-reader"))
        #expect(holds("ssm-parameter-secret-as-string", "/\(p)/app/API_TOKEN"))
        #expect(!holds("ssm-parameter-secret-as-string", "/\(p)/db/password"), "a SecureString")
        #expect(holds("ssm-parameter-placeholder", "/\(p)/db/password"))
        let placeholder = try #require(findings.first { $0.ruleID == "ssm-parameter-placeholder" })
        // The value is compared, never shown.
        #expect(placeholder.message?.contains("dummy") == false && placeholder.evidence == nil)
        #expect(holds("cloudwatch-log-group-retention", "/\(p)/forever"))
        #expect(!holds("cloudwatch-log-group-retention", "/\(p)/month"))
        #expect(holds("cloudwatch-audit-log-retention", "/\(p)/cloudtrail"))
        #expect(!holds("cloudwatch-audit-log-retention", "/\(p)/month"), "not an audit log")
        #expect(holds("elb-access-logs", "\(p)-classic"))
        #expect(!holds("elb-access-logs", "\(p)-logged"))
        func balancer(_ name: String) -> String? {
            live.inventory.loadBalancers.first { $0.reference.name == name }?.reference.identifier
        }
        #expect(holds("elb-drop-invalid-headers", balancer("\(p)-plain") ?? "-"))
        #expect(!holds("elb-drop-invalid-headers", balancer("\(p)-strict") ?? "-"))
        #expect(!holds("elb-drop-invalid-headers", "\(p)-classic"), "Classic Load Balancers have no such setting")
        func listeners(_ rule: String, _ balancer: String) -> [String] {
            findings.filter { $0.ruleID == rule && $0.resource?.identifier.contains("/\(balancer)/") == true }.compactMap(\.resource?.identifier)
        }
        #expect(listeners("elb-http-to-https-redirect", "\(p)-plain").count == 1, "its HTTP listener forwards")
        #expect(listeners("elb-http-to-https-redirect", "\(p)-strict").isEmpty)
        #expect(listeners("elb-tls-policy", "\(p)-plain").count == 1, "ELBSecurityPolicy-2016-08 accepts TLS 1.0")
        #expect(listeners("elb-tls-policy", "\(p)-strict").isEmpty)
        let leakyTask = try #require(live.inventory.taskDefinitions.first { $0.reference.name == "\(p)-leaky" }).reference.identifier
        let tidyTask = try #require(live.inventory.taskDefinitions.first { $0.reference.name == "\(p)-tidy" }).reference.identifier
        for rule in ["ecs-task-secrets-in-environment", "ecs-task-privileged", "ecs-task-logging"] {
            #expect(holds(rule, leakyTask) && !holds(rule, tidyTask), "\(rule)")
        }
        let leak = try #require(findings.first { $0.ruleID == "ecs-task-secrets-in-environment" })
        // The value is never shown, only the variable's name.
        #expect(leak.evidence == "DB_PASSWORD=[redacted]" && leak.message?.contains("not-a-real-pw3") == false)
        #expect(holds("lambda-secrets-in-environment", "\(p)-hook") && !holds("lambda-secrets-in-environment", "\(p)-job"))
        #expect(holds("lambda-function-url-public", "\(p)-hook") && !holds("lambda-function-url-public", "\(p)-job"))
        let token = try #require(findings.first { $0.ruleID == "lambda-secrets-in-environment" })
        #expect(token.evidence == "SLACK_TOKEN=[redacted]" && token.message?.contains("not-a-real-token") == false)
        let distributions = live.inventory.distributions
        let openCDN = try #require(distributions.first { $0.s3Origins.value?.first?.id == "\(p)-site" }).reference.identifier
        let strictCDN = try #require(distributions.first { $0.s3Origins == .known([]) }).reference.identifier
        #expect(holds("cloudfront-viewer-https", openCDN) && !holds("cloudfront-viewer-https", strictCDN))
        #expect(holds("cloudfront-viewer-tls", openCDN) && !holds("cloudfront-viewer-tls", strictCDN))
        #expect(findings.first { $0.ruleID == "cloudfront-viewer-tls" }?.severity == .low, "the default certificate")
        #expect(holds("cloudfront-s3-origin-access-control", openCDN) && !holds("cloudfront-s3-origin-access-control", strictCDN))
        #expect(holds("s3-bucket-access-logging", "\(p)-open"))
        #expect(!holds("s3-bucket-access-logging", "\(p)-elb-logs"), "a log target does not log to itself")
        #expect(holds("s3-artifact-bucket-lifecycle", "\(p)-artifacts"))
        #expect(!holds("s3-artifact-bucket-lifecycle", "\(p)-open"))
        #expect(holds("rds-instance-storage-encrypted", "\(p)-db"))
        #expect(holds("rds-instance-auto-minor-version-upgrade", "\(p)-db"))
        let bastion = try #require(live.inventory.securityGroupIngress.first { $0.reference.name == "\(p)-bastion" })
        #expect(bastion.opens([22]) == [22] && bastion.fromAnywhere)
        #expect(holds("security-group-open-admin-ports", bastion.reference.identifier))
        let web = try #require(live.inventory.securityGroupIngress.first { $0.reference.name == "\(p)-web" })
        #expect(!holds("security-group-open-admin-ports", web.reference.identifier))
        // moto's default VPC keeps AWS's default group, with its outbound rule.
        let defaultGroup = try #require(live.inventory.defaultSecurityGroups.first)
        #expect(defaultGroup.hasRules == .known(true))
        #expect(holds("vpc-default-security-group-closed", defaultGroup.reference.identifier))
        #expect(findings.filter { $0.ruleID == "kms-key-rotation" }.count == 1, "only the key without rotation")
        #expect(holds("config-recorder-enabled", seeded.account))
        let config = try #require(findings.first { $0.ruleID == "config-recorder-enabled" })
        #expect(config.resource?.region == "us-east-1")
        let bucket = try #require(findings.first { $0.ruleID == "s3-bucket-public-access-block" && $0.resource?.identifier == "\(p)-open" })
        #expect(bucket.resource?.account == seeded.account)
        #expect(bucket.resource?.arn == "arn:aws:s3:::\(p)-open")
    }

    @Test func theEnvironmentsStateBucketIsKnownLive() async throws {
        let seeded = try Self.seeded.get()
        let client = try AWSClient.configured(environment: seeded.environment, homeDirectory: Self.home)
        var options = AWSAudit.Options(regions: ["us-east-1"], clock: Clock(now: Date()))
        options.stateBuckets = ["\(seeded.prefix)-open"]
        let live = try await AWSAudit.read(client: client, options: options)
        let state = live.inventory.s3Buckets.filter(\.holdsTerraformState).map(\.reference.identifier)
        #expect(state == ["\(seeded.prefix)-open"])
        let versioning = try #require(AWSAudit.evaluate(live).first { $0.ruleID == "s3-bucket-versioning" && $0.resource?.identifier == "\(seeded.prefix)-open" })
        #expect(versioning.severity == .high, "an unversioned state bucket is worse than another")
        #expect(versioning.message?.contains("Terraform state") == true)
    }

    @Test func aRegionThatCannotBeReachedIsNotAssessed() async throws {
        let seeded = try Self.seeded.get()
        // Lambda's endpoint points at a closed port: its listing fails, the rest is still read.
        var environment = seeded.environment
        environment["AWS_ENDPOINT_URL_LAMBDA"] = "http://127.0.0.1:9"
        let client = try AWSClient.configured(environment: environment, homeDirectory: Self.home, retry: RetryPolicy(maxAttempts: 1))
        let live = try await AWSAudit.read(client: client, options: .init(regions: ["us-east-1"]))
        let lambda = live.notes.filter { $0.message.contains("Lambda in us-east-1 not assessed (lambda:ListFunctions)") }
        #expect(lambda.count == 1)
        #expect(lambda.first?.kind == .notAssessed)
        #expect(live.inventory.s3Buckets.contains { $0.reference.identifier == "\(seeded.prefix)-open" })
    }

    @Test func aRegionWhereNothingCanBeReadIsOneNote() async throws {
        let seeded = try Self.seeded.get()
        // Every regional service of us-west-2 answers from a closed port, as a Region that is not
        // enabled for the account fails every call; us-east-1 is still read.
        var environment = seeded.environment
        for service in RegionalPart.services { environment["AWS_ENDPOINT_URL_\(service.environmentSuffix)"] = "http://127.0.0.1:9" }
        environment["AWS_ENDPOINT_URL_S3"] = seeded.endpoint
        environment["AWS_ENDPOINT_URL_IAM"] = seeded.endpoint
        let client = try AWSClient.configured(environment: environment, homeDirectory: Self.home, retry: RetryPolicy(maxAttempts: 1))
        let live = try await AWSAudit.read(client: client, options: .init(regions: ["us-west-2"]))
        let regional = live.notes.filter { $0.message.contains("us-west-2") }
        #expect(regional.count == 1, "\(regional.map(\.message))")
        #expect(regional.first?.message.hasPrefix("account \(seeded.account): Region us-west-2 not assessed: no service could be read there") == true)
        #expect(live.inventory.iamUsers.contains { $0.reference.identifier == "\(seeded.prefix)-admin" }, "global services are still read")
        #expect(!AWSAudit.evaluate(live).contains { $0.ruleID == "config-recorder-enabled" }, "no recorder seen is not no recorder")
    }

    @Test func withoutCredentialsTheAuditDoesNotStart() async throws {
        let environment = ["AWS_EC2_METADATA_DISABLED": "true", "AWS_REGION": "us-east-1"]
        #expect(AWSAudit.missingCredentials(environment: environment, homeDirectory: Self.home) == "no AWS credentials are configured")
        #expect(AWSAudit.missingCredentials(profile: "nope", environment: environment, homeDirectory: Self.home)
                == "AWS profile \"nope\" is not configured here")
        await #expect(throws: AWSError.self) {
            _ = try await AWSAudit.run(AWSAuditTarget(), clock: Clock(now: Date()), environment: environment, homeDirectory: Self.home)
        }
    }
}

@Suite struct AWSOrganizationAuditTests {
    @Test func everyAccountOfTheOrganizationIsAudited() async throws {
        let management = try MotoAccount.seed(organization: true)
        let member = try #require(management.member)
        let client = try AWSClient.configured(environment: management.environment, homeDirectory: AWSLiveAuditTests.home)
        let result = try await AWSAudit.runOrganization(management: client, options: .init(regions: ["us-east-1"]))
        #expect(Set(result.accounts) == [management.account, member])
        // The member is read through the role assumed in it: its own (empty) account.
        #expect(result.findings.contains { $0.ruleID == "config-recorder-enabled" && $0.resource?.account == member })
        #expect(result.findings.contains { $0.ruleID == "s3-bucket-public-access-block" && $0.resource?.account == management.account })
        #expect(!result.findings.contains { $0.resource?.account == member && $0.resource?.identifier == "\(management.prefix)-open" })
        // Both belong to the Organization now.
        #expect(!result.findings.contains { $0.ruleID == "account-in-organization" })
        // The management account's only trail is its own, delivering to its own bucket, and no
        // account is named as a log archive.
        #expect(result.findings.contains { $0.ruleID == "organization-log-archive-account" && $0.resource?.account == management.account })
        #expect(!result.findings.contains { $0.ruleID == "organization-log-archive-account" && $0.resource?.account == member })
    }
}

/// The request path of a live account: subnets told public or private by their route tables,
/// the load balancer's target groups, the ECS service and Auto Scaling group behind them, all
/// placed in their VPC's subnets, and drawn so.
@Suite struct AWSLiveRequestPathTests {
    @Test func theDiagramOfAWebServiceFollowsItsRequests() async throws {
        let seeded = try MotoAccount.seed(web: true)
        let p = seeded.prefix
        let client = try AWSClient.configured(environment: seeded.environment, homeDirectory: AWSLiveAuditTests.home)
        let live = try await AWSAudit.read(client: client, options: .init(regions: ["us-east-1"], clock: Clock(now: Date())))
        let inventory = live.inventory

        let ours = inventory.subnets.filter { $0.reference.name?.hasPrefix("\(p)-") == true }
        let vpc = try #require(inventory.vpcs.first { $0.reference.identifier == ours.first?.reference.vpc })
        #expect(ours.count == 4 && ours.allSatisfy { $0.reference.vpc == vpc.reference.identifier })
        for subnet in ours {
            let name = subnet.reference.name ?? ""
            #expect(subnet.isPublic == .known(name.contains("-public-")), "\(name): \(subnet.isPublic)")
        }
        let balancer = try #require(inventory.loadBalancers.first { $0.reference.name == "\(p)-alb" })
        #expect(balancer.reference.vpc == vpc.reference.identifier && balancer.reference.subnets.count == 2)
        let web = try #require(inventory.targetGroups.first { $0.reference.name == "\(p)-web" })
        let workers = try #require(inventory.targetGroups.first { $0.reference.name == "\(p)-workers" })
        #expect(web.targetType == .known("ip") && web.reference.vpc == vpc.reference.identifier)
        let service = try #require(inventory.containerServices.first { $0.reference.name == "\(p)-web" })
        #expect(service.size == "Fargate × 2" && service.reference.vpc == vpc.reference.identifier)
        let group = try #require(inventory.autoScalingGroups.first { $0.reference.name == "\(p)-workers" })
        #expect(group.size == "0–3 instances" && group.reference.subnets.count == 2)
        let flows = Set(inventory.requestFlows)
        for (from, to) in [(balancer.reference.identifier, web.reference.identifier), (balancer.reference.identifier, workers.reference.identifier),
                           (web.reference.identifier, service.reference.identifier), (workers.reference.identifier, group.reference.identifier)] {
            #expect(flows.contains(RequestFlow(from: from, to: to)), "\(from) → \(to)")
        }
        // In front: the aliases and the distribution, joined by the DNS names they name.
        let app = try #require(inventory.dnsRecords.first { $0.reference.name == "app.\(p).test" })
        let www = try #require(inventory.dnsRecords.first { $0.reference.name == "www.\(p).test" })
        #expect(!inventory.dnsRecords.contains { $0.reference.name == "mail.\(p).test" }, "a record that aliases nothing is not on the path")
        // The web service's distribution: CloudFront's certificate and no S3 origin (the account's
        // others serve a bucket, or use a certificate of their own).
        let cdn = try #require(inventory.distributions.first { $0.defaultCertificate == .known(true) && $0.s3Origins == .known([]) })
        #expect(flows.contains(RequestFlow(from: app.reference.identifier, to: balancer.reference.identifier)))
        #expect(flows.contains(RequestFlow(from: www.reference.identifier, to: cdn.reference.identifier)))
        #expect(flows.contains(RequestFlow(from: cdn.reference.identifier, to: balancer.reference.identifier)))
        #expect(inventory.requestFlows.allSatisfy { if case .resource = $0.to { true } else { false } }, "every DNS name resolved or dropped")
        let database = try #require(inventory.databases.first { $0.reference.identifier == "\(p)-web-db" })
        #expect(database.reference.vpc == vpc.reference.identifier && database.reference.subnets.count == 2)

        // Drawn: the balancer in the public subnets, the service, group and database in the
        // private ones, and requests from the balancer through both target groups.
        let diagram = InfrastructureDiagram(title: "live", sources: [.init(inventory: inventory)])
        #expect(diagram.region == "us-east-1", "the Region its resources were read in")
        func node(_ identifier: String) throws -> InfrastructureDiagram.Node {
            try #require(diagram.nodes.first { $0.members.contains(".:" + identifier) }, "\(identifier) is drawn")
        }
        let vpcBox = try node(vpc.reference.identifier)
        let sides = diagram.containers.filter { $0.parent == vpcBox.id }
        let publicBox = try #require(sides.first { $0.label == "Public subnets" })
        let privateBox = try #require(sides.first { $0.label == "Private subnets" })
        #expect(try node(balancer.reference.identifier).place == .subnets(publicBox.id))
        for identifier in [service.reference.identifier, group.reference.identifier, database.reference.identifier] {
            #expect(try node(identifier).place == .subnets(privateBox.id), "\(identifier)")
        }
        let requests = Set(diagram.edges.filter { $0.kind == .requests }.map { "\($0.from)>\($0.to)" })
        for (from, to) in [(balancer, web.reference), (balancer, workers.reference)].map({ ($0.0.reference.identifier, $0.1.identifier) })
            + [(web.reference.identifier, service.reference.identifier), (workers.reference.identifier, group.reference.identifier)] {
            #expect(requests.contains("\(try node(from).id)>\(try node(to).id)"), "\(from) → \(to) drawn")
        }
    }
}
