resource "aws_vpc" "main" { # expect
  cidr_block = "10.0.0.0/16"
}

# Turned off here: count = 0.
resource "aws_flow_log" "main" {
  count        = 0
  vpc_id       = aws_vpc.main.id
  traffic_type = "ALL"
}
