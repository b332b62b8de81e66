resource "aws_s3_bucket" "artifacts" { # expect
  bucket = "acme-build-artifacts"
}

resource "aws_codebuild_project" "app" {
  name         = "app"
  service_role = "arn:aws:iam::111111111111:role/codebuild"

  artifacts {
    type     = "S3"
    location = aws_s3_bucket.artifacts.id
  }
}

resource "aws_s3_bucket" "pipeline" { # expect
  bucket = "acme-pipeline-artifacts"
}

resource "aws_codepipeline" "app" {
  name     = "app"
  role_arn = "arn:aws:iam::111111111111:role/codepipeline"

  artifact_store {
    location = aws_s3_bucket.pipeline.bucket
    type     = "S3"
  }
}
