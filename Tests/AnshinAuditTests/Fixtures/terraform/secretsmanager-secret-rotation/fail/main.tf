resource "aws_secretsmanager_secret" "api" { # expect
  name = "acme/prd/api-key"
}

# A rotation of another secret does not rotate this one.
resource "aws_secretsmanager_secret" "db" {
  name = "acme/prd/db"
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = "arn:aws:lambda:ap-northeast-1:111111111111:function:rotate"

  rotation_rules {
    automatically_after_days = 30
  }
}
