resource "aws_iam_role" "worker" {
  name = "worker"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_ssm_parameter" "db_password" {
  name  = "/worker/DB_PASSWORD"
  type  = "SecureString"
  value = "dummy"

  lifecycle {
    ignore_changes = [value]
  }
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = aws_iam_role.worker.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "worker.zip"
  architectures = ["arm64"]

  environment {
    variables = {
      LOG_LEVEL             = "info"
      DB_PASSWORD_PARAMETER = aws_ssm_parameter.db_password.name
      API_TOKEN             = ""
    }
  }
}

variable "variables" {
  type = map(string)
}

# Known only from the variable's value: not judged.
resource "aws_lambda_function" "chosen" {
  function_name = "chosen"
  role          = aws_iam_role.worker.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "chosen.zip"
  architectures = ["arm64"]

  environment {
    variables = var.variables
  }
}
