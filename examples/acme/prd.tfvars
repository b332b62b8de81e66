env         = "prd"
account_id  = "111111111111"
aws_profile = "acme-prd"

zone_name    = "acme.example"
app_hostname = "app.acme.example"

vpc_cidr           = "10.10.0.0/16"
az_count           = 3
single_nat_gateway = false

app_cpu                = 1024
app_memory             = 2048
app_desired_count      = 3
worker_instance_type   = "m5.large"
worker_count           = 2
codebuild_compute_type = "BUILD_GENERAL1_LARGE"
log_retention_days     = 365

db_instance_class        = "db.r6g.large"
db_allocated_storage     = 200
db_multi_az              = true
db_backup_retention_days = 14

redis_node_type = "cache.t3.medium"
