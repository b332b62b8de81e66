resource "aws_cloudfront_distribution" "app" { # expect
  enabled = true
  origin {
    domain_name = "app.example.com"
    origin_id   = "app"
  }
}
