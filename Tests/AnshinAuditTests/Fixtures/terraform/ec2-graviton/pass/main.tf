resource "aws_instance" "worker" {
  ami           = "ami-12345678"
  instance_type = "m6g.large"
}
