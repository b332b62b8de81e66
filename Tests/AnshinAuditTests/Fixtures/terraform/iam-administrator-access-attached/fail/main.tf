resource "aws_iam_role" "deploy" {
  name               = "deploy"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "deploy_admin" {
  role       = aws_iam_role.deploy.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess" # expect
}

resource "aws_iam_group" "ops" {
  name = "ops"
}

data "aws_iam_policy" "admin" {
  name = "AdministratorAccess"
}

resource "aws_iam_group_policy_attachment" "ops" {
  group      = aws_iam_group.ops.name
  policy_arn = data.aws_iam_policy.admin.arn # expect
}

resource "aws_iam_user" "bob" {
  name = "bob"
}

resource "aws_iam_policy_attachment" "admins" {
  name       = "admins"
  users      = [aws_iam_user.bob.name]
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess" # expect
}

resource "aws_iam_role" "legacy" {
  name                = "legacy"
  assume_role_policy  = "{}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"] # expect
}
