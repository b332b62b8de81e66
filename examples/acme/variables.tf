variable "env" {
  description = "Environment name; one AWS account each."
  type        = string

  validation {
    condition     = contains(["prd", "stg", "demo"], var.env)
    error_message = "The env must be one of prd, stg or demo."
  }
}

variable "account_id" {
  description = "AWS account the environment lives in; the provider refuses any other."
  type        = string
}

variable "aws_profile" {
  description = "Named AWS CLI profile (IAM Identity Center) for the account."
  type        = string
}

variable "region" {
  type    = string
  default = "ap-northeast-1"
}

variable "extra_tags" {
  type    = map(string)
  default = {}
}

# --- DNS --------------------------------------------------------------------

variable "zone_name" {
  description = "Route 53 hosted zone of the account, e.g. stg.acme.example."
  type        = string
}

variable "app_hostname" {
  description = "Public host name of the application."
  type        = string
}

# --- Network ----------------------------------------------------------------

variable "vpc_cidr" {
  type = string
}

variable "az_count" {
  type    = number
  default = 2
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all AZs (cheaper, not zone-redundant)."
  type        = bool
  default     = true
}

# --- Application ------------------------------------------------------------

variable "app_image_tag" {
  description = "Image tag of acme-app deployed on first apply; CodeBuild deploys later ones."
  type        = string
  default     = "main"
}

variable "app_cpu" {
  type = number
}

variable "app_memory" {
  type = number
}

variable "app_desired_count" {
  type = number
}

variable "worker_instance_type" {
  type = string
}

variable "worker_count" {
  type    = number
  default = 1
}

variable "codebuild_compute_type" {
  type    = string
  default = "BUILD_GENERAL1_SMALL"
}

variable "log_retention_days" {
  type    = number
  default = 30
}

# --- Data stores ------------------------------------------------------------

variable "db_instance_class" {
  type = string
}

variable "db_allocated_storage" {
  description = "GiB; storage autoscaling may grow it to twice this."
  type        = number
}

variable "db_multi_az" {
  type    = bool
  default = false
}

variable "db_backup_retention_days" {
  type    = number
  default = 7
}

variable "db_snapshot_identifier" {
  description = "Create the database from this snapshot (only used when it is first created)."
  type        = string
  default     = null
}

variable "db_master_password" {
  description = "Master password of the application database. Set TF_VAR_db_master_password."
  type        = string
  sensitive   = true
}

variable "redis_node_type" {
  type = string
}

# --- GitHub -----------------------------------------------------------------

variable "github_owner" {
  type    = string
  default = "acme-inc"
}

variable "github_app_repository" {
  type    = string
  default = "acme-app"
}

variable "github_token" {
  description = "GitHub token with repo scope, to write Actions secrets. Set TF_VAR_github_token."
  type        = string
  sensitive   = true
}
