terraform {
  required_version = "~> 1.9"

  required_providers {
    aws = { # expect
      source = "hashicorp/aws"
    }
  }
}
