import AnshinCore

/// The root user was used recently (CIS 1.7).
public struct RootUserRecentUse: Check {
    /// How recent a use is reported.
    static let windowDays = 90

    public let metadata = CheckMetadata(
        id: "root-user-recent-use",
        title: "Root user used recently",
        rationale: """
        The root user was used recently (CIS 1.7).

        Root is for the handful of tasks only root can do (closing the account, changing its support plan, \
        restoring a locked bucket policy). A root sign-in or API call within the window usually means \
        someone uses it for daily work, with no trail of who they were. Needs the audit's clock; without it \
        the check says nothing.
        """,
        severity: .medium,
        pillars: [.security, .opex],
        references: ["CIS:1.7",
                     "https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html"],
        remediation: """
        Find out who used root and why (CloudTrail events with `userIdentity.type` = `Root`). Give \
        that person what they needed through IAM Identity Center or a role, keep root for the tasks \
        that require it, and alert on every root sign-in (an EventBridge rule on \
        `userIdentity.type` = `Root` to a chat channel or email).
        """,
        scope: .account, sources: [.live]
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        guard let clock = inventory.clock, case .known(let used?) = inventory.rootUser.lastUsed else { return [] }
        let age = clock.days(since: used)
        guard age < Self.windowDays else { return [] }
        let how = inventory.rootUser.passwordLastUsed.value.flatMap { $0 } == used ? "signed in" : "used an access key"
        let when = age <= 0 ? "today" : "\(age.days) ago"
        return [metadata.finding(inventory.rootReference,
                                 "The root user of \(inventory.accountName) \(how) on \(Day.of(used)) (\(when))")]
    }
}
