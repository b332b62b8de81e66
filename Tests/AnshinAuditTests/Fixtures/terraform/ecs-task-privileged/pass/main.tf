resource "aws_ecs_task_definition" "app" {
  family = "app"

  container_definitions = jsonencode([
    {
      name             = "app"
      image            = "app:1.0"
      privileged       = false
      logConfiguration = { logDriver = "awslogs" }
      linuxParameters  = { capabilities = { add = ["NET_BIND_SERVICE"] } }
    },
    {
      name             = "sidecar"
      image            = "sidecar:1.0"
      logConfiguration = { logDriver = "awslogs" }
    },
  ])
}

variable "privileged" {
  type = bool
}

# Known only from the variable's value: not judged.
resource "aws_ecs_task_definition" "chosen" {
  family = "chosen"

  container_definitions = jsonencode([
    {
      name             = "chosen"
      image            = "chosen:1.0"
      privileged       = var.privileged
      logConfiguration = { logDriver = "awslogs" }
    },
  ])
}
