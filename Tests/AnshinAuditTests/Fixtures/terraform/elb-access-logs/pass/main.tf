resource "aws_lb" "app" {
  name = "app"

  access_logs {
    bucket  = "acme-logs"
    enabled = true
  }
}

resource "aws_lb" "gateway" {
  name               = "inspection"
  load_balancer_type = "gateway"
}
