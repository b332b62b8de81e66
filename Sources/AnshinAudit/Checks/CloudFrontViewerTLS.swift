import AnshinCore

/// A CloudFront distribution that accepts TLS older than 1.2 from viewers (Security Hub
/// CloudFront.15 with a custom certificate; CloudFront.7 with the default one).
public struct CloudFrontViewerTLS: Check {
    public let metadata = CheckMetadata(
        id: "cloudfront-viewer-tls",
        title: "CloudFront distribution accepts TLS older than 1.2",
        rationale: """
        A CloudFront distribution whose viewers may connect with TLS 1.0 or 1.1. With a custom \
        certificate, its security policy (`minimum_protocol_version`, `TLSv1` when not named) is \
        older than `TLSv1.2_2018` (Security Hub CloudFront.15 asks for the recommended policy). With \
        CloudFront's default `*.cloudfront.net` certificate the policy is always `TLSv1` and cannot \
        be changed (Security Hub CloudFront.7 asks for a custom certificate); that is reported as low.

        TLS 1.0 and 1.1 are deprecated (RFC 8996) and refused by PCI DSS; every current browser \
        speaks TLS 1.2.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:CloudFront.15", "SecurityHub:CloudFront.7",
                     "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html"],
        remediation: """
        Serve the distribution under your own domain with an ACM certificate (in us-east-1) and a \
        TLS 1.2+ security policy. In Terraform:

        \(Remediation.hcl("""
        resource "aws_cloudfront_distribution" "site" {
          # ...
          aliases = ["www.example.com"]

          viewer_certificate {
            acm_certificate_arn      = aws_acm_certificate.site.arn
            ssl_support_method       = "sni-only"
            minimum_protocol_version = "TLSv1.2_2021"
          }
        }
        """))
        """
    )

    /// Viewer security policies that accept TLS 1.0 or 1.1 ("Supported protocols and ciphers
    /// between viewers and CloudFront", the page referenced above); `TLSv1.2_*` and `TLSv1.3_*`
    /// do not, and a name it does not know is not judged.
    static let olderThanTLS12: Set<String> = ["SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016"]

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.distributions.compactMap { distribution in
            let at = distribution.settingLocations["viewer_certificate"]
            if distribution.defaultCertificate.isTrue {
                let text = "uses CloudFront's default certificate, which always accepts TLS 1.0"
                return metadata.finding(distribution.reference,
                                        inventory.say(distribution.reference, noun: "CloudFront distribution", terraform: text, aws: text),
                                        at: at, severity: .low)
            }
            guard distribution.defaultCertificate.isFalse, case .known(let named) = distribution.minimumProtocolVersion else { return nil }
            let policy = named ?? "TLSv1"
            guard Self.olderThanTLS12.contains(policy) else { return nil }
            let text = "accepts TLS older than 1.2 from viewers (security policy \(policy))"
            return metadata.finding(distribution.reference,
                                    inventory.say(distribution.reference, noun: "CloudFront distribution", terraform: text, aws: text),
                                    at: at)
        }
    }
}
