import AnshinCore

/// An EC2 instance, launch template or launch configuration on an x86 type with a Graviton
/// equivalent of the same size.
public struct EC2Graviton: Check {
    public let metadata = CheckMetadata(
        id: "ec2-graviton",
        title: "EC2 instance type could be Graviton",
        rationale: """
        An EC2 instance, launch template or launch configuration on an x86 type with a Graviton equivalent \
        of the same size.

        AWS states Graviton2-based instances offer up to 40% better price performance than comparable \
        fifth-generation x86 instances. Info only: unlike RDS, the workload itself must run on Arm (an arm64 \
        AMI and arm64 builds of the software; no Windows).
        """,
        severity: .info,
        pillars: [.cost, .performance, .sustainability],
        references: ["https://docs.aws.amazon.com/whitepapers/latest/aws-graviton-performance-testing/what-is-aws-graviton.html",
                     "https://github.com/aws/aws-graviton-getting-started"],
        remediation: """
        Consider the Graviton type of the same size: AWS states Graviton2-based instances give up to \
        40% better price performance than comparable x86-based instances. The workload must run on \
        Arm: use an arm64 AMI, build arm64 (or multi-arch) container images, check native \
        dependencies, and canary one instance before switching the group. In Terraform:

        \(Remediation.hcl("""
        data "aws_ssm_parameter" "al2023_arm64" {
          name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
        }

        resource "aws_launch_template" "app" {
          # ...
          image_id      = data.aws_ssm_parameter.al2023_arm64.value
          instance_type = "m6g.large" # was m5.large
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.instances.compactMap { instance in
            guard case .known(let type?) = instance.instanceType, let suggestion = Graviton.ec2(type) else { return nil }
            let noun = switch instance.kind {
            case .instance: "EC2 instance"
            case .launchTemplate: "Launch template"
            case .launchConfiguration: "Launch configuration"
            }
            let text = "uses \(type); \(suggestion) is its Graviton equivalent"
            return metadata.finding(instance.reference,
                                    inventory.say(instance.reference, noun: noun, terraform: text, aws: text),
                                    at: instance.settingLocations["instance_type"])
        }
    }
}
