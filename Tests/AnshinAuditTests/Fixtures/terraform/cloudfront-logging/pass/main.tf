resource "aws_cloudfront_distribution" "app" {
  enabled = true
  logging_config {
    bucket = "acme-logs.s3.amazonaws.com"
    prefix = "cloudfront/"
  }
}
