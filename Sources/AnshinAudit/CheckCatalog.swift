import AnshinCore

/// Every audit check, one line each, sorted by id.
///
/// `CIS:` references name items of the CIS AWS Foundations Benchmark v3.0.0 as mapped by AWS
/// Security Hub; `SecurityHub:` references name Security Hub control ids.
public enum CheckCatalog {
    public static let all: [any Check] = [
        AccountInOrganization(),
        CloudFrontLogging(),
        CloudFrontS3OriginAccessControl(),
        CloudFrontViewerHTTPS(),
        CloudFrontViewerTLS(),
        CloudTrailCloudWatchLogs(),
        CloudTrailEncryption(),
        CloudTrailLogFileValidation(),
        CloudTrailMultiRegion(),
        AuditLogGroupRetention(),
        LogGroupRetention(),
        ConfigRecorderEnabled(),
        EBSEncryptionByDefault(),
        EBSVolumeEncrypted(),
        EC2Graviton(),
        EC2IMDSv2(),
        ECRImageScanning(),
        ECRTagImmutability(),
        ElastiCacheEncryptionAtRest(),
        ElastiCacheEncryptionInTransit(),
        ElastiCacheGraviton(),
        LoadBalancerAccessLogs(),
        LoadBalancerDropInvalidHeaders(),
        LoadBalancerHTTPSRedirect(),
        LoadBalancerTLSPolicy(),
        GuardDutyEnabled(),
        IAMAdministratorAccessAttached(),
        IAMPasswordPolicy(),
        IAMPolicyAdminAccess(),
        IAMUserAccessKeys(),
        IAMUserAccessKeyRotation(),
        IAMUserConsoleMFA(),
        IAMUserConsolePassword(),
        IAMUserExists(),
        IAMUserPolicies(),
        IAMUserUnusedCredentials(),
        KMSKeyRotation(),
        LambdaGraviton(),
        ManagementAccountWorkloads(),
        OrganizationLogArchive(),
        OrganizationTrail(),
        RDSClusterDeletionProtection(),
        RDSClusterStorageEncrypted(),
        RDSGraviton(),
        RDSInstanceAutoMinorVersionUpgrade(),
        RDSInstanceBackups(),
        RDSInstanceDeletionProtection(),
        RDSInstanceMultiAZ(),
        RDSInstancePublicAccess(),
        RDSInstanceStorageEncrypted(),
        RootUserAccessKeys(),
        RootUserHardwareMFA(),
        RootUserMFA(),
        RootUserRecentUse(),
        S3AccountPublicAccessBlock(),
        S3ArtifactBucketLifecycle(),
        S3BucketAccessLogging(),
        S3BucketKMSEncryption(),
        S3BucketLifecycle(),
        S3BucketPublicAccessBlock(),
        S3BucketSecureTransport(),
        S3BucketVersioning(),
        SecurityGroupOpenAdminPorts(),
        SecurityHubEnabled(),
        SSMParameterPlaceholder(),
        SSMParameterSecretAsString(),
        SSMSecureStringInState(),
        TerraformBackendEncryption(),
        TerraformBackendLocking(),
        TerraformBackendRemote(),
        TerraformConfigurationInvalid(),
        TerraformProviderVersion(),
        TerraformRequiredVersion(),
        VPCDefaultSecurityGroupClosed(),
        VPCFlowLogs(),
        WAFLogging(),
    ]

    /// Every check and drift rule as `anshin rules` lists them.
    public static var rules: [RuleDescription] { all.map(\.metadata.description) + Drift.rules }

    /// Runs every check over `inventory`.
    public static func evaluate(_ inventory: Inventory, checks: [any Check] = all) -> [Finding] {
        checks.flatMap { $0.evaluate(inventory) }
    }
}
