import AnshinCore

/// A CloudFront distribution with an S3 origin that no origin access control signs for (Security
/// Hub CloudFront.13).
public struct CloudFrontS3OriginAccessControl: Check {
    public let metadata = CheckMetadata(
        id: "cloudfront-s3-origin-access-control",
        title: "CloudFront S3 origin has no origin access control",
        rationale: """
        An origin of a CloudFront distribution on an S3 bucket's REST endpoint without an origin \
        access control (Security Hub CloudFront.13). Either the bucket must be readable by anyone, \
        so CloudFront can fetch from it, and visitors can go around the distribution (and its WAF, \
        logs and signed URLs); or it is reached through a legacy origin access identity, which \
        cannot read objects encrypted with KMS nor sign PUT and POST requests.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:CloudFront.13",
                     "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html"],
        remediation: """
        Create an origin access control, name it on the origin, and let the bucket policy allow \
        `cloudfront.amazonaws.com` to read for this distribution only (`AWS:SourceArn`); then block \
        public access to the bucket. In Terraform:

        \(Remediation.hcl("""
        resource "aws_cloudfront_origin_access_control" "site" {
          name                              = "site"
          origin_access_control_origin_type = "s3"
          signing_behavior                  = "always"
          signing_protocol                  = "sigv4"
        }

        resource "aws_cloudfront_distribution" "site" {
          # ...
          origin {
            origin_id                = "site"
            domain_name              = aws_s3_bucket.site.bucket_regional_domain_name
            origin_access_control_id = aws_cloudfront_origin_access_control.site.id
          }
        }
        """))
        """,
        snippetSubject: "aws_cloudfront_distribution.site"
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.distributions.flatMap { distribution -> [Finding] in
            guard case .known(let origins) = distribution.s3Origins else { return [] }
            return origins.filter { !$0.accessControl }.map { origin in
                let text = origin.accessIdentity
                    ? "reaches S3 origin \(origin.id) through a legacy origin access identity, not an origin access control"
                    : "has S3 origin \(origin.id) without an origin access control"
                return metadata.finding(distribution.reference,
                                        inventory.say(distribution.reference, noun: "CloudFront distribution", terraform: text, aws: text),
                                        at: origin.location, fingerprintKey: [origin.id])
            }
        }
    }
}
