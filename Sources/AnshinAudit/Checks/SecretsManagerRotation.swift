import AnshinCore

/// A Secrets Manager secret that is never rotated (Security Hub SecretsManager.1).
public struct SecretsManagerRotation: Check {
    public let metadata = CheckMetadata(
        id: "secretsmanager-secret-rotation",
        title: "Secrets Manager secret is not rotated",
        rationale: """
        A Secrets Manager secret without automatic rotation (Security Hub SecretsManager.1). In \
        Terraform, a secret no `aws_secretsmanager_secret_rotation` names; live, a secret whose \
        rotation is not enabled.

        A password that never changes stays valid in every laptop, log and former colleague's \
        notes it ever reached. Rotation limits how long a leaked value works, and proves that the \
        applications reading the secret can take a new one.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:SecretsManager.1", "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html"],
        remediation: """
        Turn rotation on, with a rotation function (AWS provides ones for RDS, Redshift and \
        DocumentDB credentials), or let the owning service manage the secret (RDS's \
        `manage_master_user_password`). In Terraform:

        \(Remediation.hcl("""
        resource "aws_secretsmanager_secret_rotation" "db" {
          secret_id           = aws_secretsmanager_secret.db.id
          rotation_lambda_arn = aws_lambda_function.rotate_db.arn

          rotation_rules {
            automatically_after_days = 30
          }
        }
        """))
        """,
        snippetSubject: "aws_secretsmanager_secret.db"
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.managedSecrets.compactMap { secret in
            guard secret.rotation.isFalse else { return nil }
            return metadata.finding(secret.reference,
                                    inventory.say(secret.reference, noun: "secret",
                                                  terraform: "is never rotated (no aws_secretsmanager_secret_rotation names it)",
                                                  aws: "is never rotated (rotation is not enabled)"),
                                    at: secret.settingLocations["rotation"])
        }
    }
}
