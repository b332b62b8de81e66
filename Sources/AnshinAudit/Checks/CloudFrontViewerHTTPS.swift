import AnshinCore

/// A CloudFront distribution that serves viewers over plain HTTP (Security Hub CloudFront.3).
public struct CloudFrontViewerHTTPS: Check {
    public let metadata = CheckMetadata(
        id: "cloudfront-viewer-https",
        title: "CloudFront distribution serves plain HTTP",
        rationale: """
        A CloudFront distribution with a cache behaviour (the default or an ordered one) whose viewer \
        protocol policy is `allow-all` (Security Hub CloudFront.3): viewers who arrive over HTTP are \
        served over HTTP.

        Pages, cookies and tokens then cross the network in clear text, where anyone on the path can \
        read or change them; a redirect costs one round trip once.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:CloudFront.3",
                     "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html"],
        remediation: """
        Redirect HTTP to HTTPS (or accept HTTPS only) in every cache behaviour. In Terraform:

        \(Remediation.hcl("""
        resource "aws_cloudfront_distribution" "site" {
          # ...
          default_cache_behavior {
            # ...
            viewer_protocol_policy = "redirect-to-https"
          }
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.distributions.compactMap { distribution in
            guard distribution.allowsHTTP.isTrue else { return nil }
            let text = "lets viewers use plain HTTP (viewer protocol policy allow-all)"
            return metadata.finding(distribution.reference,
                                    inventory.say(distribution.reference, noun: "CloudFront distribution", terraform: text, aws: text),
                                    at: distribution.settingLocations["viewer_protocol_policy"])
        }
    }
}
