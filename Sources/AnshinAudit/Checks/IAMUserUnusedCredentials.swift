import AnshinCore
import Foundation

/// An IAM user's password or active access key unused for 45 days (Security Hub IAM.8 at 90
/// days, IAM.22 at 45; CIS 1.12).
public struct IAMUserUnusedCredentials: Check {
    /// CIS 1.12 and Security Hub IAM.22; IAM.8 allows 90.
    static let maximumDays = 45

    public let metadata = CheckMetadata(
        id: "iam-user-unused-credentials",
        title: "IAM user credentials unused for 45 days or more",
        rationale: """
        An IAM user's password or active access key unused for 45 days (Security Hub IAM.8 at 90 days, \
        IAM.22 at 45; CIS 1.12).

        A credential nobody uses is a credential nobody would miss, and nobody notices when someone else \
        starts using it. A credential never used counts from its creation (or, for a password, its last \
        change). Needs the audit's clock and the credential report; without either the check says nothing.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:IAM.8", "SecurityHub:IAM.22", "CIS:1.12",
                     "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html"],
        remediation: """
        Deactivate the unused access key (`aws iam update-access-key --status Inactive`) and remove \
        the unused console password (`aws iam delete-login-profile`); delete them after a few quiet \
        days. If the user has no credential left, delete the user. People who still need access get \
        it through IAM Identity Center.
        """,
        sources: [.live]
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        guard let clock = inventory.clock else { return [] }
        return inventory.iamUsers.compactMap { user in
            guard let entry = user.credentials.value else { return nil }
            var unused: [String] = []
            if entry.passwordEnabled {
                let since = entry.passwordLastUsed ?? entry.passwordLastChanged ?? entry.userCreated
                if clock.days(since: since) >= Self.maximumDays {
                    unused.append(Self.describe("console password", used: entry.passwordLastUsed, since: since, clock))
                }
            }
            for key in entry.accessKeys where key.active {
                let since = key.lastUsed ?? key.lastRotated ?? entry.userCreated
                if clock.days(since: since) >= Self.maximumDays {
                    unused.append(Self.describe("access key \(key.number)", used: key.lastUsed, since: since, clock))
                }
            }
            guard !unused.isEmpty else { return nil }
            let text = "has \(unused.spokenList)"
            return metadata.finding(user.reference, inventory.say(user.reference, noun: "IAM user", terraform: text, aws: text))
        }
    }

    /// "access key 1 last used 2026-01-02 (300 days ago)" / "console password never used since 2025-02-03 (…)".
    static func describe(_ credential: String, used: Date?, since: Date, _ clock: Clock) -> String {
        let age = clock.days(since: since).days
        return used == nil ? "\(credential) never used since \(Day.of(since)) (\(age))"
            : "\(credential) last used \(Day.of(since)) (\(age) ago)"
    }
}
