resource "aws_elasticache_replication_group" "redis" {
  replication_group_id = "app"
  description          = "app cache"
  node_type            = "cache.r6g.large"
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
}
