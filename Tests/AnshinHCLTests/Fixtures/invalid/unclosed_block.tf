# expect: 2:30 Unclosed block
resource "aws_s3_bucket" "x" {
  bucket = "a"
