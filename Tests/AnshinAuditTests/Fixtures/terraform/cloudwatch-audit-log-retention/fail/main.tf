resource "aws_cloudwatch_log_group" "cloudtrail" {
  name              = "/aws/cloudtrail/management"
  retention_in_days = 90 # expect
}

resource "aws_cloudwatch_log_group" "flow_logs" {
  name              = "vpc-flow-logs-main"
  retention_in_days = 30 # expect
}

resource "aws_cloudwatch_log_group" "waf" {
  name              = "aws-waf-logs-edge"
  retention_in_days = 7 # expect
}
