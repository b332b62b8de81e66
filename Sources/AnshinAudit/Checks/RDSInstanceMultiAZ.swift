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
            return metadata.finding(database.reference,
                                    inventory.say(database.reference, noun: database.noun,
                                                  terraform: "is not Multi-AZ", aws: "is not Multi-AZ"),
                                    at: database.settingLocations["multi_az"])
        }
    }
}
