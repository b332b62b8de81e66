import AnshinCore

/// A production DB cluster without deletion protection (Security Hub RDS.7).
public struct RDSClusterDeletionProtection: Check {
    public let metadata = CheckMetadata(
        id: "rds-cluster-deletion-protection",
        title: "Production RDS DB cluster has no deletion protection",
        rationale: """
        A production DB cluster without deletion protection (Security Hub RDS.7).
        """,
        severity: .medium,
        pillars: [.reliability],
        references: ["SecurityHub:RDS.7",
                     "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DeleteCluster.html#USER_DeletionProtection"],
        remediation: """
        Turn deletion protection on for the cluster, so it cannot be deleted by accident or by a \
        Terraform replacement until someone turns it off on purpose. In Terraform:

        \(Remediation.hcl("""
        resource "aws_rds_cluster" "app" {
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
            guard database.kind == .cluster, database.deletionProtection.isFalse else { return nil }
            return metadata.finding(database.reference,
                                    inventory.say(database.reference, noun: database.noun,
                                                  terraform: "has no deletion protection", aws: "has deletion protection off"),
                                    at: database.settingLocations["deletion_protection"])
        }
    }
}
