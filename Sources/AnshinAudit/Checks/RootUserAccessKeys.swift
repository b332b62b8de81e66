import AnshinCore

/// The root user has access keys (Security Hub IAM.4, CIS 1.4).
public struct RootUserAccessKeys: Check {
    public let metadata = CheckMetadata(
        id: "root-user-access-keys",
        title: "Root user has access keys",
        rationale: """
        The root user has access keys (Security Hub IAM.4, CIS 1.4).

        A root access key is a permanent, unrestricted credential that no policy, permission boundary or \
        service control policy can limit; whoever finds it owns the account.
        """,
        severity: .critical,
        pillars: [.security],
        references: ["SecurityHub:IAM.4", "CIS:1.4",
                     "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html"],
        remediation: """
        Find what uses the key (its last use and service are in the IAM credential report and in \
        CloudTrail), move that work to an IAM role, then deactivate the key, wait a few days, and \
        delete it. Nothing needs a root access key: every task that requires root is done in the \
        console or through `aws sts assume-root` from the management account.
        """,
        scope: .account, sources: [.live]
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        guard inventory.rootUser.accessKeysPresent.isTrue else { return [] }
        var message = "The root user of \(inventory.accountName) has access keys"
        if case .known(let used?) = inventory.rootUser.accessKeyLastUsed { message += ", last used \(Day.of(used))" }
        return [metadata.finding(inventory.rootReference, message)]
    }
}
