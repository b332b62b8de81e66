import AnshinCore

/// A container of an ECS task definition without a log configuration (Security Hub ECS.9).
public struct ECSTaskLogging: Check {
    public let metadata = CheckMetadata(
        id: "ecs-task-logging",
        title: "ECS task definition has a container without a log configuration",
        rationale: """
        A container of an ECS task definition with no `logConfiguration` (Security Hub ECS.9): what \
        it writes to stdout and stderr goes nowhere anyone can read once the task stops.

        A crash loop, a failed migration or an intrusion then leaves no trace; on Fargate there is \
        no host to look at afterwards.
        """,
        severity: .medium,
        pillars: [.security, .opex],
        references: ["SecurityHub:ECS.9",
                     "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html"],
        remediation: """
        Send each container's output to CloudWatch Logs (or FireLens) with a log group that has a \
        retention. In Terraform:

        \(Remediation.hcl("""
        resource "aws_ecs_task_definition" "app" {
          # ...
          container_definitions = jsonencode([{
            name  = "app"
            image = "app:1.0"
            logConfiguration = {
              logDriver = "awslogs"
              options = {
                "awslogs-group"         = aws_cloudwatch_log_group.app.name
                "awslogs-region"        = "ap-northeast-1"
                "awslogs-stream-prefix" = "app"
              }
            }
          }])
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        metadata.containerFindings(in: inventory) { container in
            container.logging.isFalse ? ("has container \(container.name) without a log configuration", nil) : nil
        }
    }
}
