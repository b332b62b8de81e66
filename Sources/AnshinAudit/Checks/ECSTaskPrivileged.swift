import AnshinCore

/// A container of an ECS task definition that runs privileged (Security Hub ECS.4).
public struct ECSTaskPrivileged: Check {
    public let metadata = CheckMetadata(
        id: "ecs-task-privileged",
        title: "ECS task definition runs a privileged container",
        rationale: """
        A container of an ECS task definition with `privileged` true (Security Hub ECS.4): it runs \
        with root privileges on the host, every device and every Linux capability.

        A flaw in the application then becomes control of the instance and of every other task on \
        it. Fargate refuses privileged containers; on EC2 capacity nothing stops them.
        """,
        severity: .high,
        pillars: [.security],
        references: ["SecurityHub:ECS.4",
                     "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security"],
        remediation: """
        Remove `privileged`; add only the Linux capabilities the container needs through \
        `linuxParameters.capabilities.add`. In Terraform:

        \(Remediation.hcl("""
        resource "aws_ecs_task_definition" "app" {
          # ...
          container_definitions = jsonencode([{
            name       = "app"
            image      = "app:1.0"
            privileged = false
          }])
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.taskDefinitions.flatMap { task -> [Finding] in
            guard case .known(let containers) = task.containers else { return [] }
            return containers.filter(\.privileged.isTrue).map { container in
                let text = "runs container \(container.name) privileged"
                return metadata.finding(task.reference,
                                        inventory.say(task.reference, noun: "ECS task definition", terraform: text, aws: text),
                                        at: task.settingLocations["container_definitions"], fingerprintKey: [container.name])
            }
        }
    }
}
