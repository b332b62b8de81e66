resource "aws_s3_bucket" "a" {
  bucket = "acme-a"
}

resource "aws_s3_bucket" "b" {
  bucket = "acme-b"
}
