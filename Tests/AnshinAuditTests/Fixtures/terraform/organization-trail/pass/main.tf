resource "aws_organizations_organization" "main" {
  feature_set                   = "ALL"
  aws_service_access_principals = ["cloudtrail.amazonaws.com", "sso.amazonaws.com"]
}

resource "aws_cloudtrail" "organization" {
  name                  = "organization"
  s3_bucket_name        = "acme-log-archive-cloudtrail"
  is_multi_region_trail = true
  is_organization_trail = true
}
