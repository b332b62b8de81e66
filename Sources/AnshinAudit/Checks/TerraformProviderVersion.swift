import AnshinCore

/// A provider required without a version constraint.
public struct TerraformProviderVersion: Check {
    public let metadata = CheckMetadata(
        id: "terraform-provider-version",
        title: "Terraform provider has no version constraint",
        rationale: """
        A provider required without a version constraint.

        The next `terraform init` without a lock file takes the newest provider, major versions included: \
        the AWS provider's v4 split S3 bucket settings into separate resources and broke configurations that \
        did not pin it.
        """,
        severity: .medium,
        pillars: [.reliability, .opex],
        references: ["https://developer.hashicorp.com/terraform/language/providers/requirements#version-constraints",
                     "https://developer.hashicorp.com/terraform/language/files/dependency-lock"],
        remediation: """
        Constrain every provider to a major version in `required_providers` and commit \
        `.terraform.lock.hcl`, so upgrades happen in reviewed pull requests (Renovate can open them):

        \(Remediation.hcl("""
        terraform {
          required_providers {
            aws = {
              source  = "hashicorp/aws"
              version = "~> 5.0"
            }
          }
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        guard inventory.source == .terraform, let terraform = inventory.terraform else { return [] }
        return terraform.providers.compactMap { provider in
            guard (provider.version ?? "").trimmed.isEmpty else { return nil }
            let reference = terraform.reference(kind: "terraform_provider", identifier: "required_providers.\(provider.name)",
                                                environment: inventory.environment, location: provider.location)
            let source = provider.source.map { " (\($0))" } ?? ""
            return metadata.finding(reference,
                                    "Provider \(provider.name)\(source) has no version constraint, so the next init may take a new major version")
        }
    }
}
