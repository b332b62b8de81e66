resource "aws_security_group" "bastion" {
  name = "bastion"

  ingress { # expect
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "db" {
  name = "db"
}

resource "aws_security_group_rule" "db_open" {
  type              = "ingress"
  security_group_id = aws_security_group.db.id
  protocol          = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_blocks       = ["10.0.0.0/8", "0.0.0.0/0"] # expect
}

resource "aws_vpc_security_group_ingress_rule" "rdp" {
  security_group_id = aws_security_group.db.id
  ip_protocol       = "-1"
  cidr_ipv6         = "::/0" # expect
}
