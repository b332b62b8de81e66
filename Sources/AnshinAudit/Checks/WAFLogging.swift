import AnshinCore

/// A WAF web ACL without logging (Security Hub WAF.11).
public struct WAFLogging: Check {
    public let metadata = CheckMetadata(
        id: "waf-logging",
        title: "WAF web ACL has no logging",
        rationale: """
        A WAF web ACL without logging (Security Hub WAF.11).

        Medium rather than Security Hub's low: without logs nobody can tell which rule blocked a customer or \
        what an attack looked like, and the seed turned WAF logs on with the others.
        """,
        severity: .medium,
        pillars: [.security, .opex],
        references: ["SecurityHub:WAF.11", "https://docs.aws.amazon.com/waf/latest/developerguide/logging.html"],
        remediation: """
        Log the web ACL's decisions, so false positives (a customer blocked by a managed rule) and \
        attacks can be investigated. Destinations are a log group, an S3 bucket or Firehose whose \
        name starts with `aws-waf-logs-`; redact headers such as authorization. In Terraform:

        \(Remediation.hcl("""
        resource "aws_cloudwatch_log_group" "waf" {
          name              = "aws-waf-logs-app"
          retention_in_days = 90
        }

        resource "aws_wafv2_web_acl_logging_configuration" "app" {
          resource_arn            = aws_wafv2_web_acl.app.arn
          log_destination_configs = [aws_cloudwatch_log_group.waf.arn]
          redacted_fields {
            single_header {
              name = "authorization"
            }
          }
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.webACLs.compactMap { acl in
            guard acl.logging.isFalse else { return nil }
            let text = "has no logging"
            return metadata.finding(acl.reference, inventory.say(acl.reference, noun: "Web ACL", terraform: text, aws: text))
        }
    }
}
