import AnshinCore

/// A customer managed symmetric KMS key without automatic rotation (Security Hub KMS.4, CIS 3.6).
public struct KMSKeyRotation: Check {
    public let metadata = CheckMetadata(
        id: "kms-key-rotation",
        title: "KMS key is not rotated automatically",
        rationale: """
        A customer managed symmetric KMS key without automatic rotation (Security Hub KMS.4, CIS 3.6).

        Only keys AWS can rotate are judged: symmetric encryption keys with key material KMS generated \
        ("Rotating AWS KMS keys", AWS KMS Developer Guide); asymmetric, HMAC and imported keys, keys in \
        custom key stores and disabled keys are not. AWS managed keys rotate every year by themselves.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:KMS.4", "CIS:3.6", "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html"],
        remediation: """
        Turn on automatic rotation: KMS then makes new key material every year (or the period you \
        set, 90 to 2560 days) and keeps the old material to decrypt what it encrypted, so nothing \
        that uses the key changes. In Terraform:

        \(Remediation.hcl("""
        resource "aws_kms_key" "data" {
          description             = "application data"
          enable_key_rotation     = true
          rotation_period_in_days = 365
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.kmsKeys.compactMap { key in
            guard key.rotatable.isTrue, key.enabled.isTrue, key.rotation.isFalse else { return nil }
            return metadata.finding(key.reference,
                                    inventory.say(key.reference, noun: "KMS key", terraform: "has no automatic key rotation",
                                                  aws: "has automatic key rotation off"),
                                    at: key.settingLocations["enable_key_rotation"])
        }
    }
}
