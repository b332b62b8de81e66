resource "aws_s3_bucket" "data_v4" {
  bucket = "acme-data-v4"
}

resource "aws_s3_bucket_versioning" "data_v4" {
  bucket = aws_s3_bucket.data_v4.id

  versioning_configuration {
    status = "Suspended" # expect
  }
}
