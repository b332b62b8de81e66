import AnshinCore

/// A security group rule admitting the whole internet (`0.0.0.0/0` or `::/0`) on a remote
/// administration or database port (CIS 5.2 and 5.3; Security Hub EC2.53, EC2.54 and EC2.19).
public struct SecurityGroupOpenAdminPorts: Check {
    public let metadata = CheckMetadata(
        id: "security-group-open-admin-ports",
        title: "Security group is open to the internet on an administration or database port",
        rationale: """
        A security group rule admitting the whole internet (`0.0.0.0/0` or `::/0`) on a remote \
        administration or database port (CIS 5.2 and 5.3; Security Hub EC2.53, EC2.54 and EC2.19).
        """,
        severity: .high,
        pillars: [.security],
        references: ["SecurityHub:EC2.53", "SecurityHub:EC2.54", "SecurityHub:EC2.19", "CIS:5.2", "CIS:5.3",
                     "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"],
        remediation: """
        Reach instances through AWS Systems Manager Session Manager (no inbound port at all) or a \
        VPN, and let databases accept only the security groups of what uses them. Where a port must \
        stay reachable, limit it to the office's or the VPN's addresses. In Terraform:

        \(Remediation.hcl("""
        resource "aws_vpc_security_group_ingress_rule" "db_from_app" {
          security_group_id            = aws_security_group.db.id
          referenced_security_group_id = aws_security_group.app.id
          ip_protocol                  = "tcp"
          from_port                    = 5432
          to_port                      = 5432
        }
        """))
        """
    )

    public init() {}

    /// Remote administration and database ports, with what listens there.
    static let ports: [(port: Int, service: String)] = [
        (21, "FTP"), (22, "SSH"), (23, "Telnet"), (2375, "Docker"), (2376, "Docker"), (3389, "RDP"), (5900, "VNC"),
        (1433, "SQL Server"), (1521, "Oracle"), (3306, "MySQL"), (5432, "PostgreSQL"), (5439, "Redshift"), (6379, "Redis"),
        (9200, "Elasticsearch"), (9300, "Elasticsearch"), (5601, "Kibana"), (11211, "Memcached"), (27017, "MongoDB"),
    ]

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        inventory.securityGroupIngress.compactMap { rule in
            guard rule.fromAnywhere, let open = rule.opens(Self.ports.map(\.port)), !open.isEmpty else { return nil }
            let named = Self.ports.filter { open.contains($0.port) }.map { "\($0.port) (\($0.service))" }
            let shown = named.count > 4 ? Array(named.prefix(4)) + ["\(named.count - 4) more"] : named
            let range = [rule.sources.contains("0.0.0.0/0") ? "0.0.0.0/0" : nil, rule.sources.contains("::/0") ? "::/0" : nil]
                .compactMap { $0 }.joined(separator: " and ")
            let text = "lets \(range) reach port\(open.count == 1 ? "" : "s") \(shown.spokenList)"
            return metadata.finding(rule.reference, inventory.say(rule.reference, noun: "Security group", terraform: text, aws: text),
                                    at: rule.location, fingerprintKey: rule.key.isEmpty ? [] : [rule.key])
        }
    }
}
