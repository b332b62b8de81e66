resource "aws_ecr_repository" "app" { # expect
  name = "app"
  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_repository" "worker" {
  name                 = "worker"
  image_tag_mutability = "MUTABLE" # expect
  image_scanning_configuration {
    scan_on_push = true
  }
}
