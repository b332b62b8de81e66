# 8 characters, numbers the only required class, any old password reusable.
resource "aws_iam_account_password_policy" "main" { # expect
  minimum_password_length = 8
  require_numbers         = true
}
