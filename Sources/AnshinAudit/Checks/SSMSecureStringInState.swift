import AnshinCore

/// A `SecureString` parameter whose value Terraform manages, so the plain text sits in tfstate.
public struct SSMSecureStringInState: Check {
    public let metadata = CheckMetadata(
        id: "ssm-securestring-in-state",
        title: "SecureString parameter value is stored in Terraform state",
        rationale: """
        A `SecureString` parameter whose value Terraform manages, so the plain text sits in tfstate.

        The seed created each secret in Terraform with the value `dummy` and `lifecycle { ignore_changes = \
        [value] }`, setting the real value outside Terraform. That keeps the secret out of code and plans \
        but not out of state: every refresh reads the current value back, and state stores it unencrypted \
        (the seed's own caveat). The write-only `value_wo` (Terraform ≥ 1.11, AWS provider ≥ 5.87.0) is \
        never stored.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["https://developer.hashicorp.com/terraform/language/resources/ephemeral/write-only",
                     "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ssm_parameter",
                     "https://developer.hashicorp.com/terraform/language/state/sensitive-data"],
        remediation: """
        Keep the secret out of state. Either write it with the write-only `value_wo` argument, which \
        Terraform never stores (Terraform ≥ 1.11, AWS provider ≥ 5.87.0; bump `value_wo_version` to \
        write a new value), or create and set the parameter outside Terraform and pass only its name \
        or ARN to what needs it (a `data "aws_ssm_parameter"` read would put the value in state \
        again). Either way, state already written still holds the old value: rotate the secret, and \
        restrict the tfstate bucket policy to the roles that run Terraform.

        \(Remediation.hcl("""
        variable "db_password" {
          type      = string
          sensitive = true
          ephemeral = true
        }

        resource "aws_ssm_parameter" "db_password" {
          name             = "/acme/prd/db_password"
          type             = "SecureString"
          value_wo         = var.db_password
          value_wo_version = 1
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.parameters.compactMap { parameter in
            guard parameter.type.value == "SecureString", parameter.managedByTerraform, !parameter.writeOnly else { return nil }
            let text = "is a SecureString whose value Terraform keeps in tfstate in plain text"
            var message = inventory.say(parameter.reference, noun: "Parameter", terraform: text, aws: text)
            if parameter.valueIgnored || parameter.placeholderValue {
                message += "; a placeholder with ignore_changes does not help, as each refresh reads the real value back into state"
            }
            return metadata.finding(parameter.reference, message, at: parameter.settingLocations["value"])
        }
    }
}
