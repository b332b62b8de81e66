resource "aws_iam_user" "app" {
  name = "app"
}

resource "aws_iam_user_policy_attachment" "app" { # expect
  user       = aws_iam_user.app.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_user" "ops" {
  name = "ops"
}

resource "aws_iam_user_policy" "ops" { # expect
  name   = "ops"
  user   = aws_iam_user.ops.name
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{ "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*" }]
    }
  EOT
}
