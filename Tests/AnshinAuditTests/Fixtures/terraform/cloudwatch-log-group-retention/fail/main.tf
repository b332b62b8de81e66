resource "aws_cloudwatch_log_group" "app" { # expect
  name = "/ecs/app"
}
