resource "aws_db_instance" "main" {
  identifier                 = "app"
  engine                     = "postgres"
  instance_class             = "db.m6g.large"
  storage_encrypted          = true
  auto_minor_version_upgrade = false # expect
}

resource "aws_rds_cluster" "analytics" {
  cluster_identifier = "analytics"
  engine             = "aurora-postgresql"
  storage_encrypted  = true
}

resource "aws_rds_cluster_instance" "analytics" {
  identifier                 = "analytics-1"
  cluster_identifier         = aws_rds_cluster.analytics.id
  engine                     = "aurora-postgresql"
  instance_class             = "db.r6g.large"
  auto_minor_version_upgrade = false # expect
}
