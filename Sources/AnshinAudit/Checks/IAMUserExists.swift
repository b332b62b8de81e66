import AnshinCore

/// Any IAM user: people sign in through IAM Identity Center (or another identity provider) with
/// temporary credentials, and workloads use roles, so long-lived IAM users need not exist (CIS
/// 1.21, a manual control, asks that users be managed centrally through federation).
public struct IAMUserExists: Check {
    public let metadata = CheckMetadata(
        id: "iam-user-exists",
        title: "IAM user exists",
        rationale: """
        Any IAM user: people sign in through IAM Identity Center (or another identity provider) with \
        temporary credentials, and workloads use roles, so long-lived IAM users need not exist (CIS 1.21, a \
        manual control, asks that users be managed centrally through federation).
        """,
        severity: .low,
        pillars: [.security, .opex],
        references: ["CIS:1.21",
                     "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-users-federation-idp",
                     "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles"],
        remediation: """
        Move people to IAM Identity Center (temporary credentials, one place to add and remove them), \
        and workloads to roles: an instance profile or task role inside AWS, OIDC federation for CI \
        (GitHub Actions, GitLab). Then delete the user with its keys and password. In Terraform:

        \(Remediation.hcl("""
        resource "aws_iam_role" "deploy" {
          name = "github-deploy"
          assume_role_policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect    = "Allow"
              Action    = "sts:AssumeRoleWithWebIdentity"
              Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
              Condition = { StringLike = { "token.actions.githubusercontent.com:sub" = "repo:acme/app:ref:refs/heads/main" } }
            }]
          })
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.iamUsers.map { user in
            let message = inventory.say(user.reference, noun: "IAM user", terraform: "is an IAM user", aws: "exists")
                + "; people belong in IAM Identity Center and workloads in roles, without long-lived credentials"
            return metadata.finding(user.reference, message)
        }
    }
}
