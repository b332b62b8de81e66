import AnshinCore

/// Security Hub is not enabled in a Region (Security Hub SecurityHub.1).
public struct SecurityHubEnabled: Check {
    public let metadata = CheckMetadata(
        id: "securityhub-enabled",
        title: "Security Hub is not enabled",
        rationale: """
        Security Hub is not enabled in a Region (Security Hub SecurityHub.1).

        Security Hub collects GuardDuty, Inspector and Config findings and runs AWS's own controls \
        continuously, so a problem fixed today that comes back next month is noticed. A Region not assessed \
        says nothing.
        """,
        severity: .medium,
        pillars: [.security, .opex],
        references: ["SecurityHub:SecurityHub.1",
                     "https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html"],
        remediation: """
        Enable Security Hub in every Region you use, from a delegated administrator account with \
        central configuration so new accounts join automatically, and subscribe to the AWS \
        Foundational Security Best Practices standard. In Terraform, per account and Region:

        \(Remediation.hcl("""
        resource "aws_securityhub_account" "this" {
          enable_default_standards = true
        }
        """))
        """,
        scope: .account, sources: [.live]
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.securityHub.compactMap { hub in
            guard hub.enabled.isFalse else { return nil }
            return metadata.finding(hub.reference, "Security Hub is not enabled \(inventory.scope(hub.reference))")
        }
    }
}
