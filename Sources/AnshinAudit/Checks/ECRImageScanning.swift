import AnshinCore

/// A private ECR repository whose images are not scanned when pushed (Security Hub ECR.1).
public struct ECRImageScanning: Check {
    public let metadata = CheckMetadata(
        id: "ecr-image-scanning",
        title: "ECR repository does not scan images on push",
        rationale: """
        A private ECR repository whose images are not scanned for vulnerabilities when pushed, neither \
        by its own setting nor by a registry-wide scanning configuration (Security Hub ECR.1).

        An image built from an old base carries its known vulnerabilities into every task that runs \
        it; a scan on push says so before it is deployed, for free with basic scanning.
        """,
        severity: .high,
        pillars: [.security],
        references: ["SecurityHub:ECR.1", "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html"],
        remediation: """
        Scan every image when it is pushed: on the repository, or once for the whole registry (basic \
        scanning is free; enhanced scanning with Amazon Inspector also rescans as new vulnerabilities \
        are published). In Terraform:

        \(Remediation.hcl("""
        resource "aws_ecr_repository" "app" {
          name = "app"
          image_scanning_configuration {
            scan_on_push = true
          }
        }
        """))
        """,
        snippetSubject: "aws_ecr_repository.app"
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.containerRepositories.compactMap { repository in
            guard repository.scanOnPush.isFalse else { return nil }
            return metadata.finding(repository.reference,
                                    inventory.say(repository.reference, noun: "ECR repository", terraform: "does not scan images on push",
                                                  aws: "does not scan images on push, and no registry-wide scanning covers it"),
                                    at: repository.settingLocations["image_scanning_configuration"])
        }
    }
}
