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
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = "arn:aws:acm:ap-northeast-1:111111111111:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

# Plain HTTP has no TLS policy (elb-http-to-https-redirect judges it).
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.app.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
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

resource "aws_lb_listener" "tls" {
  load_balancer_arn = aws_lb.db.arn
  port              = 5432
  protocol          = "TLS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-3-2021-06"
  certificate_arn   = "arn:aws:acm:ap-northeast-1:111111111111:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.db.arn
  }
}

variable "policy" {
  type = string
}

# Known only from the variable's value: not judged.
resource "aws_lb_listener" "chosen" {
  load_balancer_arn = aws_lb.app.arn
  port              = 8443
  protocol          = "HTTPS"
  ssl_policy        = var.policy
  certificate_arn   = "arn:aws:acm:ap-northeast-1:111111111111:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
