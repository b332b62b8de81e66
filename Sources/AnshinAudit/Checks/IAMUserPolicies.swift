import AnshinCore

/// An IAM user with policies attached directly or inline (Security Hub IAM.2, CIS 1.15).
public struct IAMUserPolicies: Check {
    public let metadata = CheckMetadata(
        id: "iam-user-policies",
        title: "IAM user has policies attached directly",
        rationale: """
        An IAM user with policies attached directly or inline (Security Hub IAM.2, CIS 1.15).

        Permissions given user by user drift apart and are hard to review; groups, roles and Identity Center \
        permission sets keep them in one place.
        """,
        severity: .low,
        pillars: [.security, .opex],
        references: ["SecurityHub:IAM.2", "CIS:1.15",
                     "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"],
        remediation: """
        Grant permissions through IAM Identity Center permission sets (people) or roles (workloads), \
        or at least through groups, and remove the user's own attachments and inline policies so every \
        grant is reviewed in one place. In Terraform:

        \(Remediation.hcl("""
        resource "aws_iam_group_policy_attachment" "developers_readonly" {
          group      = aws_iam_group.developers.name
          policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
        }

        resource "aws_iam_user_group_membership" "alice" {
          user   = aws_iam_user.alice.name
          groups = [aws_iam_group.developers.name]
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.iamUsers.compactMap { user in
            guard !user.attachedPolicies.isEmpty || !user.inlinePolicies.isEmpty else { return nil }
            var parts: [String] = []
            if !user.attachedPolicies.isEmpty {
                let names = user.attachedPolicies.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
                parts.append("\(names.count) attached \(names.count == 1 ? "policy" : "policies") (\(names.joined(separator: ", ")))")
            }
            if !user.inlinePolicies.isEmpty {
                parts.append("\(user.inlinePolicies.count) inline \(user.inlinePolicies.count == 1 ? "policy" : "policies")")
            }
            let text = "has \(parts.spokenList) of its own"
            let location = user.policyLocations.first ?? user.settingLocations["inline_policy.0"]
            return metadata.finding(user.reference, inventory.say(user.reference, noun: "IAM user", terraform: text, aws: text),
                                    at: location)
        }
    }
}
