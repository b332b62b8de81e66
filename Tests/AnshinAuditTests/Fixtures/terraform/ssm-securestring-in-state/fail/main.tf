resource "aws_ssm_parameter" "api_key" {
  name  = "/app/API_KEY"
  type  = "SecureString"
  value = "dummy" # expect

  lifecycle {
    ignore_changes = [value]
  }
}
