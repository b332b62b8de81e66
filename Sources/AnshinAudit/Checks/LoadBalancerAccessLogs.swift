import AnshinCore

/// An Application, Classic or Network Load Balancer without access logs (Security Hub ELB.5).
public struct LoadBalancerAccessLogs: Check {
    public let metadata = CheckMetadata(
        id: "elb-access-logs",
        title: "Load balancer has no access logs",
        rationale: """
        An Application, Classic or Network Load Balancer without access logs (Security Hub ELB.5).

        ALB and CLB logs record every request (client, path, status, latency): medium. NLB logs only exist \
        for TLS listeners and say less, so they are low. Gateway load balancers have none.
        """,
        severity: .medium,
        pillars: [.security, .opex],
        references: ["SecurityHub:ELB.5",
                     "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html"],
        remediation: """
        Write access logs to S3: they are the record of every request for incident investigation, \
        and the raw material for per-route latency and per-customer performance reports \
        (`anshin logs`). The bucket policy must allow the Region's log delivery. In Terraform:

        \(Remediation.hcl("""
        resource "aws_lb" "app" {
          # ...
          access_logs {
            bucket  = aws_s3_bucket.logs.id
            prefix  = "alb/app"
            enabled = true
          }
        }
        """))
        """
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.loadBalancers.compactMap { balancer in
            guard case .known(let type) = balancer.type, type != "gateway", balancer.accessLogs.isFalse else { return nil }
            let noun = switch type {
            case "network": "Network Load Balancer"
            case "classic": "Classic Load Balancer"
            default: "Application Load Balancer"
            }
            let text = "has no access logs"
            return metadata.finding(balancer.reference, inventory.say(balancer.reference, noun: noun, terraform: text, aws: text),
                                    at: balancer.settingLocations["access_logs"], severity: type == "network" ? .low : nil)
        }
    }
}
