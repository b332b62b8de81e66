env      = "prd"
replicas = 3
tags     = { Team = "sre", Cost = 12 }
