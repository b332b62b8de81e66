# A providers-free module: Terraform evaluates it offline, so the evaluator's
# variables, locals, for expressions, splats and module outputs can be compared.
variable "env" {
  type = string
}

variable "sizes" {
  type = map(number)
  default = {
    small = 1
  }
}

variable "services" {
  type = list(object({
    name     = string
    port     = number
    public   = bool
    replicas = number
  }))
  default = []
}

variable "cidr" {
  type    = string
  default = "10.0.0.0/16"
}

locals {
  is_prd       = var.env == "prd"
  name         = "acme-${var.env}"
  public       = [for s in var.services : s.name if s.public]
  ports        = { for s in var.services : s.name => s.port }
  by_exposure  = { for s in var.services : (s.public ? "public" : "private") => s.name... }
  replicas     = { for s in var.services : s.name => coalesce(s.replicas, local.is_prd ? 3 : 1) }
  subnets      = [for i, az in ["a", "c", "d"] : { az = "ap-northeast-1${az}", cidr = cidrsubnet(var.cidr, 8, i) }]
  subnet_cidrs = local.subnets[*].cidr
  total_size   = sum(values(var.sizes))
  heredoc      = <<-EOT
    %{~ for s in var.services ~}
    ${s.name}:${s.port}
    %{~ endfor ~}
  EOT
  policy = jsonencode({
    Statement = [for s in local.public : { Sid = title(s), Resource = "arn:aws:s3:::${local.name}-${s}/*" }]
  })
  tags      = merge({ Env = var.env }, local.is_prd ? { Critical = "yes" } : {})
  children  = { for k, m in module.per_service : k => m.label }
  nested    = flatten([for s in var.services : [for n in range(2) : "${s.name}-${n}"]])
  lookup    = lookup(var.sizes, "large", 0)
  condition = length(var.services) > 1 ? "many" : "few"
  splat_one = one(module.single[*].label)
}

module "per_service" {
  source   = "./child"
  for_each = local.ports
  name     = each.key
  port     = each.value
  prefix   = local.name
}

module "single" {
  source = "./child"
  count  = local.is_prd ? 1 : 0
  name   = "only"
  port   = 1
  prefix = local.name
}
