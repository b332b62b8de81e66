resource "aws_s3_bucket" "artifacts" {
  bucket = "acme-build-artifacts"
}

resource "aws_s3_bucket_lifecycle_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 30
    }
  }
}

resource "aws_codebuild_project" "app" {
  name         = "app"
  service_role = "arn:aws:iam::111111111111:role/codebuild"

  artifacts {
    type     = "S3"
    location = aws_s3_bucket.artifacts.id
  }
}
