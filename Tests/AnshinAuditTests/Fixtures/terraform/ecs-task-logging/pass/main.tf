resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/app"
  retention_in_days = 30
}

resource "aws_ecs_task_definition" "app" {
  family = "app"

  container_definitions = jsonencode([
    {
      name  = "app"
      image = "app:1.0"
      logConfiguration = {
        logDriver = "awslogs"
        options   = { "awslogs-group" = aws_cloudwatch_log_group.app.name }
      }
    },
    {
      name             = "router"
      image            = "fluent-bit:3"
      logConfiguration = { logDriver = "awsfirelens" }
    },
  ])
}

variable "containers" {
  type = string
}

# Known only from the variable's value: not judged.
resource "aws_ecs_task_definition" "chosen" {
  family                = "chosen"
  container_definitions = var.containers
}
