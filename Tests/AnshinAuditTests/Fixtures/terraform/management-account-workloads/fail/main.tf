resource "aws_organizations_organization" "main" { # expect
  feature_set = "ALL"
}

resource "aws_instance" "bastion" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}
