resource "aws_lb" "app" { # expect
  name    = "app"
  subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
}

resource "aws_alb" "admin" {
  name                       = "admin"
  load_balancer_type         = "application"
  subnets                    = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  drop_invalid_header_fields = false # expect
}
