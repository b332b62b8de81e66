import AnshinCore

/// GuardDuty has no enabled detector in a Region (Security Hub GuardDuty.1).
public struct GuardDutyEnabled: Check {
    public let metadata = CheckMetadata(
        id: "guardduty-enabled",
        title: "GuardDuty is not enabled",
        rationale: """
        GuardDuty has no enabled detector in a Region (Security Hub GuardDuty.1).

        GuardDuty reads CloudTrail, VPC flow and DNS logs for stolen credentials, crypto-mining and \
        reconnaissance; without it the first sign of a leaked key is the bill. A Region not assessed says \
        nothing; a detector that exists but is suspended is reported.
        """,
        severity: .high,
        pillars: [.security],
        references: ["SecurityHub:GuardDuty.1",
                     "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html"],
        remediation: """
        Enable GuardDuty in every Region, from a delegated administrator account that auto-enables \
        it for every account of the Organization, and send its findings to Security Hub or a chat \
        channel someone reads. In Terraform, per account and Region:

        \(Remediation.hcl("""
        resource "aws_guardduty_detector" "this" {
          enable = true
        }
        """))
        """,
        scope: .account
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.guardDuty.compactMap { detector in
            guard detector.enabled.isFalse else { return nil }
            let message = switch inventory.source {
            case .terraform: "\(inventory.label(detector.reference)) is disabled (enable = false) \(inventory.scope(detector.reference))"
            case .aws: "GuardDuty is not enabled \(inventory.scope(detector.reference))"
            }
            return metadata.finding(detector.reference, message, at: detector.settingLocations["enable"])
        }
    }
}
