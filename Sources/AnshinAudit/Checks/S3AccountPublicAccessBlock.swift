import AnshinCore

/// Account-level S3 Block Public Access is off or incomplete (Security Hub S3.1, CIS 2.1.4).
public struct S3AccountPublicAccessBlock: Check {
    public let metadata = CheckMetadata(
        id: "s3-account-public-access-block",
        title: "S3 Block Public Access is not fully enabled for the account",
        rationale: """
        Account-level S3 Block Public Access is off or incomplete (Security Hub S3.1, CIS 2.1.4).

        With all four switches on at the account, no bucket created later can be made public by an ACL or a \
        policy, whatever its own settings. A Terraform configuration may not manage this account setting (it \
        is often switched on once in the console), so its absence there is only low.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:S3.1", "CIS:2.1.4",
                     "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"],
        remediation: """
        Turn on all four Block Public Access switches for the account, so no bucket can be made public \
        by mistake (the buckets that must serve the public are better served through CloudFront with \
        origin access control). In Terraform:

        \(Remediation.hcl("""
        resource "aws_s3_account_public_access_block" "this" {
          block_public_acls       = true
          ignore_public_acls      = true
          block_public_policy     = true
          restrict_public_buckets = true
        }
        """))

        Or: `aws s3control put-public-access-block --account-id <id> --public-access-block-configuration \
        BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`.
        """,
        scope: .account
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        guard case .known(let block) = inventory.accountPublicAccessBlock else { return [] }
        let reference = inventory.accountReference(kind: "aws_s3_account_public_access_block")
        guard let block else {
            switch inventory.source {
            case .terraform:
                return [metadata.finding(reference,
                    "No aws_s3_account_public_access_block is declared \(inventory.accountScope); if Block Public Access is set for the account outside this configuration, ignore this",
                    severity: .low)]
            case .aws:
                return [metadata.finding(reference, "Account \(inventory.account ?? "?") has no account-level S3 Block Public Access configured")]
            }
        }
        let off = block.off
        guard !off.isEmpty else { return [] }
        let message: String
        switch inventory.source {
        case .terraform:
            message = "aws_s3_account_public_access_block \(inventory.accountScope) leaves \(off.spokenList) off"
        case .aws:
            message = "Account-level S3 Block Public Access \(inventory.accountScope) has \(off.spokenList) off"
        }
        return [metadata.finding(reference, message)]
    }
}
