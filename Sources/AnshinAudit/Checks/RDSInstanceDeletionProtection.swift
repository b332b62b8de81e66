import AnshinCore

/// A production DB instance without deletion protection (Security Hub RDS.8).
public struct RDSInstanceDeletionProtection: Check {
    public let metadata = CheckMetadata(
        id: "rds-instance-deletion-protection",
        title: "Production RDS DB instance has no deletion protection",
        rationale: """
        A production DB instance without deletion protection (Security Hub RDS.8).

        Cluster members are skipped: the cluster carries the protection (`RDSClusterDeletionProtection`).
        """,
        severity: .medium,
        pillars: [.reliability],
        references: ["SecurityHub:RDS.8",
                     "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeleteInstance.DeletionProtection"],
        remediation: """
        Turn deletion protection on, so neither a console click nor a `terraform destroy` (or a \
        replacement forced by a changed argument) can delete the production database until someone \
        turns it off on purpose. In Terraform:

        \(Remediation.hcl("""
        resource "aws_db_instance" "app" {
          # ...
          deletion_protection = true
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        guard inventory.production else { return [] }
        return inventory.databases.compactMap { database in
            guard database.isStandaloneInstance, database.deletionProtection.isFalse else { return nil }
            return metadata.finding(database.reference,
                                    inventory.say(database.reference, noun: database.noun,
                                                  terraform: "has no deletion protection", aws: "has deletion protection off"),
                                    at: database.settingLocations["deletion_protection"])
        }
    }
}
