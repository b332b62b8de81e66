resource "aws_ssm_parameter" "db_password" {
  name  = "/app/DB_PASSWORD"
  type  = "SecureString"
  value = "dummy"

  lifecycle {
    ignore_changes = [value]
  }
}

resource "aws_ecs_task_definition" "app" {
  family = "app"

  container_definitions = jsonencode([
    {
      name  = "app"
      image = "app:1.0"
      environment = [
        { name = "RAILS_ENV", value = "production" },
        { name = "DB_PASSWORD_ARN", value = aws_ssm_parameter.db_password.arn },
        { name = "CACHE_KEY_PREFIX", value = "v2" },
        { name = "KMS_KEY", value = "alias/app" },
        { name = "API_TOKEN", value = "" },
      ]
      secrets = [
        { name = "DB_PASSWORD", valueFrom = aws_ssm_parameter.db_password.arn },
      ]
      logConfiguration = { logDriver = "awslogs" }
    },
  ])
}

variable "environment" {
  type = list(object({ name = string, value = string }))
}

# The environment is known only from the variable's value: not judged.
resource "aws_ecs_task_definition" "chosen" {
  family = "chosen"

  container_definitions = jsonencode([
    {
      name             = "chosen"
      image            = "chosen:1.0"
      environment      = var.environment
      logConfiguration = { logDriver = "awslogs" }
    },
  ])
}
