import AnshinCore

/// An EBS volume that is not encrypted at rest (Security Hub EC2.3).
public struct EBSVolumeEncrypted: Check {
    public let metadata = CheckMetadata(
        id: "ebs-volume-encrypted",
        title: "EBS volume is not encrypted",
        rationale: """
        An EBS volume that is not encrypted at rest (Security Hub EC2.3). In Terraform, a volume written \
        unencrypted is reported unless the same code turns EBS encryption by default on, which makes \
        AWS encrypt it whatever it says; live, the volume's own state is judged.

        An unencrypted volume's snapshots are unencrypted too, and a snapshot shared by mistake, or \
        copied to another account, hands over the data as it is.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:EC2.3", "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"],
        remediation: """
        Encrypt the volume, and turn EBS encryption by default on so every new volume is (an \
        existing volume is encrypted by copying a snapshot with encryption and making a new volume \
        from it). In Terraform:

        \(Remediation.hcl("""
        resource "aws_ebs_volume" "data" {
          availability_zone = "ap-northeast-1a"
          size              = 100
          encrypted         = true
        }

        resource "aws_ebs_encryption_by_default" "this" {
          enabled = true
        }
        """))
        """,
        snippetSubject: "aws_ebs_volume.data"
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        // The account's default encrypts every new volume, whatever the code says of one.
        if inventory.source == .terraform, inventory.ebsEncryptionByDefault.isTrue { return [] }
        return inventory.ebsVolumes.compactMap { volume in
            guard volume.encrypted.isFalse else { return nil }
            return metadata.finding(volume.reference,
                                    inventory.say(volume.reference, noun: "EBS volume",
                                                  terraform: "is not encrypted (encrypted is not true, and the code does not turn EBS encryption by default on)",
                                                  aws: "is not encrypted"),
                                    at: volume.settingLocations["encrypted"])
        }
    }
}
