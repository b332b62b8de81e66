import AnshinCore

/// A private ECR repository whose tags can be moved to another image (Security Hub ECR.2).
public struct ECRTagImmutability: Check {
    public let metadata = CheckMetadata(
        id: "ecr-tag-immutability",
        title: "ECR repository lets tags move to another image",
        rationale: """
        A private ECR repository whose image tags are mutable (Security Hub ECR.2).

        With mutable tags, a push under an existing tag (`v1.4.2`, `prd`) silently replaces what every \
        later deployment of that tag runs: a rollback may not roll back, and two tasks of one service \
        may run different code. Immutable tags make a tag name one image for good.
        """,
        severity: .medium,
        pillars: [.security, .reliability],
        references: ["SecurityHub:ECR.2", "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html"],
        remediation: """
        Make tags immutable, and give each build a tag of its own (the commit, a version) instead of \
        moving `latest`. In Terraform:

        \(Remediation.hcl("""
        resource "aws_ecr_repository" "app" {
          name                 = "app"
          image_tag_mutability = "IMMUTABLE"
        }
        """))
        """,
        snippetSubject: "aws_ecr_repository.app"
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.containerRepositories.compactMap { repository in
            guard repository.immutableTags.isFalse else { return nil }
            return metadata.finding(repository.reference,
                                    inventory.say(repository.reference, noun: "ECR repository", terraform: "has mutable image tags",
                                                  aws: "has mutable image tags (imageTagMutability MUTABLE)"),
                                    at: repository.settingLocations["image_tag_mutability"])
        }
    }
}
