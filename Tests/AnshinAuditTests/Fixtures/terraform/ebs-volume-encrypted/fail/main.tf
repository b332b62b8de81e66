resource "aws_ebs_volume" "data" { # expect
  availability_zone = "ap-northeast-1a"
  size              = 100
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "ap-northeast-1a"
  size              = 20
  encrypted         = false # expect
}
