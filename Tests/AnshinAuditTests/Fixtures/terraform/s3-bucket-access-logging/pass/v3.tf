resource "aws_s3_bucket" "data_v3" {
  bucket = "acme-data-v3"

  logging {
    target_bucket = aws_s3_bucket.logs.id
    target_prefix = "s3/data-v3/"
  }
}
