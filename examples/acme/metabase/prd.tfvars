env         = "prd"
account_id  = "111111111111"
aws_profile = "acme-prd"
zone_name   = "acme.example"

metabase_version  = "v0.47.7"
db_instance_class = "db.t3.small"

office_cidrs = [
  "203.0.113.16/28", # Tokyo office
  "198.51.100.7/32", # VPN
]
