import AnshinCore

/// An IAM user with a console password and no MFA device (Security Hub IAM.5, CIS 1.10).
public struct IAMUserConsoleMFA: Check {
    public let metadata = CheckMetadata(
        id: "iam-user-console-mfa",
        title: "IAM user with a console password has no MFA",
        rationale: """
        An IAM user with a console password and no MFA device (Security Hub IAM.5, CIS 1.10).

        Terraform cannot tell whether a user enrolled a device, so this check fires on live inventories only \
        (`IAMUser/hasMFA` is unknown from code).
        """,
        severity: .high,
        pillars: [.security],
        references: ["SecurityHub:IAM.5", "CIS:1.10",
                     "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html"],
        remediation: """
        A password alone is one phishing email away from the account. Move the person to IAM Identity \
        Center (two-factor comes from the identity provider) and delete the login profile; until then, \
        have the user enrol an MFA device and deny actions without MFA \
        (`aws:MultiFactorAuthPresent`).
        """,
        sources: [.live]
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.iamUsers.compactMap { user in
            guard user.hasConsolePassword.isTrue, user.hasMFA.isFalse else { return nil }
            let message = inventory.say(user.reference, noun: "IAM user",
                                        terraform: "has a console password and no MFA device",
                                        aws: "has a console password and no MFA device")
            return metadata.finding(user.reference, message, at: user.settingLocations["login_profile"])
        }
    }
}
