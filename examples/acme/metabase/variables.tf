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

variable "zone_name" {
  type = string
}

variable "metabase_version" {
  type = string
}

variable "cpu" {
  type    = number
  default = 1024
}

variable "memory" {
  type    = number
  default = 2048
}

variable "db_instance_class" {
  type = string
}

variable "office_cidrs" {
  description = "Office and VPN egress addresses allowed to reach Metabase."
  type        = list(string)
}

variable "metabase_db_password" {
  description = "Set TF_VAR_metabase_db_password (see ../make-envrc)."
  type        = string
  sensitive   = true
}
