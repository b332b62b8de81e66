resource "aws_iam_role" "hook" {
  name = "hook"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_lambda_function" "hook" {
  function_name = "hook"
  role          = aws_iam_role.hook.arn
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "hook.zip"
  architectures = ["arm64"]
}

resource "aws_lambda_function_url" "hook" {
  function_name      = aws_lambda_function.hook.arn
  authorization_type = "AWS_IAM"
}

# No URL at all.
resource "aws_lambda_function" "cron" {
  function_name = "cron"
  role          = aws_iam_role.hook.arn
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "cron.zip"
  architectures = ["arm64"]
}
