import AnshinCore

/// A DB instance that does not take minor engine versions automatically (Security Hub RDS.13,
/// CIS 2.3.2): security fixes of the engine then wait for someone to apply them.
public struct RDSInstanceAutoMinorVersionUpgrade: Check {
    public let metadata = CheckMetadata(
        id: "rds-instance-auto-minor-version-upgrade",
        title: "RDS DB instance does not upgrade minor versions automatically",
        rationale: """
        A DB instance that does not take minor engine versions automatically (Security Hub RDS.13, CIS \
        2.3.2): security fixes of the engine then wait for someone to apply them.

        Minor versions are applied in the instance's maintenance window; for Aurora the setting is per \
        instance too, so cluster members are judged as well.
        """,
        severity: .medium,
        pillars: [.security, .opex],
        references: ["SecurityHub:RDS.13", "CIS:2.3.2",
                     "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Upgrading.html#USER_UpgradeDBInstance.Upgrading.AutoMinorVersionUpgrades"],
        remediation: """
        Let RDS apply minor engine versions (security and bug fixes, no breaking changes) in the \
        maintenance window you choose. In Terraform (true is the default, so removing the `false` \
        also works):

        \(Remediation.hcl("""
        resource "aws_db_instance" "app" {
          # ...
          auto_minor_version_upgrade = true
          maintenance_window         = "sun:03:00-sun:04:00"
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.databases.compactMap { database in
            guard database.kind == .instance, database.autoMinorVersionUpgrade.isFalse else { return nil }
            return metadata.finding(database.reference,
                                    inventory.say(database.reference, noun: database.noun,
                                                  terraform: "turns automatic minor version upgrades off",
                                                  aws: "has automatic minor version upgrades off"),
                                    at: database.settingLocations["auto_minor_version_upgrade"])
        }
    }
}
