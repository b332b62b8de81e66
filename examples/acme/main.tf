locals {
  name   = "acme-${var.env}"
  is_prd = var.env == "prd"

  # ap-northeast-1b is not offered to new accounts.
  azs = slice(formatlist("${var.region}%s", ["a", "c", "d"]), 0, var.az_count)

  nat_gateway_count = var.single_nat_gateway ? 1 : length(local.azs)

  # Known before apply, so modules can use it in count.
  logs_bucket_name = "${local.name}-logs"

  common_tags = merge(
    {
      Project     = "acme"
      Environment = var.env
      ManagedBy   = "terraform"
      Repository  = "acme-inc/acme-infra"
    },
    var.extra_tags,
  )
}

data "aws_caller_identity" "current" {}

data "aws_kms_alias" "aws_ssm" {
  name = "alias/aws/ssm"
}
