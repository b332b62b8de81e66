resource "aws_launch_template" "worker" {
  name_prefix   = "worker-"
  instance_type = "t4g.small"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }
}
