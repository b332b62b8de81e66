resource "aws_rds_cluster" "main" {
  cluster_identifier  = "app"
  engine              = "aurora-postgresql"
  storage_encrypted   = true
  deletion_protection = true
}

# Restored from a snapshot: encryption follows the snapshot, unknown here.
resource "aws_rds_cluster" "restored" {
  cluster_identifier  = "restored"
  engine              = "aurora-postgresql"
  snapshot_identifier = "app-2024-01-01"
}
