resource "aws_iam_role" "ci" {
  name               = "ci"
  assume_role_policy = "{}"
}

resource "aws_identitystore_user" "alice" {
  identity_store_id = "d-1234567890"
  user_name         = "alice"
  display_name      = "Alice"
  name {
    given_name  = "Alice"
    family_name = "Example"
  }
}
