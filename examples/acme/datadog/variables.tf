variable "env" {
  type = string
}

variable "account_id" {
  type = string
}

variable "aws_profile" {
  type = string
}

variable "region" {
  type    = string
  default = "ap-northeast-1"
}

variable "datadog_aws_account_id" {
  description = "Datadog's own AWS account for the AP1 site, which assumes the integration role."
  type        = string
  default     = "417141415827"
}

variable "alb_5xx_threshold" {
  type = number
}

variable "latency_p95_threshold" {
  description = "Seconds."
  type        = number
}

# Secrets: set TF_VAR_datadog_api_key, TF_VAR_datadog_app_key and
# TF_VAR_slack_webhook_url in .envrc (see ../make-envrc).

variable "datadog_api_key" {
  type      = string
  sensitive = true
}

variable "datadog_app_key" {
  type      = string
  sensitive = true
}

variable "slack_webhook_url" {
  type      = string
  sensitive = true
}
