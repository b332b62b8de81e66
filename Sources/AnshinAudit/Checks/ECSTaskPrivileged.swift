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
        metadata.containerFindings(in: inventory) { container in
            container.privileged.isTrue ? ("runs container \(container.name) privileged", nil) : nil
        }
    }
}

extension CheckMetadata {
    /// One finding per container of every task definition whose containers are known, where
    /// `judge` gives the message (after the task definition's name) and the evidence.
    func containerFindings(in inventory: Inventory, _ judge: (ContainerDefinition) -> (text: String, evidence: String?)?) -> [Finding] {
        inventory.taskDefinitions.flatMap { task -> [Finding] in
            guard case .known(let containers) = task.containers else { return [] }
            return containers.compactMap { container in
                guard let (text, evidence) = judge(container) else { return nil }
                return finding(task.reference, inventory.say(task.reference, noun: "ECS task definition", terraform: text, aws: text),
                               at: task.settingLocations["container_definitions"], evidence: evidence, fingerprintKey: [container.name])
            }
        }
    }
}
