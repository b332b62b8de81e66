import AnshinCore
import AnshinHCL
import Foundation

/// What to audit live: a profile (or the default credential chain), Regions, and the catalog
/// environment the account stands for.
public struct AWSAuditTarget: Sendable {
    /// nil for the default chain (`AWS_PROFILE`, environment variables, `default`).
    public var profile: String?
    /// Empty for the Region of the profile (or `AWS_REGION`).
    public var regions: [String]
    public var environment: Environment?
    /// Audit every account of the Organization through this role (name or ARN); nil for one account.
    public var organizationRole: String?
    /// Buckets known to hold Terraform state (the environment's S3 backends).
    public var stateBuckets: Set<String> = []
    /// The shortest retention of audit and security log groups, in days (`audit.log_retention_days`).
    public var auditLogRetentionDays = 365
    /// Whether the account is audited as production (production-only checks), and why; nil
    /// follows the environment's own `production` (not production without one).
    public var production: ProductionJudgement?

    public init(profile: String? = nil, regions: [String] = [], environment: Environment? = nil, organizationRole: String? = nil) {
        self.profile = profile
        self.regions = regions
        self.environment = environment
        self.organizationRole = organizationRole
    }

    /// The target of a catalog environment: its profile, Regions and role, and the buckets its
    /// Terraform keeps state in.
    public init(environment: Environment, workspace: TerraformWorkspace, regions: [String] = [], organizationRole: String? = nil) {
        self.init(profile: environment.aws?.profile, regions: regions.isEmpty ? environment.aws?.regions ?? [] : regions,
                  environment: environment, organizationRole: organizationRole)
        stateBuckets = workspace.stateBuckets(environment: environment.name)
        auditLogRetentionDays = workspace.catalog.audit.logRetentionDays
        production = workspace.catalog.productionJudgement(of: environment)
    }
}
