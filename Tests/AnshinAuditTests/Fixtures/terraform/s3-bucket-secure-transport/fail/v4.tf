resource "aws_s3_bucket" "data_v4" {
  bucket = "acme-data-v4"
}

resource "aws_s3_bucket_policy" "data_v4" {
  bucket = aws_s3_bucket.data_v4.id
  # expect below
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "logging.s3.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "${aws_s3_bucket.data_v4.arn}/*"
    }]
  })
}

resource "aws_s3_bucket" "none" { # expect
  bucket = "acme-none"
}
