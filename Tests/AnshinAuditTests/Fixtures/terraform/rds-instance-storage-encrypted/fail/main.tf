resource "aws_db_instance" "main" { # expect
  identifier     = "app"
  engine         = "postgres"
  instance_class = "db.m6g.large"
  multi_az = true
  publicly_accessible = false
  deletion_protection = true
  backup_retention_period = 14
}
