# Log bucket for the ALB, one per environment.
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
  backend "s3" {}
}

locals {
  name = "${var.project}-${var.env}"
  common_tags = merge(var.tags, {
    Environment = var.env
    "Managed-By" = "terraform"
  })
  azs      = slice(data.aws_availability_zones.available.names, 0, 3)
  is_prod  = var.env == "prd"
  replicas = local.is_prod ? 3 : 1
}

resource "aws_s3_bucket" "logs" {
  bucket        = "${local.name}-logs"
  force_destroy = !local.is_prod
  tags          = local.common_tags

  lifecycle {
    prevent_destroy = true
    ignore_changes  = [tags["LastModified"]]
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    id     = "expire"
    status = "Enabled"
    expiration { days = var.log_retention_days }
    filter {}
  }
}

/* The policy lets the regional ELB account write logs. */
data "aws_iam_policy_document" "logs" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.logs.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = [data.aws_elb_service_account.main.arn]
    }
  }
}

output "bucket_arns" {
  value = aws_s3_bucket.logs[*].arn // full splat
}
