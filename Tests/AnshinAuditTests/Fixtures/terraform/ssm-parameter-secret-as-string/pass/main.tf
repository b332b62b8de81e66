variable "db_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "aws_ssm_parameter" "db_password" {
  name             = "/acme/prd/DB_PASSWORD"
  type             = "SecureString"
  value_wo         = var.db_password
  value_wo_version = 1
}

resource "aws_ssm_parameter" "db_password_arn" {
  name  = "/acme/prd/db_password_arn"
  type  = "String"
  value = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf"
}

resource "aws_ssm_parameter" "token_ttl" {
  name  = "/acme/prd/app/TOKEN_TTL"
  type  = "String"
  value = "3600"
}

resource "aws_ssm_parameter" "region" {
  name  = "/acme/prd/app/REGION"
  type  = "String"
  value = "eu-west-1"
}
