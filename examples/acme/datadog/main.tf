# Datadog: the AWS integration of each account, alert routing and monitors.
# Separate state from the root stack: ./terraform.sh prd plan (from this directory).

terraform {
  required_version = "~> 1.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    datadog = {
      source  = "DataDog/datadog"
      version = "~> 3.30"
    }
  }

  backend "s3" {}
}

provider "aws" {
  region              = var.region
  profile             = var.aws_profile
  allowed_account_ids = [var.account_id]
}

provider "datadog" {
  api_key = var.datadog_api_key
  app_key = var.datadog_app_key
  api_url = "https://api.ap1.datadoghq.com/"
}

locals {
  tags = ["env:${var.env}", "service:acme-app", "team:sre"]

  monitors = {
    alb_5xx = {
      name     = "[${var.env}] ALB 5xx responses"
      query    = "sum(last_5m):sum:aws.applicationelb.httpcode_elb_5xx{env:${var.env}}.as_count() > ${var.alb_5xx_threshold}"
      critical = var.alb_5xx_threshold
      message  = "The load balancer returned more than ${var.alb_5xx_threshold} 5xx responses in 5 minutes."
    }
    target_latency = {
      name     = "[${var.env}] Slow responses (p95)"
      query    = "avg(last_10m):avg:aws.applicationelb.target_response_time.p95{env:${var.env}} > ${var.latency_p95_threshold}"
      critical = var.latency_p95_threshold
      message  = "p95 target response time is above ${var.latency_p95_threshold}s."
    }
    rds_cpu = {
      name     = "[${var.env}] RDS CPU"
      query    = "avg(last_15m):avg:aws.rds.cpuutilization{dbinstanceidentifier:acme-${var.env}} > 80"
      critical = 80
      message  = "acme-${var.env} database CPU above 80% for 15 minutes."
    }
    rds_storage = {
      name     = "[${var.env}] RDS free storage"
      query    = "avg(last_30m):avg:aws.rds.free_storage_space{dbinstanceidentifier:acme-${var.env}} < 5368709120"
      critical = 5368709120
      message  = "Less than 5 GiB free on acme-${var.env}."
    }
  }
}

# --- AWS integration ----------------------------------------------------------

resource "datadog_integration_aws" "main" {
  account_id = var.account_id
  role_name  = "DatadogIntegrationRole"
  host_tags  = local.tags

  account_specific_namespace_rules = {
    auto_scaling = false
    opsworks     = false
  }
}

data "aws_iam_policy_document" "datadog_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.datadog_aws_account_id}:root"]
    }

    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [datadog_integration_aws.main.external_id]
    }
  }
}

resource "aws_iam_role" "datadog" {
  name               = "DatadogIntegrationRole"
  assume_role_policy = data.aws_iam_policy_document.datadog_assume.json
}

resource "aws_iam_role_policy_attachment" "datadog" {
  role       = aws_iam_role.datadog.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

# --- Alerts -------------------------------------------------------------------

# Posts to the #alerts-<env> Slack channel through an incoming webhook.
resource "datadog_webhook" "slack" {
  name      = "slack-alerts-${var.env}"
  url       = var.slack_webhook_url
  encode_as = "json"

  payload = jsonencode({
    text = "$EVENT_TITLE\n$LINK"
  })
}

resource "datadog_monitor" "this" {
  for_each = local.monitors

  name     = each.value.name
  type     = "query alert"
  query    = each.value.query
  priority = var.env == "prd" ? 2 : 4
  tags     = local.tags

  message = <<-EOT
    ${each.value.message}

    {{#is_alert}}Runbook: https://github.com/acme-inc/acme-infra/wiki/runbook-${each.key}{{/is_alert}}
    @webhook-${datadog_webhook.slack.name}
  EOT

  monitor_thresholds {
    critical = each.value.critical
  }

  notify_no_data    = false
  renotify_interval = 60
}
