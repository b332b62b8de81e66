resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/app"
  retention_in_days = 30
}

resource "aws_ecs_task_definition" "app" {
  family = "app"

  container_definitions = jsonencode([ # expect
    {
      name  = "app"
      image = "app:1.0"
      logConfiguration = {
        logDriver = "awslogs"
        options   = { "awslogs-group" = aws_cloudwatch_log_group.app.name }
      }
    },
    {
      name  = "migrate"
      image = "app:1.0"
    },
  ])
}
