import AnshinCore

/// A DB instance reachable from the internet (Security Hub RDS.2, CIS 2.3.3).
public struct RDSInstancePublicAccess: Check {
    public let metadata = CheckMetadata(
        id: "rds-instance-public-access",
        title: "RDS DB instance is publicly accessible",
        rationale: """
        A DB instance reachable from the internet (Security Hub RDS.2, CIS 2.3.3).
        """,
        severity: .critical,
        pillars: [.security],
        references: ["SecurityHub:RDS.2", "CIS:2.3.3",
                     "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding"],
        remediation: """
        Turn public accessibility off and keep the database in private subnets, reachable only from \
        the application's security group; reach it from a laptop through SSM Session Manager port \
        forwarding or a bastion instead of the internet. In Terraform:

        \(Remediation.hcl("""
        resource "aws_db_instance" "metabase" {
          # ...
          publicly_accessible    = false
          db_subnet_group_name   = aws_db_subnet_group.private.name
          vpc_security_group_ids = [aws_security_group.metabase_db.id]
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.databases.compactMap { database in
            guard database.kind == .instance, database.publiclyAccessible.isTrue else { return nil }
            return metadata.finding(database.reference,
                                    inventory.say(database.reference, noun: database.noun,
                                                  terraform: "is publicly accessible", aws: "is publicly accessible"),
                                    at: database.settingLocations["publicly_accessible"])
        }
    }
}
