resource "aws_db_subnet_group" "main" {
  name       = local.name
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_security_group" "db" {
  name        = "${local.name}-db"
  description = "PostgreSQL for acme-app"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "PostgreSQL from web and worker"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.web.id, aws_security_group.worker.id]
  }
}

locals {
  db_parameters = {
    "rds.force_ssl"            = "1"
    log_min_duration_statement = local.is_prd ? "500" : "200"
    log_lock_waits             = "1"
    "pg_stat_statements.track" = "all"
  }
}

resource "aws_db_parameter_group" "main" {
  name   = "${local.name}-postgres15"
  family = "postgres15"

  dynamic "parameter" {
    for_each = local.db_parameters

    content {
      name  = parameter.key
      value = parameter.value
    }
  }
}

resource "aws_db_instance" "main" {
  identifier     = local.name
  engine         = "postgres"
  engine_version = "15.5"
  instance_class = var.db_instance_class

  # demo was created from a copy of a staging snapshot.
  snapshot_identifier = var.db_snapshot_identifier

  allocated_storage     = var.db_allocated_storage
  max_allocated_storage = var.db_allocated_storage * 2
  storage_type          = "gp3"
  storage_encrypted     = true

  db_name  = "acme"
  username = "acme_admin"
  password = var.db_master_password
  port     = 5432

  multi_az               = var.db_multi_az
  db_subnet_group_name   = aws_db_subnet_group.main.name
  vpc_security_group_ids = [aws_security_group.db.id]
  parameter_group_name   = aws_db_parameter_group.main.name
  publicly_accessible    = false

  backup_retention_period   = var.db_backup_retention_days
  backup_window             = "18:00-19:00"         # 03:00 JST
  maintenance_window        = "sun:19:30-sun:20:30" # Monday 04:30 JST
  copy_tags_to_snapshot     = true
  deletion_protection       = local.is_prd
  skip_final_snapshot       = !local.is_prd
  final_snapshot_identifier = local.is_prd ? "${local.name}-final" : null

  performance_insights_enabled    = local.is_prd
  enabled_cloudwatch_logs_exports = ["postgresql"]
  auto_minor_version_upgrade      = true
  apply_immediately               = !local.is_prd

  lifecycle {
    ignore_changes = [snapshot_identifier]
  }
}
