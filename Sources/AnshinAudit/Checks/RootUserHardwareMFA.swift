import AnshinCore

/// The root user's MFA is a virtual device (Security Hub IAM.6, CIS 1.6).
public struct RootUserHardwareMFA: Check {
    public let metadata = CheckMetadata(
        id: "root-user-hardware-mfa",
        title: "Root user MFA is a virtual device, not a hardware one",
        rationale: """
        The root user's MFA is a virtual device (Security Hub IAM.6, CIS 1.6).

        A virtual MFA app lives on a phone that is also used for everything else, can be cloned from a \
        backup, and leaves with the person who enrolled it. Root without MFA at all is `root-user-mfa`'s \
        finding, not this one.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:IAM.6", "CIS:1.6",
                     "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_fido.html"],
        remediation: """
        Register a FIDO2 security key (or another hardware MFA device) for the root user, keep it with \
        a second one in a safe place two people can reach, and remove the virtual device. AWS allows \
        up to eight MFA devices per root user, so add the hardware keys before removing the app.
        """,
        scope: .account, sources: [.live]
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        let root = inventory.rootUser
        guard root.mfaEnabled.isTrue, root.hardwareMFA.isFalse, !root.hasCredentials.isFalse else { return [] }
        return [metadata.finding(inventory.rootReference,
                                 "The root user of \(inventory.accountName) uses a virtual MFA device, not a hardware one")]
    }
}
