import AnshinCore
import Testing
@testable import AnshinAudit

@Suite struct NetworkCheckTests {
    static let ref = Fixture.tf("aws_security_group_rule", "ssh", path: "network.tf", line: 7)

    func rule(_ protocolName: Setting<String>, _ from: Setting<Int?>, _ to: Setting<Int?>, _ sources: [String]) -> SecurityGroupIngress {
        SecurityGroupIngress(reference: Self.ref, protocolName: protocolName, fromPort: from, toPort: to, sources: sources,
                             location: Fixture.line(9, "network.tf"))
    }

    @Test func sshFromAnywhereIsReported() throws {
        let finding = try onlyFinding(SecurityGroupOpenAdminPorts(),
                                      .terraform { $0.securityGroupIngress = [rule(.known("tcp"), .known(22), .known(22), ["0.0.0.0/0"])] })
        expectFinding(finding, "security-group-open-admin-ports", .high, "aws_security_group_rule.ssh",
                      "aws_security_group_rule.ssh lets 0.0.0.0/0 reach port 22 (SSH) in the prd environment", at: Fixture.line(9, "network.tf"))
    }

    @Test func everyProtocolOrAWideRangeOpensEveryPort() throws {
        let all = try onlyFinding(SecurityGroupOpenAdminPorts(),
                                  .aws { $0.securityGroupIngress = [rule(.known("-1"), .known(nil), .known(nil), ["::/0"])] })
        #expect(all.message?.contains("lets ::/0 reach ports 21 (FTP), 22 (SSH), 23 (Telnet), 2375 (Docker) and 14 more") == true,
                "\(all.message ?? "")")
        let wide = rule(.known("tcp"), .known(3000), .known(6000), ["0.0.0.0/0", "::/0"])
        #expect(wide.opens(SecurityGroupOpenAdminPorts.ports.map(\.port)) == [3389, 5900, 3306, 5432, 5439, 5601])
    }

    @Test func privateRangesOtherPortsAndUnknownsPass() {
        let rules = [
            rule(.known("tcp"), .known(22), .known(22), ["10.0.0.0/8"]),
            rule(.known("tcp"), .known(443), .known(443), ["0.0.0.0/0"]),
            rule(.known("udp"), .known(0), .known(65535), ["0.0.0.0/0"]),
            rule(.unknown, .known(22), .known(22), ["0.0.0.0/0"]),
            rule(.known("tcp"), .unknown, .known(22), ["0.0.0.0/0"]),
            rule(.known("tcp"), .known(22), .known(22), []),
        ]
        #expect(SecurityGroupOpenAdminPorts().evaluate(.terraform { $0.securityGroupIngress = rules }).isEmpty)
    }

    @Test func defaultSecurityGroupWithRules() throws {
        let vpc = Fixture.tf("aws_vpc", "main", path: "network.tf", line: 1)
        let undeclared = try onlyFinding(VPCDefaultSecurityGroupClosed(),
                                         .terraform { $0.defaultSecurityGroups = [DefaultSecurityGroup(reference: vpc, hasRules: .known(true), location: vpc.location)] })
        #expect(undeclared.message == "aws_vpc.main has no aws_default_security_group, so its default security group keeps AWS's rules (traffic from its members, all outbound) in the prd environment")
        let closed = DefaultSecurityGroup(reference: Fixture.tf("aws_default_security_group", "main"), hasRules: .known(false))
        let unknown = DefaultSecurityGroup(reference: Fixture.tf("aws_default_security_group", "other"), hasRules: .unknown)
        #expect(VPCDefaultSecurityGroupClosed().evaluate(.terraform { $0.defaultSecurityGroups = [closed, unknown] }).isEmpty)
    }
}
