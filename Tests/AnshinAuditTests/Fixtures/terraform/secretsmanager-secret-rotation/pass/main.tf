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

# Named by its name rather than by reference.
resource "aws_secretsmanager_secret" "token" {
  name = "acme/prd/token"
}

resource "aws_secretsmanager_secret_rotation" "token" {
  secret_id           = "acme/prd/token"
  rotation_lambda_arn = "arn:aws:lambda:ap-northeast-1:111111111111:function:rotate"

  rotation_rules {
    automatically_after_days = 7
  }
}
