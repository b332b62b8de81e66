resource "aws_lambda_function" "job" { # expect
  function_name = "job"
  role          = "arn:aws:iam::111111111111:role/job"
  runtime       = "python3.12"
  handler       = "main.handler"
  filename      = "job.zip"
}
