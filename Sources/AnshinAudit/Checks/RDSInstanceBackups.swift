import AnshinCore

/// A DB instance without automated backups, or with less than a week of them in production
/// (Security Hub RDS.11, whose default minimum is 7 days).
public struct RDSInstanceBackups: Check {
    public let metadata = CheckMetadata(
        id: "rds-instance-backups",
        title: "RDS DB instance has automated backups off or too short",
        rationale: """
        A DB instance without automated backups, or with less than a week of them in production (Security \
        Hub RDS.11, whose default minimum is 7 days).

        A retention of 0 turns automated backups and point-in-time recovery off: high anywhere. One to six \
        days in production is low: recovery works, but a problem noticed after a long weekend may already be \
        older than every backup.
        """,
        severity: .high,
        pillars: [.reliability],
        references: ["SecurityHub:RDS.11",
                     "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html"],
        remediation: """
        Keep automated backups (which also give point-in-time recovery) for at least 7 days, longer for \
        production data. In Terraform:

        \(Remediation.hcl("""
        resource "aws_db_instance" "app" {
          # ...
          backup_retention_period = 14
          backup_window           = "18:00-19:00" # UTC, outside business hours
        }
        """))
        """
    )

    public init() {}

    /// Security Hub RDS.11's default `backupRetentionMinimum`.
    static let productionMinimumDays = 7

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.databases.compactMap { database in
            guard database.isStandaloneInstance, let days = database.backupRetentionDays.value else { return nil }
            let location = database.settingLocations["backup_retention_period"]
            if days == 0 {
                return metadata.finding(database.reference,
                                        inventory.say(database.reference, noun: database.noun,
                                                      terraform: "has automated backups off (backup_retention_period = 0)",
                                                      aws: "has automated backups off (retention 0 days)"),
                                        at: location)
            }
            guard inventory.production, days < Self.productionMinimumDays else { return nil }
            let text = "keeps automated backups for only \(days) day\(days == 1 ? "" : "s")"
            return metadata.finding(database.reference,
                                    inventory.say(database.reference, noun: database.noun, terraform: text, aws: text),
                                    at: location, severity: .low)
        }
    }
}
