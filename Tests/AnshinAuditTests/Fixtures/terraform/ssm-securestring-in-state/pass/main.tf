variable "api_key" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "aws_ssm_parameter" "api_key" {
  name             = "/app/API_KEY"
  type             = "SecureString"
  value_wo         = var.api_key
  value_wo_version = 1
}

resource "aws_ssm_parameter" "region" {
  name  = "/app/REGION"
  type  = "String"
  value = "ap-northeast-1"
}
