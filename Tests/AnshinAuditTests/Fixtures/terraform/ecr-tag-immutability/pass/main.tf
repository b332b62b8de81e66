resource "aws_ecr_repository" "app" {
  name                 = "app"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
}

# Tags matching the exclusion filters may move; every other tag is immutable.
resource "aws_ecr_repository" "cache" {
  name                 = "build-cache"
  image_tag_mutability = "IMMUTABLE_WITH_EXCLUSION"
  image_scanning_configuration {
    scan_on_push = true
  }
}
