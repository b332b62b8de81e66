resource "aws_iam_user" "app" {
  name = "app"
}

resource "aws_iam_user_group_membership" "app" {
  user   = aws_iam_user.app.name
  groups = ["developers"]
}
