resource "aws_s3_bucket" "data_v3" { # expect
  bucket = "acme-data-v3"
}
