resource "aws_ecs_task_definition" "agent" {
  family                   = "agent"
  requires_compatibilities = ["EC2"]

  container_definitions = jsonencode([ # expect
    {
      name             = "agent"
      image            = "agent:1.0"
      privileged       = true
      logConfiguration = { logDriver = "awslogs" }
    },
    {
      name             = "sidecar"
      image            = "sidecar:1.0"
      logConfiguration = { logDriver = "awslogs" }
    },
  ])
}
