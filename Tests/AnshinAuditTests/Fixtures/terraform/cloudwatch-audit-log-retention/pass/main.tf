resource "aws_cloudwatch_log_group" "cloudtrail" {
  name              = "/aws/cloudtrail/management"
  retention_in_days = 400
}

# Application and debug logs need not be kept a year.
resource "aws_cloudwatch_log_group" "worker" {
  name              = "/aws/lambda/worker"
  retention_in_days = 14
}

# Never expiring is long enough here (cloudwatch-log-group-retention reports its cost).
resource "aws_cloudwatch_log_group" "audit" {
  name = "/acme/prd/audit"
}
