resource "aws_ssm_parameter" "api_token" {
  name  = "/acme/prd/app/API_TOKEN"
  type  = "String" # expect
  value = "placeholder"
}

resource "aws_ssm_parameter" "stripe" {
  name  = "/acme/prd/app/stripeSecretKey"
  type  = "StringList" # expect
  value = "a,b"
}

resource "aws_ssm_parameter" "db_password" { # expect
  name           = "/acme/prd/DB_PASSWORD"
  insecure_value = "not-a-real-password"
}
