resource "aws_db_instance" "main" {
  identifier     = "app"
  engine         = "postgres"
  instance_class = "db.m6g.large"
  storage_encrypted = true
  multi_az = false # expect
  publicly_accessible = false
  deletion_protection = true
  backup_retention_period = 14
}
