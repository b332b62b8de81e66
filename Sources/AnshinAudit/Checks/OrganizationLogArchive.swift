import AnshinCore

/// The Organization keeps its logs in no dedicated log-archive account.
public struct OrganizationLogArchive: Check {
    public let metadata = CheckMetadata(
        id: "organization-log-archive-account",
        title: "Organization has no log-archive account",
        rationale: """
        The Organization keeps its logs in no dedicated log-archive account.

        Logs kept in the account they describe can be erased by whoever compromised it. A log-archive \
        account that only the security team can reach keeps CloudTrail and Config history intact; Control \
        Tower creates one ("Log Archive").
        """,
        severity: .medium,
        pillars: [.security, .opex],
        references: ["https://docs.aws.amazon.com/prescriptive-guidance/latest/security-reference-architecture/log-archive.html",
                     "https://docs.aws.amazon.com/controltower/latest/userguide/accounts.html"],
        remediation: """
        Create a log-archive account (Control Tower's landing zone does) and deliver the \
        organization trail and AWS Config there, to buckets with versioning, Object Lock or MFA \
        delete, and a bucket policy that lets no workload account delete objects. Few people \
        should be able to sign in to it.
        """,
        scope: .organization
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        guard case .known(let organization?) = inventory.organization, case .known(nil) = organization.logArchiveAccount
        else { return [] }
        let message = "Organization \(inventory.label(organization.reference)) keeps its logs in no dedicated log-archive account"
        return [metadata.finding(organization.reference, message)]
    }
}
