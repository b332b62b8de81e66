terraform {
  required_version = "~> 1.9"

  backend "s3" {
    bucket         = "acme-tfstate"
    key            = "app/terraform.tfstate"
    region         = "ap-northeast-1"
    encrypt        = true
    dynamodb_table = "terraform-lock"
  }
}
