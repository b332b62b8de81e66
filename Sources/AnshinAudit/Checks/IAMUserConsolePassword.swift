import AnshinCore

/// An IAM user who signs in to the console with a long-lived password.
public struct IAMUserConsolePassword: Check {
    public let metadata = CheckMetadata(
        id: "iam-user-console-password",
        title: "IAM user has a console password",
        rationale: """
        An IAM user who signs in to the console with a long-lived password.

        The seed replaced every IAM user by IAM Identity Center with Google as the identity source: one \
        place to add and remove people, two-factor from the identity provider, short-lived credentials, and \
        no per-account users to keep in step across accounts.
        """,
        severity: .medium,
        pillars: [.security, .opex],
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-users-federation-idp",
                     "https://docs.aws.amazon.com/singlesignon/latest/userguide/gs-gwp.html"],
        remediation: """
        Give people access through IAM Identity Center (with your Google Workspace or other identity \
        provider as the identity source, and its two-factor authentication) and permission sets, then \
        delete the user's login profile and, once unused, the user. Identity Center hands out \
        short-lived credentials and removes a leaver from every account at once. In Terraform, remove \
        the `aws_iam_user_login_profile` and grant access with a permission set instead:

        \(Remediation.hcl("""
        resource "aws_ssoadmin_account_assignment" "developers_prd" {
          instance_arn       = tolist(data.aws_ssoadmin_instances.this.arns)[0]
          permission_set_arn = aws_ssoadmin_permission_set.developer.arn
          principal_type     = "GROUP"
          principal_id       = data.aws_identitystore_group.developers.group_id
          target_type        = "AWS_ACCOUNT"
          target_id          = "111111111111"
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.iamUsers.compactMap { user in
            guard user.hasConsolePassword.isTrue else { return nil }
            let message = inventory.say(user.reference, noun: "IAM user",
                                        terraform: "has a console password (aws_iam_user_login_profile)",
                                        aws: "has a console password")
            return metadata.finding(user.reference, message, at: user.settingLocations["login_profile"])
        }
    }
}
