import AnshinCore

/// A production DB instance in a single Availability Zone (Security Hub RDS.5).
public struct RDSInstanceMultiAZ: Check {
    public let metadata = CheckMetadata(
        id: "rds-instance-multi-az",
        title: "Production RDS DB instance is not Multi-AZ",
        rationale: """
        A production DB instance in a single Availability Zone (Security Hub RDS.5).

        Production only: a standby doubles the instance cost, which staging and demo rarely justify.
        """,
        severity: .medium,
        pillars: [.reliability],
        references: ["SecurityHub:RDS.5",
                     "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html"],
        remediation: """
        Run production databases Multi-AZ: RDS keeps a synchronous standby in another Availability \
        Zone and fails over to it in a minute or two when the primary or its zone fails, and during \
        maintenance. The change applies in place (schedule it, as it can briefly raise latency). In \
        Terraform:

        \(Remediation.hcl("""
        resource "aws_db_instance" "app" {
          # ...
          multi_az = var.environment == "prd"
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        guard inventory.production else { return [] }
        return inventory.databases.compactMap { database in
            guard database.isStandaloneInstance, database.multiAZ.isFalse else { return nil }
            // RDS for SQL Server runs Multi-AZ only for its Standard, Enterprise and Web editions:
            // setting multi_az on Express fails, so the fix is another edition
            // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_SQLServerMultiAZ.html).
            var text = "is not Multi-AZ"
            if case .known("sqlserver-ex"?) = database.engine {
                text += ", and cannot be on SQL Server Express Edition: Multi-AZ needs the Standard, Enterprise or Web edition"
            }
            return metadata.finding(database.reference,
                                    inventory.say(database.reference, noun: database.noun, terraform: text, aws: text),
                                    at: database.settingLocations["multi_az"])
        }
    }
}
