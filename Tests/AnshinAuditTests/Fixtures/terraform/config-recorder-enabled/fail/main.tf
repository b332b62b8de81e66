# Created, never started: no aws_config_configuration_recorder_status.
resource "aws_config_configuration_recorder" "main" { # expect
  name     = "main"
  role_arn = "arn:aws:iam::111111111111:role/config"
}
