resource "aws_s3_bucket" "data_v4" {
  bucket = "acme-data-v4"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data_v4" {
  bucket = "acme-data-v4"

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = true
  }
}
