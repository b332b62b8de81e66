resource "aws_lb" "app" {
  name = "app"

  # enabled defaults to false, even with a bucket.
  access_logs { # expect
    bucket = "acme-logs"
  }
}

resource "aws_elb" "legacy" { # expect
  name               = "legacy"
  availability_zones = ["ap-northeast-1a"]
}
