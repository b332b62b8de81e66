resource "aws_s3_bucket" "data_v3" {
  bucket = "acme-data-v3"

  versioning {
    enabled = true
  }
}
