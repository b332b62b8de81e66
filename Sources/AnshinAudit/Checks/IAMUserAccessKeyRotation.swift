import AnshinCore

/// An active access key older than 90 days (Security Hub IAM.3, CIS 1.14).
public struct IAMUserAccessKeyRotation: Check {
    static let maximumDays = 90

    public let metadata = CheckMetadata(
        id: "iam-user-access-key-rotation",
        title: "IAM access key not rotated for 90 days or more",
        rationale: """
        An active access key older than 90 days (Security Hub IAM.3, CIS 1.14).

        The longer a key lives, the more places it has been copied to (laptops, CI settings, old `.envrc` \
        files). Needs the audit's clock and the credential report; without either the check says nothing. \
        `iam-user-access-key` says to replace the key altogether; this one says how overdue it is.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:IAM.3", "CIS:1.14",
                     "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console"],
        remediation: """
        Rotate the key: create a second key, deploy it wherever the first is used, check in the \
        credential report that the old key is no longer used, then deactivate and delete it. Better, \
        remove the need for the key: an IAM role for workloads on AWS, OpenID Connect for CI, IAM \
        Identity Center for people.
        """,
        sources: [.live]
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        guard let clock = inventory.clock else { return [] }
        return inventory.iamUsers.flatMap { user -> [Finding] in
            guard let entry = user.credentials.value else { return [] }
            return entry.accessKeys.compactMap { key in
                guard key.active, let rotated = key.lastRotated else { return nil }
                let age = clock.days(since: rotated)
                guard age >= Self.maximumDays else { return nil }
                let text = "has access key \(key.number) last rotated \(Day.of(rotated)) (\(age.days) ago)"
                return metadata.finding(user.reference, inventory.say(user.reference, noun: "IAM user", terraform: text, aws: text),
                                        fingerprintKey: ["access_key_\(key.number)"])
            }
        }
    }
}
