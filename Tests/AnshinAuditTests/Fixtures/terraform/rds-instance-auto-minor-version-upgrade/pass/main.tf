# true is AWS's default.
resource "aws_db_instance" "main" {
  identifier        = "app"
  engine            = "postgres"
  instance_class    = "db.m6g.large"
  storage_encrypted = true
}

resource "aws_db_instance" "reports" {
  identifier                 = "reports"
  engine                     = "postgres"
  instance_class             = "db.t4g.small"
  storage_encrypted          = true
  auto_minor_version_upgrade = true
}
