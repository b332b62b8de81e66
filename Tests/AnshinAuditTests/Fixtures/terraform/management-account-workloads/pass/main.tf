# Organizations, billing and the organization trail's bucket: no workload.
resource "aws_organizations_organization" "main" {
  feature_set = "ALL"
}

resource "aws_s3_bucket" "cur" {
  bucket = "acme-cost-and-usage"
}
