resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

# The ARN is known only after apply; the actions are not.
resource "aws_iam_policy" "read" {
  name = "read"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "${aws_s3_bucket.data.arn}/*" }]
  })
}
