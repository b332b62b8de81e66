import AnshinCore

/// An ElastiCache cluster without encryption at rest (Security Hub ElastiCache.4).
public struct ElastiCacheEncryptionAtRest: Check {
    public let metadata = CheckMetadata(
        id: "elasticache-encryption-at-rest",
        title: "ElastiCache cluster is not encrypted at rest",
        rationale: """
        An ElastiCache cluster without encryption at rest (Security Hub ElastiCache.4).

        Node-based Memcached clusters cannot encrypt at rest, so they are skipped.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:ElastiCache.4",
                     "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html"],
        remediation: """
        Encrypt the cache at rest (disk swaps, backups and snapshots hold its data). It can only be \
        chosen at creation: create a new encrypted replication group (from a backup to keep the \
        data) and switch the application's endpoint. In Terraform:

        \(Remediation.hcl("""
        resource "aws_elasticache_replication_group" "sessions" {
          # ...
          at_rest_encryption_enabled = true
          kms_key_id                 = aws_kms_key.cache.arn # optional
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.cacheClusters.compactMap { cluster in
            guard case .known(let engine) = cluster.engine, engine != "memcached", cluster.atRestEncryption.isFalse else { return nil }
            let text = "is not encrypted at rest"
            return metadata.finding(cluster.reference,
                                    inventory.say(cluster.reference, noun: "ElastiCache cluster", terraform: text, aws: text),
                                    at: cluster.settingLocations["at_rest_encryption_enabled"])
        }
    }
}
