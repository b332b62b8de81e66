import AnshinCore

/// The account belongs to no AWS Organization.
public struct AccountInOrganization: Check {
    public let metadata = CheckMetadata(
        id: "account-in-organization",
        title: "Account is not part of an AWS Organization",
        rationale: """
        The account belongs to no AWS Organization.

        A standalone account has nowhere to put guardrails (service control policies), no central place for \
        CloudTrail, Config, GuardDuty and Security Hub, no IAM Identity Center for people, and no separation \
        between production, staging and the logs that record them.
        """,
        severity: .medium,
        pillars: [.security, .opex],
        references: ["https://docs.aws.amazon.com/organizations/latest/userguide/orgs_best-practices.html",
                     "https://docs.aws.amazon.com/whitepapers/latest/organizing-your-aws-environment/organizing-your-aws-environment.html"],
        remediation: """
        Create an Organization from a new, empty management account (AWS Control Tower sets one up \
        with a log-archive and an audit account), then invite this account into it. Keep the \
        management account for Organizations, billing and IAM Identity Center only. In Terraform, \
        in the management account:

        \(Remediation.hcl("""
        resource "aws_organizations_organization" "this" {
          feature_set                   = "ALL"
          aws_service_access_principals = ["cloudtrail.amazonaws.com", "sso.amazonaws.com"]
        }
        """))
        """,
        scope: .organization, sources: [.live]
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        guard case .known(nil) = inventory.organization else { return [] }
        return [metadata.finding(inventory.accountReference(kind: "aws_organizations_organization"),
                                 "\(inventory.accountName.capitalizedFirst) is not part of an AWS Organization")]
    }
}
