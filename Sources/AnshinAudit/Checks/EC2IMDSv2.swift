import AnshinCore

/// An instance, launch template or launch configuration that still allows IMDSv1
/// (Security Hub EC2.8, EC2.170 and AutoScaling.3; CIS 5.6).
public struct EC2IMDSv2: Check {
    public let metadata = CheckMetadata(
        id: "ec2-imdsv2-required",
        title: "EC2 instance metadata allows IMDSv1",
        rationale: """
        An instance, launch template or launch configuration that still allows IMDSv1 (Security Hub EC2.8, \
        EC2.170 and AutoScaling.3; CIS 5.6).

        IMDSv1 answers any GET, so a server-side request forgery in the application hands out the instance \
        role's credentials; IMDSv2's session token stops that.
        """,
        severity: .high,
        pillars: [.security],
        references: ["SecurityHub:EC2.8", "SecurityHub:EC2.170", "SecurityHub:AutoScaling.3", "CIS:5.6",
                     "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html"],
        remediation: """
        Require IMDSv2 (session tokens), so a server-side request forgery cannot read the instance \
        role's credentials. Current SDKs and the CloudWatch agent use IMDSv2 already; set the hop \
        limit to 2 if containers on the instance need the metadata. In Terraform (the same block on \
        `aws_launch_template` and `aws_launch_configuration`):

        \(Remediation.hcl("""
        resource "aws_instance" "app" {
          # ...
          metadata_options {
            http_endpoint               = "enabled"
            http_tokens                 = "required"
            http_put_response_hop_limit = 1
          }
        }
        """))

        For running instances: `aws ec2 modify-instance-metadata-options --instance-id <id> \
        --http-tokens required`.
        """,
        snippetSubject: "aws_instance.app"
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.instances.compactMap { instance in
            guard case .known(let tokens) = instance.metadataTokens, tokens != "required",
                  tokens != Instance.metadataDisabled else { return nil }
            let noun = switch instance.kind {
            case .instance: "EC2 instance"
            case .launchTemplate: "Launch template"
            case .launchConfiguration: "Launch configuration"
            }
            let message = inventory.say(instance.reference, noun: noun,
                                        terraform: "does not require IMDSv2 (http_tokens = \"\(tokens)\")",
                                        aws: "allows IMDSv1 (HttpTokens \(tokens))")
            return metadata.finding(instance.reference, message, at: instance.settingLocations["metadata_options"])
        }
    }
}
