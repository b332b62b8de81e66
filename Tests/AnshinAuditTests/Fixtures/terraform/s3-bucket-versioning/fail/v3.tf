resource "aws_s3_bucket" "data_v3" {
  bucket = "acme-data-v3"

  versioning {
    enabled = false # expect
  }
}

resource "aws_s3_bucket" "plain" { # expect
  bucket = "acme-plain"
}
