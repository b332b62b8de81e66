resource "aws_iam_user" "admin" {
  name = "admin"
}

resource "aws_iam_user_login_profile" "admin" { # expect
  user = aws_iam_user.admin.name
}
