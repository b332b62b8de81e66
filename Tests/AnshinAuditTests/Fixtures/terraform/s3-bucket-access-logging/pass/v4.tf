resource "aws_s3_bucket" "data_v4" {
  bucket = "acme-data-v4"
}

resource "aws_s3_bucket_logging" "data_v4" {
  bucket        = aws_s3_bucket.data_v4.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "s3/data-v4/"
}

# Receives the logs: it must not log to itself.
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}
