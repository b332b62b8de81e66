resource "aws_s3_bucket" "data_v4" {
  bucket = "acme-data-v4"
}

resource "aws_s3_bucket_versioning" "data_v4" {
  bucket = aws_s3_bucket.data_v4.id

  versioning_configuration {
    status = "Enabled"
  }
}

# The bucket name is only known after apply: the versioning resource is still tied to it.
resource "aws_s3_bucket" "generated" {
  bucket_prefix = "acme-generated-"
}

resource "aws_s3_bucket_versioning" "generated" {
  bucket = aws_s3_bucket.generated.id

  versioning_configuration {
    status = "Enabled"
  }
}
