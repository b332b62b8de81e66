# Redis for Sidekiq queues and the Rails cache.

resource "aws_elasticache_subnet_group" "main" {
  name       = local.name
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_security_group" "redis" {
  name        = "${local.name}-redis"
  description = "Redis for acme-app"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "Redis from web and worker"
    from_port       = 6379
    to_port         = 6379
    protocol        = "tcp"
    security_groups = [aws_security_group.web.id, aws_security_group.worker.id]
  }
}

resource "aws_elasticache_cluster" "redis" {
  cluster_id               = "${local.name}-redis"
  engine                   = "redis"
  engine_version           = "7.0"
  node_type                = var.redis_node_type
  num_cache_nodes          = 1
  parameter_group_name     = "default.redis7"
  port                     = 6379
  subnet_group_name        = aws_elasticache_subnet_group.main.name
  security_group_ids       = [aws_security_group.redis.id]
  snapshot_retention_limit = local.is_prd ? 7 : 0
  maintenance_window       = "sun:20:30-sun:21:30"
}
