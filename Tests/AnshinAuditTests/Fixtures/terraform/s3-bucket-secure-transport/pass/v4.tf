resource "aws_s3_bucket" "data_v4" {
  bucket = "acme-data-v4"
}

data "aws_iam_policy_document" "tls_only" {
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.data_v4.arn, "${aws_s3_bucket.data_v4.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "data_v4" {
  bucket = aws_s3_bucket.data_v4.id
  policy = data.aws_iam_policy_document.tls_only.json
}
