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

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.app.arn
  port              = 80
  protocol          = "HTTP"

  default_action { # expect
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

# No protocol on an Application Load Balancer is HTTP, and a redirect that does not name one
# keeps the request's own.
resource "aws_lb_listener" "legacy" {
  load_balancer_arn = aws_lb.app.arn
  port              = 8080

  default_action { # expect
    type = "redirect"

    redirect {
      port        = "80"
      status_code = "HTTP_301"
    }
  }
}
