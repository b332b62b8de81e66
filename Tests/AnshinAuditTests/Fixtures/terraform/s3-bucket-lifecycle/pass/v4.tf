resource "aws_s3_bucket" "data_v4" {
  bucket = "acme-data-v4"
}

resource "aws_s3_bucket_lifecycle_configuration" "data_v4" {
  bucket = aws_s3_bucket.data_v4.id

  rule {
    id     = "retention"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }
}
