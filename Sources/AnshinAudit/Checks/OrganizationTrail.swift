import AnshinAWS
import AnshinCore

/// An account of an Organization that no organization trail records.
public struct OrganizationTrail: Check {
    public let metadata = CheckMetadata(
        id: "organization-trail",
        title: "No CloudTrail organization trail",
        rationale: """
        An account of an Organization that no organization trail records.

        An organization trail, created in the management account, records every member account, including \
        accounts created later, and member accounts cannot stop or delete it. Per-account trails are one \
        forgotten account away from a gap. Terraform that declares the Organization but no organization \
        trail is reported; Terraform of a member account says nothing (the trail is the management \
        account's).
        """,
        severity: .medium,
        pillars: [.security, .opex],
        references: ["https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html"],
        remediation: """
        Create one multi-Region organization trail in the management account (Control Tower does \
        this) delivering to a bucket in a log-archive account, so every account, present and \
        future, is recorded and no member account can switch it off. In Terraform, in the \
        management account:

        \(Remediation.hcl("""
        resource "aws_cloudtrail" "organization" {
          name                       = "organization"
          s3_bucket_name             = "acme-log-archive-cloudtrail" # in the log-archive account
          is_organization_trail      = true
          is_multi_region_trail      = true
          enable_log_file_validation = true
          kms_key_id                 = aws_kms_key.cloudtrail.arn
        }
        """))
        """,
        scope: .organization, absenceNeedsListing: .cloudTrail
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        guard case .known(let organization?) = inventory.organization else { return [] }
        // Terraform speaks for the management account only; a live account sees the organization
        // trail that records it (as a shadow trail) among its own.
        if inventory.source == .terraform && !organization.isManagementAccount.isTrue { return [] }
        let flags = inventory.trails.map(\.organizationTrail)
        guard !flags.contains(where: { !$0.isFalse }) else { return [] }
        let message = switch inventory.source {
        case .terraform:
            "\(inventory.label(organization.reference)) declares the Organization but no aws_cloudtrail with is_organization_trail = true \(inventory.scope(organization.reference)); if the organization trail is managed elsewhere, ignore this"
        case .aws:
            "No organization trail records \(inventory.accountName), a member of Organization \(organization.reference.identifier)"
        }
        return [metadata.finding(organization.reference, message)]
    }
}
