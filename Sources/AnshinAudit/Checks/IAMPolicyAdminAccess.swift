import AnshinCore

/// A customer managed policy, or an inline policy of a user, group or role, allowing every
/// action on every resource (Security Hub IAM.1, CIS 1.16).
public struct IAMPolicyAdminAccess: Check {
    public let metadata = CheckMetadata(
        id: "iam-policy-admin-access",
        title: "IAM policy allows every action on every resource",
        rationale: """
        A customer managed policy, or an inline policy of a user, group or role, allowing every action on \
        every resource (Security Hub IAM.1, CIS 1.16).
        """,
        severity: .high,
        pillars: [.security],
        references: ["SecurityHub:IAM.1", "CIS:1.16",
                     "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"],
        remediation: """
        Replace `"Action": "*"` on `"Resource": "*"` with the actions and resources the principal \
        needs (IAM Access Analyzer can generate a policy from CloudTrail activity). Where full \
        administration is really needed, grant the AWS managed AdministratorAccess through an IAM \
        Identity Center permission set to a small group, so it is visible and reviewed. In Terraform:

        \(Remediation.hcl("""
        data "aws_iam_policy_document" "deploy" {
          statement {
            actions   = ["ecs:UpdateService", "ecs:DescribeServices"]
            resources = [aws_ecs_service.app.id]
          }
        }

        resource "aws_iam_policy" "deploy" {
          name   = "deploy"
          policy = data.aws_iam_policy_document.deploy.json
        }
        """))
        """
    )

    public init() {}

    /// `Allow` of `*` (or `*:*`) on `*`.
    static func allowsEverything(_ document: PolicyDocument) -> Bool {
        document.statements.contains { statement in
            statement.effect == "Allow"
                && statement.actions.contains { $0 == "*" || $0 == "*:*" }
                && statement.resources.contains("*")
        }
    }

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        var findings: [Finding] = []
        for policy in inventory.iamPolicies {
            guard let document = policy.document.value, Self.allowsEverything(document) else { continue }
            var message = inventory.say(policy.reference, noun: "IAM policy", terraform: "allows \"*\" on \"*\"",
                                        aws: "allows \"*\" on \"*\"")
            if policy.attached.isFalse { message += " (not attached to anything yet)" }
            findings.append(metadata.finding(policy.reference, message))
        }
        for user in inventory.iamUsers {
            // One finding per user: the first such inline policy is enough to act on.
            guard let index = user.inlinePolicies.firstIndex(where: Self.allowsEverything) else { continue }
            let text = "has an inline policy allowing \"*\" on \"*\""
            findings.append(metadata.finding(user.reference,
                                             inventory.say(user.reference, noun: "IAM user", terraform: text, aws: text),
                                             at: user.settingLocations["inline_policy.\(index)"]))
        }
        return findings
    }
}
