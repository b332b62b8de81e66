resource "aws_iam_policy" "admin" { # expect
  name = "admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

data "aws_iam_policy_document" "everything" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "from_document" { # expect
  name   = "from-document"
  policy = data.aws_iam_policy_document.everything.json
}
