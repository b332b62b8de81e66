resource "aws_iam_user" "ci" { # expect
  name = "ci"
}

resource "aws_iam_user" "people" { # expect
  for_each = toset(["alice"])
  name     = each.key
}
