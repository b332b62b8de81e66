import AnshinAWS
import AnshinCore

/// AWS Config is not recording all supported resource types (Security Hub Config.1, CIS 3.3).
public struct ConfigRecorderEnabled: Check {
    public let metadata = CheckMetadata(
        id: "config-recorder-enabled",
        title: "AWS Config does not record all resources",
        rationale: """
        AWS Config is not recording all supported resource types (Security Hub Config.1, CIS 3.3).

        Same absence logic as CloudTrail: a Terraform configuration without a recorder is info (Control \
        Tower enables Config in enrolled accounts), a live account without one is high.
        """,
        severity: .high,
        pillars: [.security, .opex],
        references: ["SecurityHub:Config.1", "CIS:3.3",
                     "https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html"],
        remediation: """
        Record all supported resource types in every Region you use (Control Tower does this for \
        enrolled accounts), so the configuration history answers "what did this look like last week, \
        and who changed it" and Security Hub can evaluate its controls. In Terraform:

        \(Remediation.hcl("""
        resource "aws_config_configuration_recorder" "main" {
          name     = "default"
          role_arn = aws_iam_service_linked_role.config.arn
          recording_group {
            all_supported                 = true
            include_global_resource_types = true # in one Region only
          }
        }

        resource "aws_config_delivery_channel" "main" {
          s3_bucket_name = aws_s3_bucket.config.id
          depends_on     = [aws_config_configuration_recorder.main]
        }

        resource "aws_config_configuration_recorder_status" "main" {
          name       = aws_config_configuration_recorder.main.name
          is_enabled = true
          depends_on = [aws_config_delivery_channel.main]
        }
        """))
        """,
        scope: .region, absenceNeedsListing: .config
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        guard !inventory.configRecorders.isEmpty else {
            let reference = inventory.accountReference(kind: "aws_config_configuration_recorder")
            switch inventory.source {
            case .terraform:
                return [metadata.finding(reference,
                    "No AWS Config recorder is declared \(inventory.accountScope); if Config is managed elsewhere (Control Tower enables it), ignore this",
                    severity: .info)]
            case .aws:
                return [metadata.finding(reference, "Account \(inventory.account ?? "?") has no AWS Config recorder"
                                            + (inventory.region.map { " in \($0)" } ?? ""))]
            }
        }
        return inventory.configRecorders.compactMap { recorder in
            if recorder.recording.isFalse {
                let text = "is not recording"
                return metadata.finding(recorder.reference,
                                        inventory.say(recorder.reference, noun: "Config recorder", terraform: text, aws: text),
                                        at: recorder.settingLocations["is_enabled"])
            }
            guard recorder.allSupported.isFalse else { return nil }
            let text = "records only selected resource types"
            return metadata.finding(recorder.reference,
                                    inventory.say(recorder.reference, noun: "Config recorder", terraform: text, aws: text),
                                    at: recorder.settingLocations["recording_group"], severity: .medium)
        }
    }
}
