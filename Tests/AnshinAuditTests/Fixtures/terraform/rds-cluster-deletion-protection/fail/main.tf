resource "aws_rds_cluster" "main" { # expect
  cluster_identifier = "app"
  engine             = "aurora-postgresql"
  storage_encrypted  = true
}
