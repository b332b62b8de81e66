resource "aws_wafv2_web_acl" "main" { # expect
  name  = "main"
  scope = "REGIONAL"
}
