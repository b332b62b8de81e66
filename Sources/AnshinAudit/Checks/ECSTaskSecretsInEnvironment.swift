import AnshinCore

/// A container of an ECS task definition given a secret as a plain environment variable
/// (Security Hub ECS.8).
public struct ECSTaskSecretsInEnvironment: Check {
    public let metadata = CheckMetadata(
        id: "ecs-task-secrets-in-environment",
        title: "ECS task definition passes a secret as a plain environment variable",
        rationale: """
        A container of an ECS task definition with an `environment` entry whose name says it holds \
        a secret (`DB_PASSWORD`, `API_TOKEN`, `STRIPE_KEY`) and that holds a value (Security Hub \
        ECS.8 looks for AWS keys the same way). The finding names the variables and never shows \
        their values.

        Plain environment values are stored in the task definition, in every revision, forever: \
        anyone who may call `ecs:DescribeTaskDefinition`, read the Terraform state, or open the \
        console sees them, and rotating the secret means a new revision that keeps the old value.
        """,
        severity: .high,
        pillars: [.security],
        references: ["SecurityHub:ECS.8",
                     "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html"],
        remediation: """
        Keep the secret in SSM Parameter Store (SecureString) or Secrets Manager and hand it to the \
        container through `secrets` with `valueFrom`; the task execution role needs \
        `ssm:GetParameters` (or `secretsmanager:GetSecretValue`) on it. Then rotate the secret, \
        since its old value stays readable in earlier revisions. In Terraform:

        \(Remediation.hcl("""
        resource "aws_ecs_task_definition" "app" {
          # ...
          container_definitions = jsonencode([{
            name  = "app"
            image = "app:1.0"
            secrets = [
              { name = "DB_PASSWORD", valueFrom = aws_ssm_parameter.db_password.arn },
            ]
          }])
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        metadata.containerFindings(in: inventory) { container in
            guard case .known(let names) = container.secretEnvironment, !names.isEmpty else { return nil }
            let text = "gives container \(container.name) \(names.count == 1 ? "a secret" : "secrets") as plain environment "
                + "variable\(names.count == 1 ? "" : "s") (\(names.joined(separator: ", ")))"
            return (text, EnvironmentSecrets.evidence(names))
        }
    }
}
