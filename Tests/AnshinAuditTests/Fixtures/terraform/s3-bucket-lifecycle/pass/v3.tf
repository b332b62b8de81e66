resource "aws_s3_bucket" "data_v3" {
  bucket = "acme-data-v3"

  lifecycle_rule {
    id                                     = "retention"
    enabled                                = true
    abort_incomplete_multipart_upload_days = 7
    expiration {
      days = 365
    }
  }
}
