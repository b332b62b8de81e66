import AnshinCore

/// A VPC's default security group with any rule (CIS 5.4, Security Hub EC2.2): whatever is
/// launched without a group joins it, so its rules should let nothing in or out.
public struct VPCDefaultSecurityGroupClosed: Check {
    public let metadata = CheckMetadata(
        id: "vpc-default-security-group-closed",
        title: "VPC default security group allows traffic",
        rationale: """
        A VPC's default security group with any rule (CIS 5.4, Security Hub EC2.2): whatever is launched \
        without a group joins it, so its rules should let nothing in or out.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:EC2.2", "CIS:5.4",
                     "https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html"],
        remediation: """
        Give every resource a security group of its own, and remove every rule of the default \
        group, so anything launched without one can reach nothing. In Terraform, an \
        `aws_default_security_group` without `ingress` or `egress` blocks removes AWS's default rules:

        \(Remediation.hcl("""
        resource "aws_default_security_group" "main" {
          vpc_id = aws_vpc.main.id
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.defaultSecurityGroups.compactMap { group in
            guard group.hasRules.isTrue else { return nil }
            let declared = group.reference.kind == "aws_default_security_group"
            let terraform = declared ? "keeps rules in the VPC's default security group"
                : "has no aws_default_security_group, so its default security group keeps AWS's rules (traffic from its members, all outbound)"
            return metadata.finding(group.reference,
                                    inventory.say(group.reference, noun: "Default security group", terraform: terraform,
                                                  aws: "has inbound or outbound rules"),
                                    at: group.location)
        }
    }
}
