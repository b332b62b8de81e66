variable "services" {
  type = map(object({
    cpu    = number
    memory = number
    ports  = list(number)
    env    = optional(map(string), {})
  }))
  default = {}

  validation {
    condition     = alltrue([for s in values(var.services) : s.cpu >= 256 && s.cpu % 256 == 0])
    error_message = "CPU must be a multiple of 256."
  }
}

resource "aws_ecs_task_definition" "app" {
  for_each = var.services

  family                   = "${local.name}-${each.key}"
  cpu                      = each.value.cpu
  memory                   = each.value.memory
  requires_compatibilities = ["FARGATE"]
  container_definitions = jsonencode([{
    name  = each.key
    image = "${aws_ecr_repository.app.repository_url}:${var.image_tag}"
    portMappings = [for p in each.value.ports : {
      containerPort = p
      protocol      = "tcp"
    }]
    environment = [for k, v in each.value.env : { name = k, value = v }]
  }])

  dynamic "volume" {
    for_each = each.value.efs == null ? [] : [each.value.efs]
    iterator = fs
    content {
      name = fs.value.name
      efs_volume_configuration {
        file_system_id = fs.value.id
      }
    }
  }
}

resource "aws_security_group_rule" "ingress" {
  count             = length(local.ports)
  type              = "ingress"
  from_port         = local.ports[count.index]
  to_port           = local.ports[count.index]
  protocol          = "tcp"
  cidr_blocks       = [var.vpc_cidr]
  security_group_id = aws_security_group.app.id
}

locals {
  ports          = distinct(flatten([for s in var.services : s.ports]))
  by_cpu         = { for name, s in var.services : s.cpu => name... }
  subnet_ids     = aws_subnet.private.*.id
  first_subnet   = aws_subnet.private.0.id
  legacy_nested  = module.vpc.subnets.0.1
  service_names  = sort(keys(var.services))
  total_memory   = sum([for s in var.services : s.memory])
  all_ports      = concat(local.ports, [22]...)
  namespaced     = provider::aws::arn_parse(aws_s3_bucket.logs.arn).account_id
  percent_used   = (local.total_memory * 100 / var.max_memory) % 100
  healthy        = !(var.degraded || var.maintenance) && length(local.ports) > 0
}
