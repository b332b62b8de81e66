resource "aws_cloudtrail" "main" { # expect
  name                  = "main"
  s3_bucket_name        = "acme-cloudtrail"
  is_multi_region_trail = true
}
