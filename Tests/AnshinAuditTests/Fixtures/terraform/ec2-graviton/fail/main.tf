resource "aws_instance" "worker" {
  ami           = "ami-12345678"
  instance_type = "m5.large" # expect
}
