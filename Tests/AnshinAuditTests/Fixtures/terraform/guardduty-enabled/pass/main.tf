# enable defaults to true.
resource "aws_guardduty_detector" "main" {}
