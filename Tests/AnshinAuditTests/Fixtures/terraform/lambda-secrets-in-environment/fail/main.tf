resource "aws_iam_role" "worker" {
  name = "worker"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

variable "slack_token" {
  type      = string
  sensitive = true
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = aws_iam_role.worker.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "worker.zip"
  architectures = ["arm64"]

  environment {
    variables = { # expect
      LOG_LEVEL   = "info"
      DB_PASSWORD = "not-a-real-password"
      SLACK_TOKEN = var.slack_token
    }
  }
}
