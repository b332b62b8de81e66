resource "aws_s3_bucket" "data_v3" {
  bucket = "acme-data-v3"

  lifecycle_rule { # expect
    id      = "old"
    enabled = false
    expiration {
      days = 90
    }
  }
}
