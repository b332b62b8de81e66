import AnshinCore

/// An RDS DB instance on an x86 class with a Graviton equivalent of the same size.
public struct RDSGraviton: Check {
    public let metadata = CheckMetadata(
        id: "rds-graviton",
        title: "RDS DB instance could run on Graviton",
        rationale: """
        An RDS DB instance on an x86 class with a Graviton equivalent of the same size.

        The seed moved RDS to Graviton for the same cost and more performance. AWS states Graviton2 \
        instances provide up to 52% price/performance improvement for RDS open-source databases (up to 35% \
        for Aurora), depending on engine, version and workload. Only MySQL, MariaDB, PostgreSQL and Aurora \
        run on Graviton; Oracle and SQL Server are skipped.
        """,
        severity: .low,
        pillars: [.cost, .performance, .sustainability],
        references: ["https://aws.amazon.com/blogs/database/key-considerations-in-moving-to-graviton2-for-amazon-rds-and-amazon-aurora-databases/",
                     "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html"],
        remediation: """
        Move the instance to the Graviton class of the same size. AWS states Graviton2 gives up to 52% \
        better price/performance for RDS open-source engines (up to 35% for Aurora), with no \
        application change: it is a class modification, applied in the maintenance window (a \
        Multi-AZ instance fails over, so the pause is short). Check the engine version is supported \
        on Graviton first (e.g. PostgreSQL 12.7+, MySQL 8.0.17+), and move staging first. In Terraform:

        \(Remediation.hcl("""
        resource "aws_db_instance" "app" {
          # ...
          instance_class = "db.t4g.medium" # was db.t3.medium
        }
        """))
        """
    )

    public init() {}

    /// Engines with Graviton classes, by prefix (`aurora-postgresql`, `mysql`…).
    static let engines = ["mysql", "mariadb", "postgres", "aurora"]

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.databases.compactMap { database in
            guard database.kind == .instance,
                  case .known(let engine?) = database.engine,
                  Self.engines.contains(where: { engine.hasPrefix($0) }),
                  case .known(let instanceClass?) = database.instanceClass,
                  let suggestion = Graviton.rds(instanceClass) else { return nil }
            let text = "runs on \(instanceClass); \(suggestion) is its Graviton equivalent"
            return metadata.finding(database.reference,
                                    inventory.say(database.reference, noun: database.noun, terraform: text, aws: text),
                                    at: database.settingLocations["instance_class"])
        }
    }
}
