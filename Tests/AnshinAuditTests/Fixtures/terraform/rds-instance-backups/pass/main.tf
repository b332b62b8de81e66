resource "aws_db_instance" "main" {
  identifier     = "app"
  engine         = "postgres"
  instance_class = "db.m6g.large"
  storage_encrypted = true
  multi_az = true
  publicly_accessible = false
  deletion_protection = true
  backup_retention_period = 14
}
