import AnshinCore

/// A DB cluster with unencrypted storage (Security Hub RDS.27).
public struct RDSClusterStorageEncrypted: Check {
    public let metadata = CheckMetadata(
        id: "rds-cluster-storage-encrypted",
        title: "RDS DB cluster storage is not encrypted",
        rationale: """
        A DB cluster with unencrypted storage (Security Hub RDS.27).
        """,
        severity: .high,
        pillars: [.security],
        references: ["SecurityHub:RDS.27",
                     "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html"],
        remediation: """
        A cluster cannot be encrypted in place: snapshot it, restore the snapshot into a new cluster \
        with encryption on (restoring can encrypt with a KMS key), move the application, then delete \
        the old cluster. In Terraform:

        \(Remediation.hcl("""
        resource "aws_rds_cluster" "app" {
          # ...
          storage_encrypted   = true
          kms_key_id          = aws_kms_key.rds.arn
          snapshot_identifier = "app-before-encryption" # when restoring
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.databases.compactMap { database in
            guard database.kind == .cluster, database.storageEncrypted.isFalse else { return nil }
            return metadata.finding(database.reference,
                                    inventory.say(database.reference, noun: database.noun,
                                                  terraform: "has unencrypted storage", aws: "has unencrypted storage"),
                                    at: database.settingLocations["storage_encrypted"])
        }
    }
}
