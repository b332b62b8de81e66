import AnshinAWS
import AnshinCore

/// No multi-Region trail recording management events (Security Hub CloudTrail.1, CIS 3.1).
public struct CloudTrailMultiRegion: Check {
    public let metadata = CheckMetadata(
        id: "cloudtrail-multi-region",
        title: "No multi-Region CloudTrail trail records management events",
        rationale: """
        No multi-Region trail recording management events (Security Hub CloudTrail.1, CIS 3.1).

        Without one, nobody can tell who changed what in the account, in any Region. A Terraform \
        configuration may simply not manage CloudTrail (an organization trail from Control Tower covers \
        member accounts), so a configuration without trails is only info; a live account without any trail \
        is high. A trail whose settings are partly unknown may be the one that complies, so it silences the \
        check.
        """,
        severity: .high,
        pillars: [.security, .opex],
        references: ["SecurityHub:CloudTrail.1", "CIS:3.1",
                     "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html"],
        remediation: """
        Record management events (reads and writes) from every Region in one trail, ideally an \
        organization trail in the management account delivering to a log-archive account, so any \
        change can be traced to who made it. In Terraform:

        \(Remediation.hcl("""
        resource "aws_cloudtrail" "main" {
          name                          = "main"
          s3_bucket_name                = aws_s3_bucket.cloudtrail.id
          is_multi_region_trail         = true
          include_global_service_events = true
          is_organization_trail         = true # from the management account
          enable_log_file_validation    = true
          kms_key_id                    = aws_kms_key.cloudtrail.arn

          event_selector {
            read_write_type           = "All"
            include_management_events = true
          }
        }
        """))
        """,
        scope: .account, absenceNeedsListing: .cloudTrail
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        guard !inventory.trails.isEmpty else {
            let reference = inventory.accountReference(kind: "aws_cloudtrail")
            switch inventory.source {
            case .terraform:
                return [metadata.finding(reference,
                    "No CloudTrail trail is declared \(inventory.accountScope); if your organization trail lives elsewhere, ignore this",
                    severity: .info)]
            case .aws:
                return [metadata.finding(reference, "Account \(inventory.account ?? "?") has no CloudTrail trail")]
            }
        }
        // A trail not known to fall short may be the compliant one.
        let mayComply = inventory.trails.contains { trail in
            [trail.multiRegion, trail.managementEvents, trail.logging].allSatisfy { !$0.isFalse }
        }
        guard !mayComply else { return [] }
        return inventory.trails.map { trail in
            var reasons: [String] = []
            if trail.multiRegion.isFalse { reasons.append("covers one Region only") }
            if trail.managementEvents.isFalse { reasons.append("does not record management events") }
            if trail.logging.isFalse { reasons.append("is not logging") }
            let text = reasons.spokenList
            let message = inventory.say(trail.reference, noun: "Trail", terraform: text, aws: text)
                + ", and no other trail records management events in every Region"
            let location = trail.multiRegion.isFalse ? trail.settingLocations["is_multi_region_trail"] : nil
            return metadata.finding(trail.reference, message, at: location)
        }
    }
}
