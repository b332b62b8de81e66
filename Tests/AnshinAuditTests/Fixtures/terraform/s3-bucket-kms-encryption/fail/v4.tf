resource "aws_s3_bucket" "data_v4" {
  bucket = "acme-data-v4"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data_v4" {
  bucket = aws_s3_bucket.data_v4.bucket

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256" # expect
    }
  }
}

resource "aws_s3_bucket" "plain" { # expect
  bucket = "acme-plain"
}
