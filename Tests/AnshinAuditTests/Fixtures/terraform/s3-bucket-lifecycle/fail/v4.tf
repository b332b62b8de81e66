resource "aws_s3_bucket" "data_v4" { # expect
  bucket = "acme-data-v4"
}

resource "aws_s3_bucket" "paused" {
  bucket = "acme-paused"
}

resource "aws_s3_bucket_lifecycle_configuration" "paused" { # expect
  bucket = aws_s3_bucket.paused.id

  rule {
    id     = "expire"
    status = "Disabled"
    filter {}
    expiration {
      days = 30
    }
  }
}
