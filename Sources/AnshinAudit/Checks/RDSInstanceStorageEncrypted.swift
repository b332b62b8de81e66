import AnshinCore

/// A standalone DB instance with unencrypted storage (Security Hub RDS.3, CIS 2.3.1).
public struct RDSInstanceStorageEncrypted: Check {
    public let metadata = CheckMetadata(
        id: "rds-instance-storage-encrypted",
        title: "RDS DB instance storage is not encrypted",
        rationale: """
        A standalone DB instance with unencrypted storage (Security Hub RDS.3, CIS 2.3.1).

        The seed's Metabase database ran unencrypted for years; encryption cannot be switched on in place, \
        so it was restored from an encrypted snapshot copy. Cluster members are left to \
        `RDSClusterStorageEncrypted`: their storage is the cluster's.
        """,
        severity: .high,
        pillars: [.security],
        references: ["SecurityHub:RDS.3", "CIS:2.3.1",
                     "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html"],
        remediation: """
        Storage encryption cannot be turned on for an existing instance. Take a snapshot, copy it with \
        encryption (`aws rds copy-db-snapshot --kms-key-id alias/aws/rds`), restore a new instance from \
        the encrypted copy, switch the application over, then delete the old instance. New instances:

        \(Remediation.hcl("""
        resource "aws_db_instance" "metabase" {
          # ...
          storage_encrypted   = true
          kms_key_id          = aws_kms_key.rds.arn # optional; the AWS managed key is used otherwise
          snapshot_identifier = "metabase-encrypted" # when restoring from the encrypted copy
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.databases.compactMap { database in
            guard database.isStandaloneInstance, database.storageEncrypted.isFalse else { return nil }
            return metadata.finding(database.reference,
                                    inventory.say(database.reference, noun: database.noun,
                                                  terraform: "has unencrypted storage", aws: "has unencrypted storage"),
                                    at: database.settingLocations["storage_encrypted"])
        }
    }
}
