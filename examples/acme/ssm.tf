# Application secrets live in Parameter Store, not in this repository.
# Terraform creates each parameter with a placeholder; the real value is set
# once by hand and Terraform leaves it alone afterwards:
#
#   aws ssm put-parameter --profile acme-stg --overwrite --type SecureString \
#     --name /acme/stg/app/SENDGRID_API_KEY --value "$(pbpaste)"
#
# The web tasks read them as container secrets (ecs.tf).

locals {
  app_secret_names = toset([
    "DATABASE_PASSWORD",
    "SECRET_KEY_BASE",
    "SENDGRID_API_KEY",
    "STRIPE_SECRET_KEY",
    "SLACK_WEBHOOK_URL",
  ])
}

resource "aws_ssm_parameter" "app_secrets" {
  for_each = local.app_secret_names

  name        = "/acme/${var.env}/app/${each.key}"
  description = "Set outside Terraform"
  type        = "SecureString"
  key_id      = data.aws_kms_alias.aws_ssm.arn
  value       = "dummy"

  lifecycle {
    ignore_changes = [
      value, # managed outside Terraform
    ]
  }
}
