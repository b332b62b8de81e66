import AnshinCore

/// EBS encryption by default is off in the region (Security Hub EC2.7, CIS 2.2.1).
public struct EBSEncryptionByDefault: Check {
    public let metadata = CheckMetadata(
        id: "ebs-encryption-by-default",
        title: "EBS encryption by default is off",
        rationale: """
        EBS encryption by default is off in the region (Security Hub EC2.7, CIS 2.2.1).

        Reported only when known to be off: a Terraform configuration that does not declare \
        `aws_ebs_encryption_by_default` says nothing about the account.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:EC2.7", "CIS:2.2.1",
                     "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html"],
        remediation: """
        Turn on EBS encryption by default in every Region you use, so every new volume and snapshot \
        copy is encrypted without anyone remembering to ask (existing volumes stay as they are). In \
        Terraform, once per Region:

        \(Remediation.hcl("""
        resource "aws_ebs_encryption_by_default" "this" {
          enabled = true
        }
        """))
        """,
        scope: .region
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        guard inventory.ebsEncryptionByDefault.isFalse else { return [] }
        let reference = inventory.accountReference(kind: "aws_ebs_encryption_by_default")
        let message = switch inventory.source {
        case .terraform: "aws_ebs_encryption_by_default turns EBS encryption by default off \(inventory.accountScope)"
        case .aws: "EBS encryption by default is off \(inventory.accountScope)"
        }
        return [metadata.finding(reference, message)]
    }
}
