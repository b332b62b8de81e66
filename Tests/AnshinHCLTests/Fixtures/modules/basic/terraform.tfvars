env      = "dev"
replicas = 2
