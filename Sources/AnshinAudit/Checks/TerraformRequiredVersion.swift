import AnshinCore

/// A root module that does not pin the Terraform version it runs with.
public struct TerraformRequiredVersion: Check {
    public let metadata = CheckMetadata(
        id: "terraform-required-version",
        title: "Terraform version is not pinned",
        rationale: """
        A root module that does not pin the Terraform version it runs with.

        Without an upper bound, whoever has the newest Terraform applies first and may upgrade the state \
        format so that everyone else's older version refuses it; the seed pinned Terraform with tfenv and \
        lets Renovate propose upgrades.
        """,
        severity: .medium,
        pillars: [.reliability, .opex],
        references: ["https://developer.hashicorp.com/terraform/language/terraform#terraform-required_version",
                     "https://developer.hashicorp.com/terraform/language/expressions/version-constraints"],
        remediation: """
        Pin the Terraform version with an upper bound, so every laptop and CI run applies with the \
        same version; write the exact version in `.terraform-version` for tfenv, and let Renovate or \
        Dependabot propose upgrades as pull requests:

        \(Remediation.hcl("""
        terraform {
          required_version = "~> 1.9.0"
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        guard inventory.source == .terraform, let terraform = inventory.terraform else { return [] }
        let reference = terraform.reference(kind: "terraform", identifier: "terraform", environment: inventory.environment,
                                            location: nil)
        guard let constraint = terraform.requiredVersion, !constraint.trimmed.isEmpty else {
            return [metadata.finding(reference, "\(terraform.moduleName) sets no required_version, so any Terraform version may apply it")]
        }
        guard !TerraformSettings.hasUpperBound(constraint) else { return [] }
        return [metadata.finding(reference,
                                 "\(terraform.moduleName) requires Terraform \"\(constraint)\" with no upper bound, so a new major or minor version may apply it",
                                 severity: .low)]
    }
}
