resource "aws_vpc" "main" { # expect
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "data" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_default_security_group" "data" { # expect
  vpc_id = aws_vpc.data.id

  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}
