import AnshinCore

/// An ElastiCache cluster on x86 nodes with a Graviton2 equivalent of the same size.
public struct ElastiCacheGraviton: Check {
    public let metadata = CheckMetadata(
        id: "elasticache-graviton",
        title: "ElastiCache cluster could run on Graviton",
        rationale: """
        An ElastiCache cluster on x86 nodes with a Graviton2 equivalent of the same size.

        The seed moved ElastiCache to Graviton along with RDS. Redis OSS, Valkey and Memcached all run on \
        Graviton nodes; the change is a node type modification.
        """,
        severity: .low,
        pillars: [.cost, .performance, .sustainability],
        references: ["https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html",
                     "https://github.com/aws/aws-graviton-getting-started/blob/main/managed_services.md"],
        remediation: """
        Change the node type to the Graviton2 type of the same size (cache.t3 → cache.t4g, cache.m5 → \
        cache.m6g, cache.r5 → cache.r6g, or the newer m7g/r7g): Graviton nodes cost less per hour \
        for comparable performance and need no client change. Online scaling to another node type \
        keeps a Redis OSS or Valkey replication group available; try staging first. In Terraform:

        \(Remediation.hcl("""
        resource "aws_elasticache_replication_group" "cache" {
          # ...
          node_type = "cache.r6g.large" # was cache.r5.large
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.cacheClusters.compactMap { cluster in
            guard case .known(let nodeType?) = cluster.nodeType, let suggestion = Graviton.elastiCache(nodeType) else { return nil }
            let text = "runs on \(nodeType) nodes; \(suggestion) is their Graviton equivalent"
            return metadata.finding(cluster.reference,
                                    inventory.say(cluster.reference, noun: "ElastiCache cluster", terraform: text, aws: text),
                                    at: cluster.settingLocations["node_type"])
        }
    }
}
