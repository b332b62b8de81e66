resource "aws_s3_bucket" "data_v3" {
  bucket = "acme-data-v3"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256" # expect
      }
    }
  }
}
