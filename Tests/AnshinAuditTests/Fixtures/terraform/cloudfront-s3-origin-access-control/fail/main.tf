resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
}

resource "aws_cloudfront_origin_access_identity" "legacy" {
  comment = "legacy"
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true

  # A public bucket read directly.
  origin { # expect
    origin_id   = "site"
    domain_name = aws_s3_bucket.site.bucket_regional_domain_name
  }

  # Through a legacy origin access identity.
  origin { # expect
    origin_id   = "downloads"
    domain_name = "acme-downloads.s3.ap-northeast-1.amazonaws.com"

    s3_origin_config {
      origin_access_identity = aws_cloudfront_origin_access_identity.legacy.cloudfront_access_identity_path
    }
  }

  default_cache_behavior {
    target_origin_id       = "site"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    viewer_protocol_policy = "redirect-to-https"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
