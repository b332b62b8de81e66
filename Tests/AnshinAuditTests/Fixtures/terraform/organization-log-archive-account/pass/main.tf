resource "aws_organizations_organization" "main" {
  feature_set = "ALL"
}

resource "aws_controltower_landing_zone" "main" {
  version = "3.3"
  manifest_json = jsonencode({
    governedRegions    = ["ap-northeast-1"]
    centralizedLogging = { accountId = "555555555555", enabled = true }
  })
}
