terraform {
  required_version = "~> 1.9"

  backend "s3" { # expect
    bucket  = "acme-tfstate"
    key     = "app/terraform.tfstate"
    region  = "ap-northeast-1"
    encrypt = true
  }
}
