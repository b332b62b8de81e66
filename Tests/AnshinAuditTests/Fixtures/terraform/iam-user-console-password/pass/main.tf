resource "aws_iam_user" "admin" {
  name = "admin"
}
