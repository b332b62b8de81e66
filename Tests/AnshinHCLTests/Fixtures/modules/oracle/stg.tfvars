env  = "stg"
cidr = "172.16.0.0/12"
services = [
  { name = "web", port = 80, public = "false", replicas = null },
]
