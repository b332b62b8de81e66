import AnshinCore

/// An S3 backend without state locking.
public struct TerraformBackendLocking: Check {
    public let metadata = CheckMetadata(
        id: "terraform-backend-locking",
        title: "Terraform S3 backend has no state locking",
        rationale: """
        An S3 backend without state locking.

        Two applies at once (a teammate and CI) can both write state, and the last write wins: the other's \
        resources are forgotten by Terraform while they keep running.
        """,
        severity: .medium,
        pillars: [.reliability],
        references: ["https://developer.hashicorp.com/terraform/language/backend/s3#state-locking"],
        remediation: """
        Lock state so only one plan or apply writes it at a time. With Terraform 1.10 or later, S3 \
        locks natively with a lock file next to the state (`use_lockfile`); on older versions use a \
        DynamoDB table with a `LockID` string hash key (`dynamodb_table`, deprecated in newer releases):

        \(Remediation.hcl("""
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
        guard inventory.source == .terraform, let terraform = inventory.terraform, let backend = terraform.backend,
              backend.type == "s3" else { return [] }
        let table = backend.settings["dynamodb_table"] ?? ""
        guard table.isEmpty, backend.settings["use_lockfile"] != "true" else { return [] }
        let reference = terraform.reference(kind: "terraform_backend", identifier: "backend.s3",
                                            environment: inventory.environment, location: backend.location)
        return [metadata.finding(reference,
                                 "The s3 backend has no state locking \(inventory.accountScope) (neither use_lockfile = true nor dynamodb_table)")]
    }
}
