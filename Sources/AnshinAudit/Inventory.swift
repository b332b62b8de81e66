import AnshinCore

/// # AnshinAudit
///
/// Audit checks over a normalised ``Inventory`` of resources. The inventory is filled either from
/// Terraform evaluated for one environment or from the live AWS APIs, so one check covers both and
/// a finding can say "your Terraform for prd declares this" or "your prd account has this".
///
/// Design choice: checks never talk to the network and never guess. A setting that only exists
/// after `terraform apply` (or that an API would not tell) is ``Setting/unknown``; a check that
/// meets an unknown value stays silent instead of reporting what it cannot know.

/// A value that is either known or not knowable before apply.
public enum Setting<Value: Sendable & Hashable>: Sendable, Hashable {
    case known(Value)
    case unknown

    /// The value when known.
    public var value: Value? {
        if case .known(let value) = self { return value }
        return nil
    }

    public var isUnknown: Bool { self == .unknown }

    /// Applies `transform` to a known value.
    public func map<T>(_ transform: (Value) -> T) -> Setting<T> {
        switch self {
        case .known(let value): .known(transform(value))
        case .unknown: .unknown
        }
    }
}

extension Setting where Value == Bool {
    /// Known and true.
    public var isTrue: Bool { value == true }
    /// Known and false: the only case in which a check may report a missing setting.
    public var isFalse: Bool { value == false }
}

/// Where a resource comes from and where to fix it.
public struct ResourceReference: Sendable, Hashable {
    /// The Terraform resource type or the AWS resource type (`AWS::S3::Bucket`).
    public var kind: String
    /// Terraform address (`aws_s3_bucket.logs`) or live resource id.
    public var identifier: String
    /// The resource's own name where it has one (a bucket's name), when known.
    public var name: String?
    public var arn: String?
    public var account: String?
    public var region: String?
    public var environment: String?
    /// The block that declares it (Terraform), relative to the audited folder.
    public var location: Location?
    /// The VPC the resource runs in (the VPC's Terraform address or id), when known: from
    /// Terraform, through the subnets, subnet groups or security groups the resource names.
    public var vpc: String?
    /// The subnets the resource runs in (their Terraform addresses or ids), when known: an
    /// instance's subnet, a load balancer's, a database's subnet group's, a service's.
    public var subnets: [String] = []

    public init(kind: String, identifier: String, name: String? = nil, arn: String? = nil, account: String? = nil,
                region: String? = nil, environment: String? = nil, location: Location? = nil) {
        self.kind = kind
        self.identifier = identifier
        self.name = name
        self.arn = arn
        self.account = account
        self.region = region
        self.environment = environment
        self.location = location
    }

    /// The Finding's view of this resource.
    public var resource: Resource {
        Resource(kind: kind, identifier: identifier, arn: arn, account: account, region: region, environment: environment)
    }
}

/// Everything the checks look at, for one environment (Terraform) or one account (live).
public struct Inventory: Sendable {
    /// What the inventory was built from.
    public enum Source: Sendable, Hashable {
        /// Terraform code evaluated for an environment.
        case terraform
        /// The live APIs of an account.
        case aws
    }

    public var source: Source
    /// The catalog environment, if any.
    public var environment: String?
    /// Production environments get the checks that only matter there (Multi-AZ, deletion protection).
    public var production: Bool
    /// The AWS account the inventory describes (live), or the environment's account from the catalog, when known.
    public var account: String?
    /// The region of account-level settings (EBS encryption by default), when known.
    public var region: String?
    /// Where account-level settings are declared (Terraform), keyed by the Terraform resource type:
    /// `aws_s3_account_public_access_block`, `aws_ebs_encryption_by_default`.
    public var accountSettingLocations: [String: Location] = [:]

    public var s3Buckets: [S3Bucket] = []
    /// Account-level S3 Block Public Access; `.known(nil)` when none is configured.
    public var accountPublicAccessBlock: Setting<PublicAccessBlock?> = .unknown
    public var iamUsers: [IAMUser] = []
    public var iamPolicies: [IAMPolicy] = []
    /// Managed policies attached to users, groups and roles: every attachment from Terraform;
    /// live, the attachments of the AWS managed policies a check asks about (AdministratorAccess).
    public var policyAttachments: [PolicyAttachment] = []
    /// The trails that record the account: live, `DescribeTrails` with shadow trails, so a member
    /// account sees the Organization's trail (``Trail/organizationTrail``) among its own.
    public var trails: [Trail] = []
    public var configRecorders: [ConfigRecorder] = []
    public var vpcs: [VPC] = []
    public var loadBalancers: [LoadBalancer] = []
    /// Listeners of Application and Network Load Balancers.
    public var listeners: [LoadBalancerListener] = []
    public var distributions: [Distribution] = []
    public var webACLs: [WebACL] = []
    public var databases: [Database] = []
    public var cacheClusters: [CacheCluster] = []
    public var instances: [Instance] = []
    public var logGroups: [LogGroup] = []
    public var parameters: [Parameter] = []
    /// The shortest retention, in days, of log groups holding audit and security logs
    /// (`audit.log_retention_days` of `anshin.yml`).
    public var auditLogRetentionDays: Int = 365
    /// Rules letting traffic into security groups.
    public var securityGroupIngress: [SecurityGroupIngress] = []
    /// Each VPC's default security group.
    public var defaultSecurityGroups: [DefaultSecurityGroup] = []
    /// Customer managed KMS keys.
    public var kmsKeys: [KMSKey] = []
    /// Private ECR repositories.
    public var containerRepositories: [ContainerRepository] = []
    /// EBS volumes (`aws_ebs_volume`; live, every volume of the Region).
    public var ebsVolumes: [EBSVolume] = []
    public var managedSecrets: [ManagedSecret] = []
    /// ECS task definitions.
    public var taskDefinitions: [TaskDefinition] = []
    public var functions: [Function] = []
    /// The request path: subnets, target groups, container services, Auto Scaling groups, DNS
    /// records, and who sends requests to whom (``RequestFlow``).
    public var subnets: [Subnet] = []
    public var targetGroups: [TargetGroup] = []
    public var containerServices: [ContainerService] = []
    public var autoScalingGroups: [AutoScalingGroup] = []
    public var dnsRecords: [DNSRecord] = []
    public var requestFlows: [RequestFlow] = []
    /// Whether EBS encryption by default is on for the region; unknown when the code does not say.
    public var ebsEncryptionByDefault: Setting<Bool> = .unknown
    /// The Terraform settings of the root module (Terraform inventories only).
    public var terraform: TerraformSettings?

    // Facts about the account itself, read live from STS, Organizations, IAM (credential report and
    // account summary), SSO Admin, Security Hub and GuardDuty; Terraform declares some of them.

    /// The account alias; `.known(nil)` when the account has none.
    public var accountAlias: Setting<String?> = .unknown
    /// The Organization the account belongs to; `.known(nil)` when it belongs to none.
    public var organization: Setting<Organization?> = .unknown
    /// The root user's credentials and their use (live only).
    public var rootUser = RootUser()
    /// The IAM account password policy; `.known(nil)` when the account has none (AWS's default rules apply).
    public var passwordPolicy: Setting<PasswordPolicy?> = .unknown
    /// Security Hub in each Region assessed; empty when no Region says.
    public var securityHub: [RegionalService] = []
    /// GuardDuty's detector in each Region assessed; empty when no Region says.
    public var guardDuty: [RegionalService] = []
    /// Whether an IAM Identity Center instance serves the account (its Organization's or its own).
    public var identityCenter: Setting<Bool> = .unknown
    /// The time of the audit, for checks about the age of credentials; checks that need it stay
    /// silent without it. Set from ``Clock/current(environment:)`` so `SOURCE_DATE_EPOCH` fixes it.
    public var clock: Clock?

    public init(source: Source, environment: String? = nil, production: Bool = false) {
        self.source = source
        self.environment = environment
        self.production = production
    }
}

// MARK: - S3

/// The four switches of S3 Block Public Access.
public struct PublicAccessBlock: Sendable, Hashable {
    public var blockPublicACLs: Setting<Bool>
    public var ignorePublicACLs: Setting<Bool>
    public var blockPublicPolicy: Setting<Bool>
    public var restrictPublicBuckets: Setting<Bool>

    public init(blockPublicACLs: Setting<Bool>, ignorePublicACLs: Setting<Bool>, blockPublicPolicy: Setting<Bool>,
                restrictPublicBuckets: Setting<Bool>) {
        self.blockPublicACLs = blockPublicACLs
        self.ignorePublicACLs = ignorePublicACLs
        self.blockPublicPolicy = blockPublicPolicy
        self.restrictPublicBuckets = restrictPublicBuckets
    }

    /// All four on.
    public static let all = PublicAccessBlock(blockPublicACLs: .known(true), ignorePublicACLs: .known(true),
                                              blockPublicPolicy: .known(true), restrictPublicBuckets: .known(true))

    var switches: [(String, Setting<Bool>)] {
        [("block_public_acls", blockPublicACLs), ("ignore_public_acls", ignorePublicACLs),
         ("block_public_policy", blockPublicPolicy), ("restrict_public_buckets", restrictPublicBuckets)]
    }

    /// The switches known to be off.
    public var off: [String] { switches.filter { $0.1.isFalse }.map(\.0) }
}

/// Default encryption of a bucket.
public struct BucketEncryption: Sendable, Hashable {
    /// `AES256`, `aws:kms` or `aws:kms:dsse`.
    public var algorithm: Setting<String>
    public var kmsKeyID: Setting<String?>

    public init(algorithm: Setting<String>, kmsKeyID: Setting<String?> = .known(nil)) {
        self.algorithm = algorithm
        self.kmsKeyID = kmsKeyID
    }
}

public enum VersioningStatus: String, Sendable, Hashable {
    case enabled = "Enabled", suspended = "Suspended", disabled = "Disabled"
}

public struct LifecycleRule: Sendable, Hashable {
    public var enabled: Setting<Bool>
    /// Expires current objects (`expiration`) or moves them (`transition`).
    public var expiresOrTransitions: Bool
    public var expiresNoncurrentVersions: Bool
    public var abortsIncompleteUploads: Bool

    public init(enabled: Setting<Bool>, expiresOrTransitions: Bool, expiresNoncurrentVersions: Bool, abortsIncompleteUploads: Bool) {
        self.enabled = enabled
        self.expiresOrTransitions = expiresOrTransitions
        self.expiresNoncurrentVersions = expiresNoncurrentVersions
        self.abortsIncompleteUploads = abortsIncompleteUploads
    }
}

public struct S3Bucket: Sendable, Hashable {
    public var reference: ResourceReference
    /// `.known(nil)` when no bucket-level public access block exists.
    public var publicAccessBlock: Setting<PublicAccessBlock?> = .known(nil)
    /// `.known(nil)` when no default encryption is configured (S3 still applies SSE-S3 since 2023).
    public var encryption: Setting<BucketEncryption?> = .known(nil)
    public var versioning: Setting<VersioningStatus> = .known(.disabled)
    public var lifecycleRules: Setting<[LifecycleRule]> = .known([])
    /// Whether server access logging is configured.
    public var logging: Setting<Bool> = .known(false)
    /// `.known(nil)` when the bucket has no policy.
    public var policy: Setting<PolicyDocument?> = .known(nil)
    /// The bucket stores CI/CD artifacts (a CodeBuild or CodePipeline artifact store uses it).
    public var holdsBuildArtifacts: Bool = false
    /// The bucket receives access logs of other resources (then it must not log to itself).
    public var isLogTarget: Bool = false
    /// The identifiers of the resources known to deliver logs into the bucket (a trail, a load
    /// balancer, a distribution, a bucket's server access logs, a VPC's flow log), in reading order.
    public var logSources: [String] = []
    /// The bucket holds Terraform state (named by a backend configuration).
    public var holdsTerraformState: Bool = false
    /// Where each setting is written, so a finding can point at the line to change. Keys read by the
    /// checks: `public_access_block`, `encryption`, `versioning`, `lifecycle`, `logging`, `policy`
    /// (with provider v4+ each is its own resource, e.g. `aws_s3_bucket_versioning`).
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference) {
        self.reference = reference
    }

    /// A bucket name from how services write a bucket: a name, `name/prefix`, an S3 ARN, or a
    /// bucket domain name (`name.s3.amazonaws.com`, as CloudFront logging takes it).
    public static func name(fromLocation text: String) -> String {
        var name = Substring(text)
        if name.hasPrefix("arn:") {
            name = name.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).last ?? name
        }
        if name.hasPrefix("s3://") { name = name.dropFirst(5) }
        name = name.split(separator: "/", omittingEmptySubsequences: false).first ?? name
        if let range = name.range(of: ".s3.") ?? name.range(of: ".s3-") { name = name[..<range.lowerBound] }
        return String(name)
    }
}

// MARK: - IAM

/// An IAM policy document reduced to what checks read.
public struct PolicyDocument: Sendable, Hashable {
    public struct Statement: Sendable, Hashable {
        public var effect: String
        public var actions: [String]
        public var notActions: [String]
        public var resources: [String]
        public var principals: [String]
        /// Condition operator → key → values, e.g. `Bool` → `aws:SecureTransport` → `["false"]`.
        public var conditions: [String: [String: [String]]]

        public init(effect: String, actions: [String] = [], notActions: [String] = [], resources: [String] = [],
                    principals: [String] = [], conditions: [String: [String: [String]]] = [:]) {
            self.effect = effect
            self.actions = actions
            self.notActions = notActions
            self.resources = resources
            self.principals = principals
            self.conditions = conditions
        }
    }

    public var statements: [Statement]

    public init(statements: [Statement]) {
        self.statements = statements
    }

    /// An `Allow` of every action on every resource (`"Action": "*"`, `"Resource": "*"`).
    public var allowsEverything: Bool {
        statements.contains { $0.effect == "Allow" && $0.actions.contains("*") && $0.resources.contains("*") }
    }

    /// A `Deny` of requests without TLS (`aws:SecureTransport` false), as S3.5 asks.
    public var deniesInsecureTransport: Bool {
        statements.contains { statement in
            statement.effect == "Deny"
                && (statement.actions.contains { $0 == "*" || $0 == "s3:*" } || statement.notActions.isEmpty == false)
                && statement.conditions["Bool"]?["aws:SecureTransport"]?.contains("false") == true
        }
    }
}

public struct AccessKey: Sendable, Hashable {
    public var reference: ResourceReference
    /// `Active` or `Inactive`.
    public var status: Setting<String>
    /// ISO 8601 creation date (live only).
    public var created: String?
    /// ISO 8601 last use (live only): `.known(nil)` for a key never used, `.unknown` when it
    /// could not be read (Terraform, or `iam:GetAccessKeyLastUsed` denied).
    public var lastUsed: Setting<String?>

    public init(reference: ResourceReference, status: Setting<String> = .known("Active"), created: String? = nil,
                lastUsed: Setting<String?> = .unknown) {
        self.reference = reference
        self.status = status
        self.created = created
        self.lastUsed = lastUsed
    }
}

public struct IAMUser: Sendable, Hashable {
    public var reference: ResourceReference
    /// A console password exists (`aws_iam_user_login_profile`).
    public var hasConsolePassword: Setting<Bool> = .known(false)
    public var accessKeys: [AccessKey] = []
    /// Managed policies attached directly to the user (ARNs or Terraform references).
    public var attachedPolicies: [String] = []
    /// Inline policies on the user.
    public var inlinePolicies: [PolicyDocument] = []
    /// Where each directly attached or inline policy is declared.
    public var policyLocations: [Location] = []
    /// MFA devices (live only; unknown from Terraform).
    public var hasMFA: Setting<Bool> = .unknown
    /// The user's row of the IAM credential report (live only; unknown from Terraform).
    public var credentials: Setting<CredentialReportEntry> = .unknown
    /// Where settings are declared. Keys read by the checks: `login_profile` (the
    /// `aws_iam_user_login_profile`), `inline_policy.<index>` (the inline policy at that index of
    /// ``inlinePolicies``).
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference) {
        self.reference = reference
    }
}

public struct IAMPolicy: Sendable, Hashable {
    public var reference: ResourceReference
    public var document: Setting<PolicyDocument>
    /// Whether anything is attached to it (unknown from Terraform when attached elsewhere).
    public var attached: Setting<Bool>

    public init(reference: ResourceReference, document: Setting<PolicyDocument>, attached: Setting<Bool> = .unknown) {
        self.reference = reference
        self.document = document
        self.attached = attached
    }
}

/// A managed policy attached to a user, group or role.
public struct PolicyAttachment: Sendable, Hashable {
    public enum Principal: String, Sendable, Hashable {
        case user, group, role
    }

    /// The attachment resource (Terraform) or the principal (live).
    public var reference: ResourceReference
    public var principal: Principal
    /// The principal's name, or the reference as written when its name is known only after apply.
    public var principalName: String
    /// The policy's ARN.
    public var policyARN: String

    public init(reference: ResourceReference, principal: Principal, principalName: String, policyARN: String) {
        self.reference = reference
        self.principal = principal
        self.principalName = principalName
        self.policyARN = policyARN
    }

    /// The policy's name: the last part of its ARN.
    public var policyName: String { policyARN.split(separator: "/").last.map(String.init) ?? policyARN }

    /// Whether the policy is the AWS managed AdministratorAccess (in any partition).
    public var isAdministratorAccess: Bool {
        policyARN.hasPrefix("arn:aws") && policyARN.hasSuffix(":iam::aws:policy/AdministratorAccess")
    }
}

// MARK: - Logging and governance

public struct Trail: Sendable, Hashable {
    public var reference: ResourceReference
    public var multiRegion: Setting<Bool> = .known(false)
    public var logFileValidation: Setting<Bool> = .known(false)
    /// `.known(nil)` when logs are not encrypted with a KMS key.
    public var kmsKeyID: Setting<String?> = .known(nil)
    /// Whether the trail delivers to CloudWatch Logs.
    public var cloudWatchLogs: Setting<Bool> = .known(false)
    public var organizationTrail: Setting<Bool> = .known(false)
    /// The bucket the trail delivers to, when known.
    public var bucket: String?
    public var logging: Setting<Bool> = .known(true)
    /// Records management events for reads and writes.
    public var managementEvents: Setting<Bool> = .known(true)
    /// Where settings are written. Keys read by the checks: `is_multi_region_trail`, `kms_key_id`,
    /// `enable_log_file_validation`, `cloud_watch_logs_group_arn`.
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference) {
        self.reference = reference
    }
}

public struct ConfigRecorder: Sendable, Hashable {
    public var reference: ResourceReference
    public var allSupported: Setting<Bool> = .known(true)
    public var includesGlobalResources: Setting<Bool> = .known(false)
    /// Whether it is started (`aws_config_configuration_recorder_status`).
    public var recording: Setting<Bool> = .unknown
    /// Where settings are written. Keys read by the checks: `recording_group`, `is_enabled`.
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference) {
        self.reference = reference
    }
}

public struct VPC: Sendable, Hashable {
    public var reference: ResourceReference
    /// Whether a flow log captures its traffic.
    public var flowLogs: Setting<Bool> = .known(false)

    public init(reference: ResourceReference) {
        self.reference = reference
    }
}

public struct LoadBalancer: Sendable, Hashable {
    public var reference: ResourceReference
    /// `application`, `network`, `gateway` or `classic`.
    public var type: Setting<String> = .known("application")
    public var accessLogs: Setting<Bool> = .known(false)
    public var deletionProtection: Setting<Bool> = .known(false)
    public var dropsInvalidHeaders: Setting<Bool> = .known(false)
    public var `internal`: Setting<Bool> = .known(false)
    /// The DNS name it answers at, when known (live only): what aliases and origins name.
    public var dnsName: String?
    /// Where settings are written. Keys read by the checks: `access_logs`, `drop_invalid_header_fields`.
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference) {
        self.reference = reference
    }
}

/// A listener of an Application or Network Load Balancer (`aws_lb_listener`; live,
/// `DescribeListeners`).
public struct LoadBalancerListener: Sendable, Hashable {
    public var reference: ResourceReference
    /// `HTTP`, `HTTPS` (Application Load Balancers), `TCP`, `TLS`, `UDP`, `TCP_UDP` (Network).
    public var protocolName: Setting<String> = .known("HTTP")
    /// Its default action redirects every request to HTTPS.
    public var redirectsToHTTPS: Setting<Bool> = .known(false)
    /// The security policy of an HTTPS or TLS listener: which TLS versions it accepts.
    public var sslPolicy: Setting<String?> = .known(nil)
    /// Where settings are written. Keys read by the checks: `default_action`, `ssl_policy`.
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference) {
        self.reference = reference
    }
}

public struct Distribution: Sendable, Hashable {
    public var reference: ResourceReference
    public var logging: Setting<Bool> = .known(false)
    public var webACL: Setting<Bool> = .known(false)
    /// A cache behaviour (the default or an ordered one) lets viewers use plain HTTP (`allow-all`).
    public var allowsHTTP: Setting<Bool> = .known(false)
    /// Viewers are served CloudFront's own certificate (`*.cloudfront.net`), which accepts TLS 1.0.
    public var defaultCertificate: Setting<Bool> = .known(true)
    /// The viewer security policy with a custom certificate (`TLSv1.2_2021`); nil when none is named.
    public var minimumProtocolVersion: Setting<String?> = .known(nil)
    /// Origins on an S3 bucket's REST endpoint, which origin access control can protect.
    public var s3Origins: Setting<[DistributionOrigin]> = .known([])
    /// Where settings are written. Keys read by the checks: `logging_config`, `viewer_protocol_policy`,
    /// `viewer_certificate`.
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference) {
        self.reference = reference
    }
}

/// An origin of a CloudFront distribution on an S3 bucket's REST endpoint.
public struct DistributionOrigin: Sendable, Hashable {
    /// The origin's id in the distribution.
    public var id: String
    /// Signed by an origin access control.
    public var accessControl: Bool
    /// Reached through a legacy origin access identity.
    public var accessIdentity: Bool
    /// Where the origin is written (Terraform).
    public var location: Location?

    public init(id: String, accessControl: Bool, accessIdentity: Bool, location: Location? = nil) {
        self.id = id
        self.accessControl = accessControl
        self.accessIdentity = accessIdentity
        self.location = location
    }

    /// Whether a domain name is an S3 REST endpoint (`bucket.s3.region.amazonaws.com`,
    /// `bucket.s3.amazonaws.com`, `bucket.s3-region.amazonaws.com`); website endpoints
    /// (`s3-website`) are custom origins that origin access control cannot sign for.
    public static func isS3RESTEndpoint(_ domain: String) -> Bool {
        let name = domain.lowercased()
        guard name.hasSuffix(".amazonaws.com") || name.hasSuffix(".amazonaws.com.cn"), !name.contains("s3-website") else { return false }
        return name.contains(".s3.") || name.contains(".s3-")
    }
}

public struct WebACL: Sendable, Hashable {
    public var reference: ResourceReference
    public var logging: Setting<Bool> = .known(false)

    public init(reference: ResourceReference) {
        self.reference = reference
    }
}

// MARK: - Data stores and compute

public struct Database: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case instance, cluster }

    public var reference: ResourceReference
    public var kind: Kind
    public var engine: Setting<String?> = .known(nil)
    /// e.g. `db.t3.medium`; clusters have none.
    public var instanceClass: Setting<String?> = .known(nil)
    public var storageEncrypted: Setting<Bool> = .known(false)
    public var multiAZ: Setting<Bool> = .known(false)
    public var publiclyAccessible: Setting<Bool> = .known(false)
    public var deletionProtection: Setting<Bool> = .known(false)
    public var backupRetentionDays: Setting<Int> = .known(1)
    /// Minor engine versions are applied in the maintenance window (instances; AWS's default).
    public var autoMinorVersionUpgrade: Setting<Bool> = .known(true)
    /// Member of a cluster (its storage and backups are the cluster's).
    public var inCluster: Bool = false
    /// Where settings are written. Keys read by the checks: `storage_encrypted`, `multi_az`,
    /// `publicly_accessible`, `deletion_protection`, `backup_retention_period`, `instance_class`, `auto_minor_version_upgrade`.
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference, kind: Kind) {
        self.reference = reference
        self.kind = kind
    }
}

public struct CacheCluster: Sendable, Hashable {
    public var reference: ResourceReference
    public var engine: Setting<String?> = .known(nil)
    public var nodeType: Setting<String?> = .known(nil)
    public var atRestEncryption: Setting<Bool> = .known(false)
    public var transitEncryption: Setting<Bool> = .known(false)
    /// Where settings are written. Keys read by the checks: `at_rest_encryption_enabled`,
    /// `transit_encryption_enabled`, `node_type`.
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference) {
        self.reference = reference
    }
}

public struct Instance: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case instance, launchTemplate, launchConfiguration }

    public var reference: ResourceReference
    public var kind: Kind
    public var instanceType: Setting<String?> = .known(nil)
    /// `required` means IMDSv2 only; ``metadataDisabled`` means no metadata service at all.
    public var metadataTokens: Setting<String> = .known("optional")
    /// The value of ``metadataTokens`` when the instance metadata endpoint is turned off.
    public static let metadataDisabled = "disabled"
    public var publicIP: Setting<Bool> = .known(false)
    /// Where settings are written. Keys read by the checks: `instance_type`, `metadata_options`.
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference, kind: Kind) {
        self.reference = reference
        self.kind = kind
    }
}

public struct LogGroup: Sendable, Hashable {
    public var reference: ResourceReference
    /// `.known(nil)` when logs never expire.
    public var retentionDays: Setting<Int?> = .known(nil)
    public var kmsKeyID: Setting<String?> = .known(nil)
    /// Where settings are written. Keys read by the checks: `retention_in_days`.
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference) {
        self.reference = reference
    }
}

public struct Parameter: Sendable, Hashable {
    public var reference: ResourceReference
    /// `String`, `StringList` or `SecureString`.
    public var type: Setting<String>
    /// Terraform manages the value (so it is written to tfstate in plain text).
    public var managedByTerraform: Bool
    /// `lifecycle { ignore_changes = [value] }`: the real value is set outside Terraform.
    public var valueIgnored: Bool = false
    /// The value written in code is a placeholder such as `dummy`.
    public var placeholderValue: Bool = false
    /// Uses the write-only `value_wo` argument (Terraform ≥ 1.11), which never reaches state.
    public var writeOnly: Bool = false
    /// Live: whether the stored value is still a placeholder such as `dummy` (compared in memory
    /// after decryption, never kept); unknown from Terraform or when it could not be read.
    public var storedPlaceholder: Setting<Bool> = .unknown
    /// Where settings are written. Keys read by the checks: `value`, `type`.
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference, type: Setting<String>, managedByTerraform: Bool) {
        self.reference = reference
        self.type = type
        self.managedByTerraform = managedByTerraform
    }
}

/// One rule letting traffic into a security group: an inline `ingress` block, an
/// `aws_security_group_rule` of type `ingress`, an `aws_vpc_security_group_ingress_rule`, or
/// one permission of a live group.
public struct SecurityGroupIngress: Sendable, Hashable {
    /// The rule resource, or the security group that holds it.
    public var reference: ResourceReference
    /// `tcp`, `udp`, `icmp`, `-1` (every protocol) or a protocol number.
    public var protocolName: Setting<String>
    public var fromPort: Setting<Int?>
    public var toPort: Setting<Int?>
    /// The source ranges (IPv4 and IPv6) known before apply; others may be added after it.
    public var sources: [String]
    /// Where the rule is written (the block or the rule resource).
    public var location: Location?
    /// Tells apart the rules of one security group.
    public var key: String

    public init(reference: ResourceReference, protocolName: Setting<String>, fromPort: Setting<Int?>, toPort: Setting<Int?>,
                sources: [String], location: Location? = nil, key: String = "") {
        self.reference = reference
        self.protocolName = protocolName
        self.fromPort = fromPort
        self.toPort = toPort
        self.sources = sources
        self.location = location
        self.key = key
    }

    /// Whether it admits traffic from anywhere on the internet (IPv4 or IPv6).
    public var fromAnywhere: Bool { sources.contains("0.0.0.0/0") || sources.contains("::/0") }

    /// The ports of `candidates` it opens; nil when the protocol or ports are known only after apply.
    public func opens(_ candidates: [Int]) -> [Int]? {
        guard let name = protocolName.value?.lowercased() else { return nil }
        if ["-1", "all"].contains(name) { return candidates }
        guard ["tcp", "6"].contains(name), case .known(let from) = fromPort, case .known(let to) = toPort else {
            return ["udp", "17", "icmp", "1", "icmpv6", "58"].contains(name) ? [] : nil
        }
        let low = from ?? 0, high = to ?? 65535
        return candidates.filter { (low...max(low, high)).contains($0) }
    }
}

/// The security group every VPC comes with, which resources join when no group is named.
public struct DefaultSecurityGroup: Sendable, Hashable {
    /// The group (live, or its `aws_default_security_group`), else the VPC it belongs to.
    public var reference: ResourceReference
    /// Whether it has any inbound or outbound rule. AWS creates it allowing inbound traffic
    /// from its own members and all outbound traffic.
    public var hasRules: Setting<Bool>
    /// Where to change it.
    public var location: Location?

    public init(reference: ResourceReference, hasRules: Setting<Bool>, location: Location? = nil) {
        self.reference = reference
        self.hasRules = hasRules
        self.location = location
    }
}

/// An EBS volume.
public struct EBSVolume: Sendable, Hashable {
    public var reference: ResourceReference
    /// Encrypted at rest (live: as it is; Terraform: as written, before any account default).
    public var encrypted: Setting<Bool> = .known(false)
    /// Where settings are written. Keys read by the checks: `encrypted`.
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference) {
        self.reference = reference
    }
}

/// A private ECR repository.
public struct ContainerRepository: Sendable, Hashable {
    public var reference: ResourceReference
    /// Images scanned for vulnerabilities when pushed (the repository's own setting, or a
    /// registry-wide scanning configuration that covers it).
    public var scanOnPush: Setting<Bool> = .known(false)
    /// Tags cannot be moved to another image once pushed (`IMMUTABLE`).
    public var immutableTags: Setting<Bool> = .known(false)
    /// Where settings are written. Keys read by the checks: `image_scanning_configuration`,
    /// `image_tag_mutability`.
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference) {
        self.reference = reference
    }
}

/// A customer managed KMS key.
public struct KMSKey: Sendable, Hashable {
    public var reference: ResourceReference
    /// Automatic yearly rotation of the key material.
    public var rotation: Setting<Bool> = .known(false)
    /// Whether AWS can rotate it automatically: a symmetric encryption key whose material KMS
    /// generated in its own key store (not asymmetric, HMAC, imported or in a custom key store).
    public var rotatable: Setting<Bool> = .known(true)
    /// Enabled (not disabled or pending deletion).
    public var enabled: Setting<Bool> = .known(true)
    /// Where settings are written. Keys read by the checks: `enable_key_rotation`.
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference) {
        self.reference = reference
    }
}

/// An ECS task definition (`aws_ecs_task_definition`; live, the latest active revision of each
/// family).
public struct TaskDefinition: Sendable, Hashable {
    public var reference: ResourceReference
    /// Its containers; unknown when the container definitions are known only after apply.
    public var containers: Setting<[ContainerDefinition]> = .known([])
    /// Where settings are written. Keys read by the checks: `container_definitions`.
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference) {
        self.reference = reference
    }
}

/// One container of a task definition, as the checks need it.
public struct ContainerDefinition: Sendable, Hashable {
    public var name: String
    /// Runs with root privileges on the host (`privileged`).
    public var privileged: Setting<Bool> = .known(false)
    /// Has a log configuration (a `logDriver`).
    public var logging: Setting<Bool> = .known(false)
    /// Names of plain `environment` entries that look secret and hold a value (never the values);
    /// unknown when the environment is known only after apply.
    public var secretEnvironment: Setting<[String]> = .known([])

    public init(name: String) {
        self.name = name
    }
}

public struct Function: Sendable, Hashable {
    public var reference: ResourceReference
    /// `x86_64` or `arm64`.
    public var architectures: Setting<[String]> = .known(["x86_64"])
    public var runtime: Setting<String?> = .known(nil)
    /// Names of environment variables that look secret and hold a value (never the values).
    public var secretEnvironment: Setting<[String]> = .known([])
    /// A function URL lets anyone invoke it (`AuthType` `NONE`).
    public var publicURL: Setting<Bool> = .known(false)
    /// Where settings are written. Keys read by the checks: `architectures`, `environment`,
    /// `function_url`.
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference) {
        self.reference = reference
    }
}

// MARK: - Terraform itself

public struct TerraformSettings: Sendable, Hashable {
    public struct Provider: Sendable, Hashable {
        public var name: String
        public var source: String?
        public var version: String?
        public var location: Location?

        public init(name: String, source: String? = nil, version: String? = nil, location: Location? = nil) {
            self.name = name
            self.source = source
            self.version = version
            self.location = location
        }
    }

    public struct Backend: Sendable, Hashable {
        /// `s3`, `local`, `remote`…
        public var type: String
        /// Merged from the backend block and the environment's `.tfbackend` file.
        public var settings: [String: String]
        public var location: Location?

        public init(type: String, settings: [String: String], location: Location? = nil) {
            self.type = type
            self.settings = settings
            self.location = location
        }
    }

    /// The directory of the root module, relative to the audited folder.
    public var directory: String
    public var requiredVersion: String?
    public var providers: [Provider]
    public var backend: Backend?
    /// Where the `terraform {}` block is.
    public var location: Location?

    public init(directory: String, requiredVersion: String? = nil, providers: [Provider] = [], backend: Backend? = nil,
                location: Location? = nil) {
        self.directory = directory
        self.requiredVersion = requiredVersion
        self.providers = providers
        self.backend = backend
        self.location = location
    }
}
