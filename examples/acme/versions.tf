terraform {
  required_version = "~> 1.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    github = {
      source  = "integrations/github"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region              = var.region
  profile             = var.aws_profile
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = local.common_tags
  }
}

# Used to hand the CI deploy key to GitHub Actions (see iam.tf).
provider "github" {
  owner = var.github_owner
  token = var.github_token
}
