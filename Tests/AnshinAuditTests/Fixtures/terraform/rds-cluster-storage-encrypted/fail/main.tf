resource "aws_rds_cluster" "main" {
  cluster_identifier  = "app"
  engine              = "aurora-postgresql"
  storage_encrypted   = false # expect
  deletion_protection = true
}
