import AnshinCore

/// The AWS managed `AdministratorAccess` policy attached directly to an IAM user, group or role
/// (CIS 1.16 audits every attached policy allowing `"*"` on `"*"`, AWS managed ones included;
/// Security Hub IAM.1 looks only at customer managed policies, so it misses this one).
public struct IAMAdministratorAccessAttached: Check {
    public let metadata = CheckMetadata(
        id: "iam-administrator-access-attached",
        title: "AdministratorAccess is attached directly to an IAM user, group or role",
        rationale: """
        The AWS managed `AdministratorAccess` policy attached directly to an IAM user, group or role (CIS \
        1.16 audits every attached policy allowing `"*"` on `"*"`, AWS managed ones included; Security Hub \
        IAM.1 looks only at customer managed policies, so it misses this one).

        Roles that IAM Identity Center creates for a permission set (`AWSReservedSSO_…`) are not reported: \
        there the grant is visible and reviewed in one place, as recommended.
        """,
        severity: .high,
        pillars: [.security],
        references: ["CIS:1.16",
                     "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html",
                     "https://docs.aws.amazon.com/singlesignon/latest/userguide/permissionsetsconcept.html"],
        remediation: """
        Give people full administration through an IAM Identity Center permission set assigned to a \
        small group, and give workloads and pipelines a role with only the actions they use (IAM Access \
        Analyzer can generate one from CloudTrail activity). Then remove the direct attachment. In Terraform:

        \(Remediation.hcl("""
        resource "aws_ssoadmin_managed_policy_attachment" "admins" {
          instance_arn       = local.sso_instance_arn
          permission_set_arn = aws_ssoadmin_permission_set.admins.arn
          managed_policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.policyAttachments.filter(\.isAdministratorAccess).map { attachment in
            let who = "\(attachment.principal.rawValue) \(attachment.principalName.jsonQuoted)"
            let message = switch inventory.source {
            case .terraform:
                "\(inventory.label(attachment.reference)) attaches AdministratorAccess directly to IAM \(who) \(inventory.scope(attachment.reference))"
            case .aws:
                "IAM \(who) \(inventory.scope(attachment.reference)) has the AWS managed AdministratorAccess attached directly"
            }
            return metadata.finding(attachment.reference, message,
                                    fingerprintKey: [attachment.principal.rawValue, attachment.principalName])
        }
    }
}
