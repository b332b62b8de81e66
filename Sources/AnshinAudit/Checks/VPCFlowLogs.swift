import AnshinCore

/// A VPC without flow logs (Security Hub EC2.6, CIS 3.7).
public struct VPCFlowLogs: Check {
    public let metadata = CheckMetadata(
        id: "vpc-flow-logs",
        title: "VPC has no flow logs",
        rationale: """
        A VPC without flow logs (Security Hub EC2.6, CIS 3.7).
        """,
        severity: .medium,
        pillars: [.security, .opex],
        references: ["SecurityHub:EC2.6", "CIS:3.7",
                     "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3.html"],
        remediation: """
        Capture the VPC's traffic metadata with a flow log, so a suspicious connection can be traced \
        and a blocked one diagnosed. Delivering to S3 in Parquet costs far less than CloudWatch Logs; \
        REJECT-only keeps volume low if cost matters. In Terraform:

        \(Remediation.hcl("""
        resource "aws_flow_log" "main" {
          vpc_id               = aws_vpc.main.id
          traffic_type         = "ALL"
          log_destination_type = "s3"
          log_destination      = "${aws_s3_bucket.logs.arn}/vpc-flow-logs/"
          destination_options {
            file_format        = "parquet"
            per_hour_partition = true
          }
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.vpcs.compactMap { vpc in
            guard vpc.flowLogs.isFalse else { return nil }
            let text = "has no flow logs"
            return metadata.finding(vpc.reference, inventory.say(vpc.reference, noun: "VPC", terraform: text, aws: text))
        }
    }
}
