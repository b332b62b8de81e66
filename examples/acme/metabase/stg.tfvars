env         = "stg"
account_id  = "222222222222"
aws_profile = "acme-stg"
zone_name   = "stg.acme.example"

metabase_version  = "v0.48.0"
db_instance_class = "db.t3.micro"
cpu               = 512
memory            = 1024

office_cidrs = [
  "203.0.113.16/28", # Tokyo office
  "198.51.100.7/32", # VPN
]
