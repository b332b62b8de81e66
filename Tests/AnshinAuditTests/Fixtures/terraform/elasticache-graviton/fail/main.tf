resource "aws_elasticache_cluster" "redis" {
  cluster_id      = "app"
  engine          = "redis"
  node_type       = "cache.r5.large" # expect
  num_cache_nodes = 1
}
