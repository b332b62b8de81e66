resource "aws_iam_role" "deploy" {
  name               = "deploy"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "deploy_readonly" {
  role       = aws_iam_role.deploy.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

data "aws_iam_policy" "power" {
  name = "PowerUserAccess"
}

resource "aws_iam_role_policy_attachment" "deploy_power" {
  role       = aws_iam_role.deploy.name
  policy_arn = data.aws_iam_policy.power.arn
}

# Full administration through an Identity Center permission set, as recommended.
resource "aws_ssoadmin_managed_policy_attachment" "admins" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef"
  managed_policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
