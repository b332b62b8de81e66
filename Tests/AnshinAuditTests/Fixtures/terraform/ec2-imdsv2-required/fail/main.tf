resource "aws_instance" "worker" {
  ami           = "ami-12345678"
  instance_type = "t4g.small"

  metadata_options {
    http_tokens = "optional" # expect
  }
}

# No metadata_options: IMDSv1 stays allowed.
resource "aws_launch_template" "worker" { # expect
  name_prefix   = "worker-"
  instance_type = "t4g.small"
}
