import AnshinCore

/// An Application Load Balancer that passes on HTTP headers with invalid names (Security Hub ELB.4).
public struct LoadBalancerDropInvalidHeaders: Check {
    public let metadata = CheckMetadata(
        id: "elb-drop-invalid-headers",
        title: "Application Load Balancer passes on invalid HTTP headers",
        rationale: """
        An Application Load Balancer that does not drop HTTP headers whose names are not valid \
        (Security Hub ELB.4). Network, Gateway and Classic Load Balancers have no such setting.

        Headers with names a browser would never send (underscores, control characters) are a tool \
        of request smuggling and of header injection against applications and proxies that parse \
        them differently from the load balancer. Dropping them costs nothing for real clients.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:ELB.4",
                     "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes"],
        remediation: """
        Turn on `routing.http.drop_invalid_header_fields.enabled`. In Terraform:

        \(Remediation.hcl("""
        resource "aws_lb" "app" {
          # ...
          load_balancer_type         = "application"
          drop_invalid_header_fields = true
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.loadBalancers.compactMap { balancer in
            guard balancer.type == .known("application"), balancer.dropsInvalidHeaders.isFalse else { return nil }
            let text = "does not drop invalid HTTP header fields"
            return metadata.finding(balancer.reference,
                                    inventory.say(balancer.reference, noun: "Application Load Balancer", terraform: text,
                                                  aws: text + " (routing.http.drop_invalid_header_fields.enabled is false)"),
                                    at: balancer.settingLocations["drop_invalid_header_fields"])
        }
    }
}
