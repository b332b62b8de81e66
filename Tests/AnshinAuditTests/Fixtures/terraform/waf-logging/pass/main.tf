resource "aws_wafv2_web_acl" "main" {
  name  = "main"
  scope = "REGIONAL"
}

resource "aws_wafv2_web_acl_logging_configuration" "main" {
  resource_arn            = aws_wafv2_web_acl.main.arn
  log_destination_configs = ["arn:aws:logs:ap-northeast-1:111111111111:log-group:aws-waf-logs-main"]
}
