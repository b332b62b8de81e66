locals {
  app_log_groups = {
    web    = "/ecs/${local.name}/web"
    worker = "/ec2/${local.name}/worker"
  }
}

resource "aws_cloudwatch_log_group" "app" {
  for_each = local.app_log_groups

  name              = each.value
  retention_in_days = var.log_retention_days
}

# Build output of the app image (codebuild.tf).
resource "aws_cloudwatch_log_group" "codebuild" {
  name = "/aws/codebuild/${local.name}-app"
}
