# Metabase (BI for sales and customer success) on Fargate, behind the app's
# load balancer at metabase.<zone>, reachable from the office only.
# Network, cluster and load balancer come from the root stack, looked up by name.

terraform {
  required_version = "~> 1.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }

  backend "s3" {}
}

provider "aws" {
  region              = var.region
  profile             = var.aws_profile
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = {
      Project     = "acme"
      Environment = var.env
      Service     = "metabase"
      ManagedBy   = "terraform"
    }
  }
}

locals {
  name     = "acme-${var.env}-metabase"
  hostname = "metabase.${var.zone_name}"
}

data "aws_vpc" "main" {
  tags = {
    Name = "acme-${var.env}"
  }
}

data "aws_subnets" "private" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.main.id]
  }

  tags = {
    Tier = "private"
  }
}

data "aws_ecs_cluster" "main" {
  cluster_name = "acme-${var.env}"
}

data "aws_lb" "app" {
  name = "acme-${var.env}-app"
}

data "aws_lb_listener" "https" {
  load_balancer_arn = data.aws_lb.app.arn
  port              = 443
}

data "aws_route53_zone" "main" {
  name = var.zone_name
}

# --- Database -------------------------------------------------------------------
# Metabase's own application database (questions, dashboards, users).
# Imported as-is from the Elastic Beanstalk setup.

resource "aws_db_subnet_group" "metabase" {
  name       = local.name
  subnet_ids = data.aws_subnets.private.ids
}

resource "aws_security_group" "metabase_db" {
  name        = "${local.name}-db"
  description = "Metabase application database"
  vpc_id      = data.aws_vpc.main.id

  ingress {
    description     = "PostgreSQL from Metabase"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.metabase.id]
  }
}

resource "aws_db_instance" "metabase" {
  identifier     = local.name
  engine         = "postgres"
  engine_version = "13.13"
  instance_class = var.db_instance_class

  allocated_storage = 20
  storage_type      = "gp2"
  storage_encrypted = false

  db_name  = "metabase"
  username = "metabase"
  password = var.metabase_db_password

  db_subnet_group_name   = aws_db_subnet_group.metabase.name
  vpc_security_group_ids = [aws_security_group.metabase_db.id]
  publicly_accessible    = false
  multi_az               = false

  backup_retention_period   = 7
  deletion_protection       = var.env == "prd"
  skip_final_snapshot       = false
  final_snapshot_identifier = "${local.name}-final"
}

resource "aws_ssm_parameter" "db_password" {
  name   = "/acme/${var.env}/metabase/MB_DB_PASS"
  type   = "SecureString"
  key_id = "alias/aws/ssm"
  value  = var.metabase_db_password
}

# --- Service --------------------------------------------------------------------

resource "aws_security_group" "metabase" {
  name        = local.name
  description = "Metabase tasks"
  vpc_id      = data.aws_vpc.main.id

  ingress {
    description     = "Metabase from the load balancer"
    from_port       = 3000
    to_port         = 3000
    protocol        = "tcp"
    security_groups = tolist(data.aws_lb.app.security_groups)
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_iam_role" "metabase_execution" {
  name = "${local.name}-execution"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { Service = "ecs-tasks.amazonaws.com" }
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "metabase_execution" {
  role       = aws_iam_role.metabase_execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy" "metabase_execution_secrets" {
  name = "read-metabase-secrets"
  role = aws_iam_role.metabase_execution.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["ssm:GetParameters"]
        Resource = aws_ssm_parameter.db_password.arn
      },
    ]
  })
}

resource "aws_cloudwatch_log_group" "metabase" {
  name              = "/ecs/${local.name}"
  retention_in_days = 30
}

resource "aws_ecs_task_definition" "metabase" {
  family                   = local.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.metabase_execution.arn

  container_definitions = jsonencode([
    {
      name         = "metabase"
      image        = "metabase/metabase:${var.metabase_version}"
      essential    = true
      portMappings = [{ containerPort = 3000, protocol = "tcp" }]
      environment = [
        { name = "MB_DB_TYPE", value = "postgres" },
        { name = "MB_DB_HOST", value = aws_db_instance.metabase.address },
        { name = "MB_DB_PORT", value = tostring(aws_db_instance.metabase.port) },
        { name = "MB_DB_DBNAME", value = "metabase" },
        { name = "MB_DB_USER", value = "metabase" },
        { name = "MB_SITE_URL", value = "https://${local.hostname}" },
        { name = "JAVA_TIMEZONE", value = "Asia/Tokyo" },
      ]
      secrets = [
        { name = "MB_DB_PASS", valueFrom = aws_ssm_parameter.db_password.arn },
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = aws_cloudwatch_log_group.metabase.name
          "awslogs-region"        = var.region
          "awslogs-stream-prefix" = "metabase"
        }
      }
    },
  ])
}

resource "aws_lb_target_group" "metabase" {
  name        = local.name
  port        = 3000
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = data.aws_vpc.main.id

  health_check {
    path    = "/api/health"
    matcher = "200"
  }
}

resource "aws_lb_listener_rule" "metabase" {
  listener_arn = data.aws_lb_listener.https.arn
  priority     = 100

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.metabase.arn
  }

  condition {
    host_header {
      values = [local.hostname]
    }
  }

  condition {
    source_ip {
      values = var.office_cidrs
    }
  }
}

resource "aws_ecs_service" "metabase" {
  name            = "metabase"
  cluster         = data.aws_ecs_cluster.main.arn
  task_definition = aws_ecs_task_definition.metabase.arn
  desired_count   = 1
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = data.aws_subnets.private.ids
    security_groups  = [aws_security_group.metabase.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.metabase.arn
    container_name   = "metabase"
    container_port   = 3000
  }
}

resource "aws_route53_record" "metabase" {
  zone_id = data.aws_route53_zone.main.zone_id
  name    = local.hostname
  type    = "A"

  alias {
    name                   = data.aws_lb.app.dns_name
    zone_id                = data.aws_lb.app.zone_id
    evaluate_target_health = false
  }
}
