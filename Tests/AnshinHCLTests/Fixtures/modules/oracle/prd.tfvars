env   = "prd"
sizes = { small = 1, large = 4 }
services = [
  { name = "web", port = 80, public = true, replicas = null },
  { name = "api", port = 8080, public = true, replicas = 2 },
  { name = "worker", port = "9000", public = false, replicas = null },
]
