resource "aws_kms_key" "data" { # expect
  description = "application data"
}

resource "aws_kms_key" "logs" {
  description         = "logs"
  enable_key_rotation = false # expect
}
