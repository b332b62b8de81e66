resource "aws_organizations_organization" "main" { # expect
  feature_set                   = "ALL"
  aws_service_access_principals = ["cloudtrail.amazonaws.com", "sso.amazonaws.com"]
}

# A trail of the management account alone: member accounts are not recorded.
resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "acme-cloudtrail"
  is_multi_region_trail = true
}
