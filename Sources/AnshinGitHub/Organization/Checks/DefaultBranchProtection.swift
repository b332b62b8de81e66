import AnshinCore

/// A repository's default branch accepts direct pushes, force pushes or deletion: neither a
/// classic branch protection nor a ruleset requires a reviewed pull request.
public struct DefaultBranchProtection: OrganizationCheck {
    public let metadata = OrganizationCheckMetadata(
        id: "github-repo-branch-protection", title: "Default branch of a GitHub repository is not protected",
        rationale: """
        A repository's default branch accepts direct pushes, force pushes or deletion: neither a classic \
        branch protection nor a ruleset requires a reviewed pull request.
        """,
        severity: .high, pillars: [.security, .reliability],
        references: ["CIS-SSC:1.1.3", "CIS-SSC:1.1.16", "CIS-SSC:1.1.17",
                     "https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/about-rulesets"],
        remediation: """
        Add a ruleset (Settings → Rules → Rulesets) targeting the default branch that requires a pull request with at \
        least one approval and blocks force pushes and deletion; an organisation ruleset covers every repository at once. \
        With Terraform's GitHub provider:

        ```hcl
        resource "github_repository_ruleset" "main" {
          name        = "default-branch"
          repository  = "app"
          target      = "branch"
          enforcement = "active"
          conditions {
            ref_name {
              include = ["~DEFAULT_BRANCH"]
              exclude = []
            }
          }
          rules {
            deletion         = true
            non_fast_forward = true
            pull_request {
              required_approving_review_count = 1
            }
          }
        }
        ```
        """, perRepository: true)

    public init() {}

    public func evaluate(_ inventory: OrganizationInventory) -> [Finding] {
        (inventory.repositories.value ?? []).compactMap { repository in
            // Both sources must be known to say something is missing.
            guard case .known(let protection) = repository.protection, case .known(let rules) = repository.rules else { return nil }
            var problems: [String] = []
            let reviewByRule = rules.contains("pull_request")
            let reviewByProtection = (protection?.requiredApprovals ?? 0) > 0
            if !reviewByRule && !reviewByProtection { problems.append("no reviewed pull request required") }
            let forceBlocked = rules.contains("non_fast_forward") || (protection.map { !$0.allowsForcePushes } ?? false)
            if !forceBlocked { problems.append("force pushes allowed") }
            let deletionBlocked = rules.contains("deletion") || (protection.map { !$0.allowsDeletions } ?? false)
            if !deletionBlocked { problems.append("deletion allowed") }
            guard !problems.isEmpty else { return nil }
            return metadata.finding(organization: inventory.login, repository: repository.name,
                                    "\(repository.name) (\(repository.visibility)): branch \(repository.defaultBranch): \(problems.joined(separator: ", "))")
        }
    }
}
