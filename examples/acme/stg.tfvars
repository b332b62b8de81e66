env         = "stg"
account_id  = "222222222222"
aws_profile = "acme-stg"

zone_name    = "stg.acme.example"
app_hostname = "stg.acme.example"

vpc_cidr           = "10.20.0.0/16"
az_count           = 2
single_nat_gateway = true

app_cpu              = 512
app_memory           = 1024
app_desired_count    = 1
worker_instance_type = "t3.medium"
worker_count         = 1
log_retention_days   = 30

db_instance_class        = "db.t4g.medium"
db_allocated_storage     = 50
db_multi_az              = false
db_backup_retention_days = 7

redis_node_type = "cache.t3.small"
