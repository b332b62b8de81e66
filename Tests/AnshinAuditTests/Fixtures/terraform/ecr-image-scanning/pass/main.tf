resource "aws_ecr_repository" "app" {
  name                 = "app"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
}

variable "scan" {
  type = bool
}

# Known only once the variable is given: not reported.
resource "aws_ecr_repository" "worker" {
  name                 = "worker"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = var.scan
  }
}
