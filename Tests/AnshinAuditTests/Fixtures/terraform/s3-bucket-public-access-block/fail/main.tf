resource "aws_s3_bucket" "none" { # expect
  bucket = "acme-none"
}

resource "aws_s3_bucket" "partial" {
  bucket = "acme-partial"
}

resource "aws_s3_bucket_public_access_block" "partial" {
  bucket                  = aws_s3_bucket.partial.id
  block_public_acls       = false # expect
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}
