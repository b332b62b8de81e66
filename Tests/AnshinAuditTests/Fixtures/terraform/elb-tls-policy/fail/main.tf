resource "aws_lb" "app" {
  name                       = "app"
  subnets                    = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  drop_invalid_header_fields = true
}

resource "aws_lb_target_group" "web" {
  name     = "web"
  port     = 3000
  protocol = "HTTP"
  vpc_id   = "vpc-0a1b2c3d"
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.app.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS-1-1-2017-01" # expect
  certificate_arn   = "arn:aws:acm:ap-northeast-1:111111111111:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_lb" "db" {
  name               = "db"
  load_balancer_type = "network"
  subnets            = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
}

resource "aws_lb_target_group" "db" {
  name     = "db"
  port     = 5432
  protocol = "TCP"
  vpc_id   = "vpc-0a1b2c3d"
}

# No policy named: the API's default, ELBSecurityPolicy-2016-08, accepts TLS 1.0.
resource "aws_lb_listener" "tls" { # expect
  load_balancer_arn = aws_lb.db.arn
  port              = 5432
  protocol          = "TLS"
  certificate_arn   = "arn:aws:acm:ap-northeast-1:111111111111:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.db.arn
  }
}
