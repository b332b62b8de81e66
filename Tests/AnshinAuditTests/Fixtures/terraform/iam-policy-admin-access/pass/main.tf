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

# Inline policies of a role, as blocks: each allows one narrow thing.
resource "aws_iam_role" "reader" {
  name = "reader"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })

  inline_policy {
    name   = "read-data"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "${aws_s3_bucket.data.arn}/*" }] })
  }

  inline_policy {
    name   = "deny-everything-else"
    policy = jsonencode({ Statement = [{ Effect = "Deny", Action = "*", Resource = "*" }] })
  }
}
