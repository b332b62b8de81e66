import AnshinCore

/// A Lambda function given a secret as a plain environment variable.
public struct LambdaSecretsInEnvironment: Check {
    public let metadata = CheckMetadata(
        id: "lambda-secrets-in-environment",
        title: "Lambda function holds a secret in an environment variable",
        rationale: """
        A Lambda function with an environment variable whose name says it holds a secret \
        (`DB_PASSWORD`, `SLACK_TOKEN`, `STRIPE_KEY`) and that holds a value. No Security Hub control \
        covers it; the finding names the variables and never shows their values.

        Environment variables are encrypted at rest, but anyone allowed \
        `lambda:GetFunctionConfiguration` (most read-only roles) reads them in clear text, as does \
        anyone who reads the Terraform state; rotating the secret means redeploying the function.
        """,
        severity: .high,
        pillars: [.security],
        references: ["https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-encryption",
                     "https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html"],
        remediation: """
        Keep the secret in Secrets Manager or SSM Parameter Store (SecureString), pass its name or \
        ARN in the environment instead, and let the function read it at start (the AWS Parameters \
        and Secrets Lambda Extension caches it). Then rotate the secret. In Terraform:

        \(Remediation.hcl("""
        resource "aws_lambda_function" "worker" {
          # ...
          environment {
            variables = {
              DB_PASSWORD_PARAMETER = aws_ssm_parameter.db_password.name
            }
          }
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.functions.compactMap { function in
            guard case .known(let names) = function.secretEnvironment, !names.isEmpty else { return nil }
            let text = "holds \(names.count == 1 ? "a secret" : "secrets") in plain environment variable\(names.count == 1 ? "" : "s") "
                + "(\(names.joined(separator: ", ")))"
            return metadata.finding(function.reference,
                                    inventory.say(function.reference, noun: "Lambda function", terraform: text, aws: text),
                                    at: function.settingLocations["environment"], evidence: EnvironmentSecrets.evidence(names))
        }
    }
}
