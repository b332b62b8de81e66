resource "aws_launch_template" "worker" {
  name_prefix   = "worker-"
  instance_type = "t4g.small"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }
}

# The metadata service is off: neither IMDSv1 nor IMDSv2 answers, so nothing to require.
resource "aws_instance" "batch" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t4g.small"

  metadata_options {
    http_endpoint = "disabled"
  }
}
