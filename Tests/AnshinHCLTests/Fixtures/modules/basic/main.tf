variable "env" {
  type = string
}

variable "replicas" {
  type    = number
  default = 1
}

variable "tags" {
  type    = map(string)
  default = {}
}

variable "settings" {
  type = object({
    name = string
    size = optional(number, 10)
  })
  default = { name = "default" }
}

variable "password" {
  type      = string
  sensitive = true
}

locals {
  # Declared before what it uses: order does not matter.
  full_name = "${local.prefix}-${var.env}"
  prefix    = "app"
  zones     = [for s in ["a", "b", "c"] : "us-east-1${s}"]
  by_zone   = { for i, z in local.zones : z => cidrsubnet("10.0.0.0/16", 8, i) }
}

resource "aws_s3_bucket" "logs" {
  bucket = "${local.full_name}-logs"
  tags   = merge(var.tags, { Name = local.full_name })
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id

  versioning_configuration {
    status = var.env == "prd" ? "Enabled" : "Suspended"
  }
}

resource "aws_instance" "web" {
  count         = var.replicas
  ami           = data.aws_ami.base.id
  instance_type = "t3.micro"
  subnet_id     = local.by_zone[local.zones[count.index % length(local.zones)]]

  tags = {
    Name = "web-${count.index}"
  }
}

resource "aws_route53_record" "web" {
  for_each = toset(aws_instance.web[*].private_ip)
  name     = each.key
}

data "aws_ami" "base" {
  most_recent = true
  owners      = ["amazon"]
}

resource "aws_security_group" "web" {
  name = local.full_name

  dynamic "ingress" {
    for_each = { http = 80, https = 443 }
    iterator = port

    content {
      description = port.key
      from_port   = port.value
      to_port     = port.value

      dynamic "cidr" {
        for_each = local.zones
        content {
          zone = cidr.value
          rule = port.key
        }
      }
    }
  }

  dynamic "egress" {
    for_each = aws_instance.web[*].id
    content {
      to = egress.value
    }
  }
}

resource "aws_ssm_parameter" "secret" {
  for_each = { db = "/app/db", api = "/app/api" }
  name     = each.value
  type     = "SecureString"
  value    = var.password

  lifecycle {
    ignore_changes        = [value, tags["Owner"]]
    create_before_destroy = true
  }
}

module "child" {
  source = "./modules/child"
  name   = aws_s3_bucket.logs.bucket
  env    = var.env
}

module "each_child" {
  source   = "./modules/child"
  for_each = toset(["x", "y"])
  name     = "bucket-${each.key}"
  env      = var.env
}

module "remote" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"
}

output "child_bucket" {
  value = module.child.bucket_id
}

output "each_children" {
  value = { for k, m in module.each_child : k => m.bucket_id }
}

output "remote_vpc" {
  value = module.remote.vpc_id
}

output "secret" {
  value     = var.password
  sensitive = true
}
