import AnshinCore

/// An IAM user with an active long-lived access key.
public struct IAMUserAccessKeys: Check {
    public let metadata = CheckMetadata(
        id: "iam-user-access-key",
        title: "IAM user has a long-lived access key",
        rationale: """
        An IAM user with an active long-lived access key.

        Long-lived keys leak (in code, CI settings, laptops) and stay valid until someone revokes them. The \
        seed moved EC2 workloads to instance roles and people to IAM Identity Center until no IAM users \
        remained.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles",
                     "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services",
                     "https://docs.aws.amazon.com/singlesignon/latest/userguide/howtogetcredentials.html"],
        remediation: """
        Replace the key with temporary credentials: an IAM role for workloads on AWS (instance profile, \
        ECS task role, Lambda execution role), OpenID Connect federation for CI such as GitHub Actions, \
        and IAM Identity Center (`aws sso login`) for people. Then deactivate and delete the key. For \
        GitHub Actions in Terraform:

        \(Remediation.hcl("""
        resource "aws_iam_openid_connect_provider" "github" {
          url            = "https://token.actions.githubusercontent.com"
          client_id_list = ["sts.amazonaws.com"]
        }

        data "aws_iam_policy_document" "github_assume" {
          statement {
            actions = ["sts:AssumeRoleWithWebIdentity"]
            principals {
              type        = "Federated"
              identifiers = [aws_iam_openid_connect_provider.github.arn]
            }
            condition {
              test     = "StringEquals"
              variable = "token.actions.githubusercontent.com:aud"
              values   = ["sts.amazonaws.com"]
            }
            condition {
              test     = "StringLike"
              variable = "token.actions.githubusercontent.com:sub"
              values   = ["repo:acme/app:ref:refs/heads/main"]
            }
          }
        }

        resource "aws_iam_role" "deploy" {
          name               = "github-deploy"
          assume_role_policy = data.aws_iam_policy_document.github_assume.json
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.iamUsers.flatMap { user in
            user.accessKeys.compactMap { key -> Finding? in
                guard key.status.value == "Active" else { return nil }
                let message: String
                switch inventory.source {
                case .terraform:
                    message = "\(inventory.label(key.reference)) gives IAM user \(inventory.label(user.reference)) a long-lived access key \(inventory.scope(key.reference))"
                case .aws:
                    var text = "IAM user \(inventory.label(user.reference)) \(inventory.scope(user.reference)) has active access key \(key.reference.identifier)"
                    if let created = key.created { text += ", created \(created)" }
                    switch key.lastUsed {
                    case .known(let used?): text += ", last used \(used)"
                    case .known(nil): text += ", never used"
                    case .unknown: text += ", last use not known"
                    }
                    message = text
                }
                return metadata.finding(key.reference, message)
            }
        }
    }
}
