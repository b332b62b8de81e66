import AnshinCore

/// A CloudFront distribution without standard (access) logging (Security Hub CloudFront.5).
public struct CloudFrontLogging: Check {
    public let metadata = CheckMetadata(
        id: "cloudfront-logging",
        title: "CloudFront distribution has no access logging",
        rationale: """
        A CloudFront distribution without standard (access) logging (Security Hub CloudFront.5).
        """,
        severity: .medium,
        pillars: [.security, .opex],
        references: ["SecurityHub:CloudFront.5",
                     "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html"],
        remediation: """
        Turn on standard logging, so every request at the edge (client, path, status, cache result) \
        can be investigated and analysed. The log bucket must have ACLs enabled for the legacy \
        delivery shown here (or use CloudWatch log delivery for v2 logging). In Terraform:

        \(Remediation.hcl("""
        resource "aws_cloudfront_distribution" "app" {
          # ...
          logging_config {
            bucket          = aws_s3_bucket.logs.bucket_domain_name
            prefix          = "cloudfront/app/"
            include_cookies = false
          }
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.distributions.compactMap { distribution in
            guard distribution.logging.isFalse else { return nil }
            let text = "has no access logging"
            return metadata.finding(distribution.reference,
                                    inventory.say(distribution.reference, noun: "Distribution", terraform: text, aws: text),
                                    at: distribution.settingLocations["logging_config"])
        }
    }
}
