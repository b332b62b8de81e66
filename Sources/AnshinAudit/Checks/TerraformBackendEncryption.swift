import AnshinCore

/// An S3 backend that does not set `encrypt = true`.
public struct TerraformBackendEncryption: Check {
    public let metadata = CheckMetadata(
        id: "terraform-backend-encryption",
        title: "Terraform S3 backend does not request encryption",
        rationale: """
        An S3 backend that does not set `encrypt = true`.

        Low: since January 2023 S3 encrypts new objects with SSE-S3 anyway. What protects the secrets in \
        state is who may read the bucket (and, with `kms_key_id`, the key), so the remediation is about \
        both.
        """,
        severity: .low,
        pillars: [.security],
        references: ["https://developer.hashicorp.com/terraform/language/backend/s3",
                     "https://developer.hashicorp.com/terraform/language/state/sensitive-data"],
        remediation: """
        Set `encrypt = true` (and preferably `kms_key_id`) in the backend configuration: state holds \
        every secret Terraform reads or manages in plain text. Then limit the state bucket's policy \
        (and the key's) to the roles that run Terraform:

        \(Remediation.hcl("""
        # prd.tfbackend
        bucket       = "acme-prd-tfstate"
        key          = "app/terraform.tfstate"
        region       = "ap-northeast-1"
        encrypt      = true
        kms_key_id   = "alias/tfstate"
        use_lockfile = true
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        guard inventory.source == .terraform, let terraform = inventory.terraform, let backend = terraform.backend,
              backend.type == "s3", backend.settings["encrypt"] != "true" else { return [] }
        let reference = terraform.reference(kind: "terraform_backend", identifier: "backend.s3",
                                            environment: inventory.environment, location: backend.location)
        return [metadata.finding(reference, "The s3 backend does not set encrypt = true \(inventory.accountScope)")]
    }
}
