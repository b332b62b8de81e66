import AnshinCore

/// An ElastiCache cluster without encryption in transit (Security Hub ElastiCache.5).
public struct ElastiCacheEncryptionInTransit: Check {
    public let metadata = CheckMetadata(
        id: "elasticache-encryption-in-transit",
        title: "ElastiCache cluster is not encrypted in transit",
        rationale: """
        An ElastiCache cluster without encryption in transit (Security Hub ElastiCache.5).
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:ElastiCache.5",
                     "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html"],
        remediation: """
        Turn on TLS between clients and the cache and between nodes, so session data and tokens do \
        not cross the VPC in clear text. Redis OSS 7+ and Valkey can migrate an existing replication \
        group in two steps (`transit_encryption_mode = "preferred"`, then `"required"`) once every \
        client connects with TLS. In Terraform:

        \(Remediation.hcl("""
        resource "aws_elasticache_replication_group" "sessions" {
          # ...
          transit_encryption_enabled = true
          transit_encryption_mode    = "required"
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.cacheClusters.compactMap { cluster in
            guard cluster.transitEncryption.isFalse else { return nil }
            let text = "is not encrypted in transit"
            return metadata.finding(cluster.reference,
                                    inventory.say(cluster.reference, noun: "ElastiCache cluster", terraform: text, aws: text),
                                    at: cluster.settingLocations["transit_encryption_enabled"])
        }
    }
}
