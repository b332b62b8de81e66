import AnshinCore

/// A root module whose state is local.
public struct TerraformBackendRemote: Check {
    public let metadata = CheckMetadata(
        id: "terraform-backend-remote",
        title: "Terraform state is local",
        rationale: """
        A root module whose state is local.
        """,
        severity: .medium,
        pillars: [.reliability, .security],
        references: ["https://developer.hashicorp.com/terraform/language/backend/s3",
                     "https://developer.hashicorp.com/terraform/language/state/remote"],
        remediation: """
        Keep state in a remote backend: a local `terraform.tfstate` is lost with the laptop, cannot be \
        shared by a team or CI, has no locking, and holds secrets in plain text wherever it is copied. \
        With one directory for many environments, leave the backend block nearly empty and pass each \
        environment's settings with `terraform init -backend-config=prd.tfbackend`:

        \(Remediation.hcl("""
        terraform {
          backend "s3" {}
        }

        # prd.tfbackend
        bucket       = "acme-prd-tfstate"
        key          = "app/terraform.tfstate"
        region       = "ap-northeast-1"
        encrypt      = true
        use_lockfile = true
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        guard inventory.source == .terraform, let terraform = inventory.terraform else { return [] }
        let backend = terraform.backend
        guard backend == nil || backend?.type == "local" else { return [] }
        let reference = terraform.reference(kind: "terraform_backend", identifier: "backend.local",
                                            environment: inventory.environment, location: backend?.location)
        let message = backend == nil
            ? "\(terraform.moduleName) declares no backend, so state is a local terraform.tfstate file"
            : "\(terraform.moduleName) uses the local backend, so state is a local terraform.tfstate file"
        return [metadata.finding(reference, message)]
    }
}
