# Sales demo account: same stack as staging, smallest sizes, no Multi-AZ.
env         = "demo"
account_id  = "333333333333"
aws_profile = "acme-demo"

zone_name    = "demo.acme.example"
app_hostname = "demo.acme.example"

vpc_cidr           = "10.30.0.0/16"
az_count           = 2
single_nat_gateway = true

app_cpu              = 256
app_memory           = 512
app_desired_count    = 1
worker_instance_type = "t3.small"
worker_count         = 1
log_retention_days   = 14

db_instance_class        = "db.t4g.small"
db_allocated_storage     = 20
db_multi_az              = false
db_backup_retention_days = 1
db_snapshot_identifier   = "acme-demo-seed-from-stg-2023-06-01"

redis_node_type = "cache.t3.micro"
