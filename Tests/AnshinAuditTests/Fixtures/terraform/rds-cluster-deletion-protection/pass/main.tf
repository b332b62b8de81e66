resource "aws_rds_cluster" "main" {
  cluster_identifier  = "app"
  engine              = "aurora-postgresql"
  storage_encrypted   = true
  deletion_protection = true
}
