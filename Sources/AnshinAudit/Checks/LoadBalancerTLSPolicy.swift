import AnshinCore

/// An HTTPS or TLS listener whose security policy still accepts TLS 1.0 or 1.1 (Security Hub ELB.17).
public struct LoadBalancerTLSPolicy: Check {
    public let metadata = CheckMetadata(
        id: "elb-tls-policy",
        title: "Load balancer listener accepts TLS older than 1.2",
        rationale: """
        An HTTPS listener of an Application Load Balancer, or a TLS listener of a Network Load \
        Balancer, whose security policy accepts TLS 1.0 or 1.1 (Security Hub ELB.17 asks for one of \
        the recommended TLS 1.2+ policies). A listener without a policy named gets \
        `ELBSecurityPolicy-2016-08`, the API's default, which accepts TLS 1.0.

        TLS 1.0 and 1.1 are deprecated (RFC 8996): their handshakes rely on SHA-1 and MD5, and PCI DSS \
        and most compliance programmes no longer accept them. Every browser and HTTP library of the \
        last decade speaks TLS 1.2.
        """,
        severity: .medium,
        pillars: [.security],
        references: ["SecurityHub:ELB.17",
                     "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html"],
        remediation: """
        Use a policy that accepts TLS 1.2 and 1.3 only, `ELBSecurityPolicy-TLS13-1-2-2021-06` (AWS's \
        recommendation) or a stricter one. In Terraform:

        \(Remediation.hcl("""
        resource "aws_lb_listener" "https" {
          load_balancer_arn = aws_lb.app.arn
          port              = 443
          protocol          = "HTTPS"
          ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
          certificate_arn   = aws_acm_certificate.app.arn
          # ...
        }
        """))
        """
    )

    /// The policy CreateListener applies to an HTTPS or TLS listener that names none: "The
    /// ELBSecurityPolicy-2016-08 policy is the default security policy for HTTPS listeners created
    /// using the AWS CLI" (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html).
    public static let defaultPolicy = "ELBSecurityPolicy-2016-08"

    /// Predefined policies whose names do not carry their lowest TLS version; each accepts TLS 1.0
    /// (the tables of the page above and of the Network Load Balancer guide's "Security policies").
    static let legacyPolicies: Set<String> = [
        "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-2015-05", "ELBSecurityPolicy-FS-2018-06",
    ]

    /// The lowest TLS minor version (0 for TLS 1.0) a predefined policy accepts, read from its
    /// name (`…-TLS13-1-2-2021-06`, `…-TLS-1-1-2017-01`, `…-FS-1-2-Res-2020-10`); nil for a name it
    /// does not know, which is not judged.
    public static func lowestTLSMinorVersion(_ policy: String) -> Int? {
        if legacyPolicies.contains(policy) { return 0 }
        let parts = policy.split(separator: "-").map(String.init)
        for index in parts.indices.dropLast(2) where ["TLS", "TLS13", "FS"].contains(parts[index]) && parts[index + 1] == "1" {
            if let minor = Int(parts[index + 2]), (0...3).contains(minor) { return minor }
        }
        return nil
    }

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.listeners.compactMap { listener in
            guard case .known(let protocolName) = listener.protocolName, ["HTTPS", "TLS"].contains(protocolName),
                  case .known(let named) = listener.sslPolicy else { return nil }
            let policy = named ?? Self.defaultPolicy
            guard let minor = Self.lowestTLSMinorVersion(policy), minor < 2 else { return nil }
            let text = named == nil
                ? "names no security policy, so it gets \(policy), which accepts TLS 1.\(minor)"
                : "uses security policy \(policy), which accepts TLS 1.\(minor)"
            return metadata.finding(listener.reference,
                                    inventory.say(listener.reference, noun: "\(protocolName) listener", terraform: text, aws: text),
                                    at: listener.settingLocations["ssl_policy"])
        }
    }
}
