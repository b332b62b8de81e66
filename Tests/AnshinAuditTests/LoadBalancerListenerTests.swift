import AnshinCore
import AnshinTesting
import Foundation
import Testing
@testable import AnshinAudit

/// Listener checks beyond their fixtures: the TLS versions read from policy names, and redirects
/// known only after apply.
@Suite struct LoadBalancerListenerTests {
    @Test(arguments: [
        ("ELBSecurityPolicy-2016-08", 0), ("ELBSecurityPolicy-2015-05", 0), ("ELBSecurityPolicy-FS-2018-06", 0),
        ("ELBSecurityPolicy-TLS-1-0-2015-04", 0), ("ELBSecurityPolicy-TLS-1-1-2017-01", 1), ("ELBSecurityPolicy-FS-1-1-2019-08", 1),
        ("ELBSecurityPolicy-TLS13-1-0-2021-06", 0), ("ELBSecurityPolicy-TLS13-1-1-2021-06", 1),
        ("ELBSecurityPolicy-TLS-1-2-2017-01", 2), ("ELBSecurityPolicy-TLS-1-2-Ext-2018-06", 2), ("ELBSecurityPolicy-FS-1-2-Res-2020-10", 2),
        ("ELBSecurityPolicy-TLS13-1-2-2021-06", 2), ("ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04", 2), ("ELBSecurityPolicy-TLS13-1-3-2021-06", 3),
    ])
    func policyNamesTellTheirLowestVersion(policy: String, minor: Int) {
        #expect(LoadBalancerTLSPolicy.lowestTLSMinorVersion(policy) == minor)
    }

    @Test func unknownPolicyNamesAreNotJudged() {
        for name in ["", "-", "TLS", "ELBSecurityPolicy-TLS13-1", "ELBSecurityPolicy-TLS-1-9-2030-01", "custom-policy", "ELBSecurityPolicy-TLS-x-y"] {
            #expect(LoadBalancerTLSPolicy.lowestTLSMinorVersion(name) == nil, "\(name)")
        }
        var listener = LoadBalancerListener(reference: Fixture.live("AWS::ElasticLoadBalancingV2::Listener", "arn:listener"))
        listener.protocolName = .known("HTTPS")
        listener.sslPolicy = .known("ELBSecurityPolicy-Future-2031-01")
        let inventory = Inventory.aws { $0.listeners = [listener] }
        #expect(LoadBalancerTLSPolicy().evaluate(inventory).isEmpty)
    }

    @Test func aRedirectKnownOnlyAfterApplyIsNotReported() throws {
        let folder = try TemporaryDirectory()
        try folder.write("main.tf", """
            variable "scheme" {
              type = string
            }

            resource "aws_lb" "app" {
              name = "app"
            }

            resource "aws_lb_listener" "http" {
              load_balancer_arn = aws_lb.app.arn
              port              = 80

              default_action {
                type = "redirect"

                redirect {
                  protocol    = var.scheme
                  status_code = "HTTP_301"
                }
              }
            }
            """)
        let result = try TerraformAudit.run(root: folder.url, catalog: TerraformFixtureTests.catalog)
        #expect(!result.findings.contains { $0.ruleID == "elb-http-to-https-redirect" })
        try folder.write("prd.tfvars", "scheme = \"HTTP\"\n")
        let withValues = EnvironmentCatalog(project: nil, environments: [
            Environment(name: "prd", production: true, terraform: TerraformTarget(dir: ".", vars: "prd.tfvars")),
        ], origin: .inferred)
        let given = try TerraformAudit.run(root: folder.url, catalog: withValues)
        #expect(given.findings.filter { $0.ruleID == "elb-http-to-https-redirect" }.count == 1)
    }
}
