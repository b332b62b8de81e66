variable "name" {
  type = string
}

variable "port" {
  type = number
}

variable "prefix" {
  type    = string
  default = "x"
}

locals {
  label = upper("${var.prefix}/${var.name}:${var.port}")
}

output "label" {
  value = local.label
}
