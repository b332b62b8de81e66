output "app_url" {
  value = format("https://%s", var.app_hostname)
}

output "alb_dns_name" {
  value = aws_lb.app.dns_name
}

output "db_endpoint" {
  value = aws_db_instance.main.endpoint
}

output "redis_endpoint" {
  value = aws_elasticache_cluster.redis.cache_nodes[0].address
}

output "ecr_repository_url" {
  value = aws_ecr_repository.app.repository_url
}

output "assets_bucket" {
  value = module.assets.id
}

output "ci_deploy_access_key_id" {
  value = aws_iam_access_key.ci_deploy.id
}

# Handed to whoever runs the export job: terraform output -raw legacy_app_secret_access_key
output "legacy_app_access_key_id" {
  value = one(aws_iam_access_key.legacy_app[*].id)
}

output "legacy_app_secret_access_key" {
  value     = one(aws_iam_access_key.legacy_app[*].secret)
  sensitive = true
}
