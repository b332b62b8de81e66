resource "aws_lb" "app" {
  name                       = "app"
  subnets                    = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  drop_invalid_header_fields = true
}

# Network Load Balancers do not parse HTTP: the setting does not exist for them.
resource "aws_lb" "tcp" {
  name               = "tcp"
  load_balancer_type = "network"
  subnets            = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
}

variable "drop" {
  type = bool
}

# Known only from the variable's value: not judged.
resource "aws_lb" "maybe" {
  name                       = "maybe"
  subnets                    = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  drop_invalid_header_fields = var.drop
}
