import AnshinCore

/// An Application Load Balancer's HTTP listener that serves requests instead of redirecting them
/// to HTTPS (Security Hub ELB.1).
public struct LoadBalancerHTTPSRedirect: Check {
    public let metadata = CheckMetadata(
        id: "elb-http-to-https-redirect",
        title: "Load balancer listener serves plain HTTP instead of redirecting to HTTPS",
        rationale: """
        An HTTP listener of an Application Load Balancer whose default action does not redirect to \
        HTTPS (Security Hub ELB.1): it forwards requests, or answers them, in clear text.

        Over HTTP, session cookies, passwords and personal data cross the internet unencrypted and \
        can be read or altered on the way (public Wi-Fi, a compromised router). A redirect keeps port \
        80 open for people who type the address, while every request is then served over TLS.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:ELB.1",
                     "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions"],
        remediation: """
        Make the HTTP listener's default action a redirect to HTTPS, and serve the application from \
        an HTTPS listener. In Terraform:

        \(Remediation.hcl("""
        resource "aws_lb_listener" "http" {
          load_balancer_arn = aws_lb.app.arn
          port              = 80
          protocol          = "HTTP"

          default_action {
            type = "redirect"

            redirect {
              port        = "443"
              protocol    = "HTTPS"
              status_code = "HTTP_301"
            }
          }
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.listeners.compactMap { listener in
            guard listener.protocolName == .known("HTTP"), listener.redirectsToHTTPS.isFalse else { return nil }
            return metadata.finding(listener.reference,
                                    inventory.say(listener.reference, noun: "HTTP listener",
                                                  terraform: "is an HTTP listener whose default action does not redirect to HTTPS",
                                                  aws: "does not redirect to HTTPS"),
                                    at: listener.settingLocations["default_action"])
        }
    }
}
