variable "stripe_key" {
  type      = string
  sensitive = true
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/app"
  retention_in_days = 30
}

resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512

  container_definitions = jsonencode([ # expect
    {
      name      = "app"
      image     = "app:1.0"
      essential = true
      environment = [
        { name = "RAILS_ENV", value = "production" },
        { name = "DB_PASSWORD", value = "not-a-real-password" },
        { name = "STRIPE_KEY", value = var.stripe_key },
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = aws_cloudwatch_log_group.app.name
          "awslogs-region"        = "ap-northeast-1"
          "awslogs-stream-prefix" = "app"
        }
      }
    },
  ])
}

resource "aws_ecs_task_definition" "worker" {
  family = "worker"

  # expect below
  container_definitions = <<-JSON
    [
      {
        "name": "worker",
        "image": "worker:1.0",
        "environment": [{ "name": "SidekiqWebSecret", "value": "not-a-real-secret" }],
        "logConfiguration": { "logDriver": "awslogs" }
      }
    ]
  JSON
}
