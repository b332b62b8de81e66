# acme-app (Rails) runs on Fargate behind the ALB. Images are built for arm64
# by CodeBuild (codebuild.tf), which also rolls the service.

resource "aws_ecr_repository" "app" {
  name                 = "acme-app"
  image_tag_mutability = "MUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_lifecycle_policy" "app" {
  repository = aws_ecr_repository.app.name

  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Keep the last 50 images"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = 50
        }
        action = {
          type = "expire"
        }
      },
    ]
  })
}

resource "aws_ecs_cluster" "main" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = local.is_prd ? "enabled" : "disabled"
  }
}

# --- Roles ------------------------------------------------------------------

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "ecs_task_execution" {
  name               = "${local.name}-ecs-task-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy_attachment" "ecs_task_execution" {
  role       = aws_iam_role.ecs_task_execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy" "ecs_task_execution_secrets" {
  name = "read-app-secrets"
  role = aws_iam_role.ecs_task_execution.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["ssm:GetParameters"]
        Resource = [for p in aws_ssm_parameter.app_secrets : p.arn]
      },
    ]
  })
}

resource "aws_iam_role" "app_task" {
  name               = "${local.name}-app-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy_attachment" "app_task_s3" {
  role       = aws_iam_role.app_task.name
  policy_arn = aws_iam_policy.app_s3.arn
}

# --- Service ----------------------------------------------------------------

resource "aws_security_group" "web" {
  name        = "${local.name}-web"
  description = "acme-app web tasks"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "Puma from the load balancer"
    from_port       = 3000
    to_port         = 3000
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

locals {
  app_environment = {
    RAILS_ENV       = "production"
    ACME_ENV        = var.env
    APP_HOST        = var.app_hostname
    DATABASE_HOST   = aws_db_instance.main.address
    REDIS_URL       = "redis://${aws_elasticache_cluster.redis.cache_nodes[0].address}:6379/0"
    ASSETS_BUCKET   = module.assets.id
    EXPORTS_BUCKET  = module.exports.id
    IMPORTS_BUCKET  = aws_s3_bucket.imports.id
    RAILS_LOG_LEVEL = local.is_prd ? "info" : "debug"
  }
}

resource "aws_ecs_task_definition" "web" {
  family                   = "${local.name}-web"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.app_cpu
  memory                   = var.app_memory
  execution_role_arn       = aws_iam_role.ecs_task_execution.arn
  task_role_arn            = aws_iam_role.app_task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "ARM64"
  }

  container_definitions = jsonencode([
    {
      name         = "web"
      image        = "${aws_ecr_repository.app.repository_url}:${var.app_image_tag}"
      essential    = true
      command      = ["bundle", "exec", "puma", "-C", "config/puma.rb"]
      portMappings = [{ containerPort = 3000, protocol = "tcp" }]
      environment  = [for k, v in local.app_environment : { name = k, value = v }]
      secrets      = [for k, p in aws_ssm_parameter.app_secrets : { name = k, valueFrom = p.arn }]

      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = aws_cloudwatch_log_group.app["web"].name
          "awslogs-region"        = var.region
          "awslogs-stream-prefix" = "web"
        }
      }
    },
  ])
}

resource "aws_ecs_service" "web" {
  name                              = "web"
  cluster                           = aws_ecs_cluster.main.id
  task_definition                   = aws_ecs_task_definition.web.arn
  desired_count                     = var.app_desired_count
  launch_type                       = "FARGATE"
  health_check_grace_period_seconds = 60
  enable_execute_command            = !local.is_prd

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.web.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.web.arn
    container_name   = "web"
    container_port   = 3000
  }

  depends_on = [aws_lb_listener.https]

  lifecycle {
    # CodeBuild registers new task definitions and autoscaling owns the count.
    ignore_changes = [task_definition, desired_count]
  }
}
