resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "acme-cloudtrail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = "arn:aws:kms:ap-northeast-1:111111111111:key/1234"
  cloud_watch_logs_group_arn = "arn:aws:logs:ap-northeast-1:111111111111:log-group:cloudtrail:*"
  cloud_watch_logs_role_arn  = "arn:aws:iam::111111111111:role/cloudtrail"
}
