# Provider defaults: nothing required beyond 8 characters here, reuse allowed.
resource "aws_iam_account_password_policy" "main" { # expect
  minimum_password_length = 8
  require_numbers         = true
}
