resource "aws_ecr_repository" "app" { # expect
  name                 = "app"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository" "worker" {
  name                 = "worker"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = false # expect
  }
}
