import AnshinTesting
import Foundation
import AnshinCore
import Testing
@testable import AnshinAudit

@Suite struct CloudTrailCheckTests {
    static let mainRef = Fixture.tf("aws_cloudtrail", "main", named: "main", path: "audit.tf", line: 1)

    /// A trail that passes every CloudTrail check.
    static func goodTrail(_ reference: ResourceReference = mainRef) -> Trail {
        var trail = Trail(reference: reference)
        trail.multiRegion = .known(true)
        trail.logFileValidation = .known(true)
        trail.kmsKeyID = .known("alias/cloudtrail")
        trail.cloudWatchLogs = .known(true)
        return trail
    }

    func terraform(_ change: (inout Trail) -> Void) -> Inventory {
        var trail = Self.goodTrail()
        change(&trail)
        return .terraform { $0.trails = [trail] }
    }

    @Test func goodTrailPasses() {
        for check in CheckCatalog.all where check.metadata.id.hasPrefix("cloudtrail-") {
            #expect(check.evaluate(terraform { _ in }).isEmpty, "\(check.metadata.id)")
        }
    }

    @Test func noTrailInTerraformIsInfo() throws {
        let finding = try onlyFinding(CloudTrailMultiRegion(), .terraform())
        expectFinding(finding, "cloudtrail-multi-region", .info, ".",
                      "No CloudTrail trail is declared in the prd environment; if your organization trail lives elsewhere, ignore this",
                      at: Fixture.line(1, "versions.tf"))
    }

    @Test func noTrailLiveIsHigh() throws {
        let finding = try onlyFinding(CloudTrailMultiRegion(), .aws())
        expectFinding(finding, "cloudtrail-multi-region", .high, "111111111111",
                      "Account 111111111111 has no CloudTrail trail", at: nil)
        #expect(finding.resource?.kind == "AWS::::Account")
    }

    @Test func singleRegionTrail() throws {
        let finding = try onlyFinding(CloudTrailMultiRegion(), terraform {
            $0.multiRegion = .known(false)
            $0.settingLocations["is_multi_region_trail"] = Fixture.line(4, "audit.tf")
        })
        expectFinding(finding, "cloudtrail-multi-region", .high, "aws_cloudtrail.main",
                      "aws_cloudtrail.main (main) covers one Region only in the prd environment, and no other trail records management events in every Region",
                      at: Fixture.line(4, "audit.tf"))
    }

    @Test func anotherCompliantOrUnknownTrailSilences() {
        var regional = Self.goodTrail(Fixture.tf("aws_cloudtrail", "regional"))
        regional.multiRegion = .known(false)
        var unknown = Self.goodTrail()
        unknown.multiRegion = .unknown
        #expect(CloudTrailMultiRegion().evaluate(.terraform { $0.trails = [regional, Self.goodTrail()] }).isEmpty)
        #expect(CloudTrailMultiRegion().evaluate(.terraform { $0.trails = [regional, unknown] }).isEmpty)
    }

    @Test func liveTrailNotLoggingWithoutManagementEvents() throws {
        var trail = Self.goodTrail(Fixture.live("AWS::CloudTrail::Trail", "main", named: "main"))
        trail.logging = .known(false)
        trail.managementEvents = .known(false)
        let finding = try onlyFinding(CloudTrailMultiRegion(), .aws { $0.trails = [trail] })
        #expect(finding.message == "Trail main in account 111111111111 (ap-northeast-1) does not record management events and is not logging, and no other trail records management events in every Region")
        #expect(finding.location == nil)
    }

    @Test func kmsEncryption() throws {
        let finding = try onlyFinding(CloudTrailEncryption(), terraform { $0.kmsKeyID = .known(nil) })
        expectFinding(finding, "cloudtrail-kms-encryption", .medium, "aws_cloudtrail.main",
                      "aws_cloudtrail.main (main) has no kms_key_id in the prd environment", at: Fixture.line(1, "audit.tf"))
        #expect(CloudTrailEncryption().evaluate(terraform { $0.kmsKeyID = .unknown }).isEmpty)
    }

    @Test func logFileValidation() throws {
        let finding = try onlyFinding(CloudTrailLogFileValidation(), terraform {
            $0.logFileValidation = .known(false)
            $0.settingLocations["enable_log_file_validation"] = Fixture.line(6, "audit.tf")
        })
        expectFinding(finding, "cloudtrail-log-file-validation", .low, "aws_cloudtrail.main",
                      "aws_cloudtrail.main (main) has no log file validation in the prd environment", at: Fixture.line(6, "audit.tf"))
        #expect(CloudTrailLogFileValidation().evaluate(terraform { $0.logFileValidation = .unknown }).isEmpty)
    }

    @Test func cloudWatchLogs() throws {
        var trail = Self.goodTrail(Fixture.live("AWS::CloudTrail::Trail", "main", named: "main"))
        trail.cloudWatchLogs = .known(false)
        let finding = try onlyFinding(CloudTrailCloudWatchLogs(), .aws { $0.trails = [trail] })
        expectFinding(finding, "cloudtrail-cloudwatch-logs", .low, "main",
                      "Trail main in account 111111111111 (ap-northeast-1) does not deliver to CloudWatch Logs", at: nil)
        #expect(CloudTrailCloudWatchLogs().evaluate(terraform { $0.cloudWatchLogs = .unknown }).isEmpty)
    }
}

@Suite struct ConfigRecorderCheckTests {
    static let ref = Fixture.tf("aws_config_configuration_recorder", "main", named: "default", path: "audit.tf", line: 30)

    @Test func noRecorder() throws {
        let terraform = try onlyFinding(ConfigRecorderEnabled(), .terraform())
        expectFinding(terraform, "config-recorder-enabled", .info, ".",
                      "No AWS Config recorder is declared in the prd environment; if Config is managed elsewhere (Control Tower enables it), ignore this",
                      at: Fixture.line(1, "versions.tf"))
        let live = try onlyFinding(ConfigRecorderEnabled(), .aws())
        expectFinding(live, "config-recorder-enabled", .high, "111111111111",
                      "Account 111111111111 has no AWS Config recorder in ap-northeast-1", at: nil)
    }

    @Test func notRecording() throws {
        var recorder = ConfigRecorder(reference: Self.ref)
        recorder.recording = .known(false)
        recorder.settingLocations["is_enabled"] = Fixture.line(40, "audit.tf")
        let finding = try onlyFinding(ConfigRecorderEnabled(), .terraform { $0.configRecorders = [recorder] })
        expectFinding(finding, "config-recorder-enabled", .high, "aws_config_configuration_recorder.main",
                      "aws_config_configuration_recorder.main (default) is not recording in the prd environment",
                      at: Fixture.line(40, "audit.tf"))
    }

    @Test func selectedTypesOnly() throws {
        var recorder = ConfigRecorder(reference: Fixture.live("AWS::Config::ConfigurationRecorder", "default", named: "default"))
        recorder.recording = .known(true)
        recorder.allSupported = .known(false)
        let finding = try onlyFinding(ConfigRecorderEnabled(), .aws { $0.configRecorders = [recorder] })
        expectFinding(finding, "config-recorder-enabled", .medium, "default",
                      "Config recorder default in account 111111111111 (ap-northeast-1) records only selected resource types", at: nil)
    }

    @Test func recordingOrUnknown() {
        var recorder = ConfigRecorder(reference: Self.ref)
        #expect(ConfigRecorderEnabled().evaluate(.terraform { $0.configRecorders = [recorder] }).isEmpty)
        recorder.allSupported = .unknown
        recorder.recording = .unknown
        #expect(ConfigRecorderEnabled().evaluate(.terraform { $0.configRecorders = [recorder] }).isEmpty)
    }
}

@Suite struct NetworkLoggingCheckTests {
    @Test func vpcFlowLogs() throws {
        var vpc = VPC(reference: Fixture.tf("aws_vpc", "main", path: "network.tf", line: 1))
        let finding = try onlyFinding(VPCFlowLogs(), .terraform { $0.vpcs = [vpc] })
        expectFinding(finding, "vpc-flow-logs", .medium, "aws_vpc.main",
                      "aws_vpc.main has no flow logs in the prd environment", at: Fixture.line(1, "network.tf"))
        vpc.flowLogs = .known(true)
        #expect(VPCFlowLogs().evaluate(.terraform { $0.vpcs = [vpc] }).isEmpty)
        vpc.flowLogs = .unknown
        #expect(VPCFlowLogs().evaluate(.terraform { $0.vpcs = [vpc] }).isEmpty)
    }

    @Test func albAccessLogs() throws {
        var balancer = LoadBalancer(reference: Fixture.tf("aws_lb", "app", named: "acme-prd-app", path: "alb.tf", line: 1))
        balancer.settingLocations["access_logs"] = Fixture.line(9, "alb.tf")
        let finding = try onlyFinding(LoadBalancerAccessLogs(), .terraform { $0.loadBalancers = [balancer] })
        expectFinding(finding, "elb-access-logs", .medium, "aws_lb.app",
                      "aws_lb.app (acme-prd-app) has no access logs in the prd environment", at: Fixture.line(9, "alb.tf"))
    }

    @Test func nlbIsLowAndGatewaySkipped() throws {
        var nlb = LoadBalancer(reference: Fixture.live("AWS::ElasticLoadBalancingV2::LoadBalancer", "net/acme-nlb/1", named: "acme-nlb"))
        nlb.type = .known("network")
        let finding = try onlyFinding(LoadBalancerAccessLogs(), .aws { $0.loadBalancers = [nlb] })
        expectFinding(finding, "elb-access-logs", .low, "net/acme-nlb/1",
                      "Network Load Balancer acme-nlb in account 111111111111 (ap-northeast-1) has no access logs", at: nil)
        nlb.type = .known("gateway")
        #expect(LoadBalancerAccessLogs().evaluate(.aws { $0.loadBalancers = [nlb] }).isEmpty)
        nlb.type = .unknown
        #expect(LoadBalancerAccessLogs().evaluate(.aws { $0.loadBalancers = [nlb] }).isEmpty)
    }

    @Test func albWithLogsOrUnknown() {
        var balancer = LoadBalancer(reference: Fixture.tf("aws_lb", "app"))
        balancer.accessLogs = .known(true)
        #expect(LoadBalancerAccessLogs().evaluate(.terraform { $0.loadBalancers = [balancer] }).isEmpty)
        balancer.accessLogs = .unknown
        #expect(LoadBalancerAccessLogs().evaluate(.terraform { $0.loadBalancers = [balancer] }).isEmpty)
    }

    @Test func cloudFrontLogging() throws {
        var distribution = Distribution(reference: Fixture.live("AWS::CloudFront::Distribution", "E2EXAMPLE"))
        let finding = try onlyFinding(CloudFrontLogging(), .aws { $0.distributions = [distribution] })
        expectFinding(finding, "cloudfront-logging", .medium, "E2EXAMPLE",
                      "Distribution E2EXAMPLE in account 111111111111 (ap-northeast-1) has no access logging", at: nil)
        distribution.logging = .unknown
        #expect(CloudFrontLogging().evaluate(.aws { $0.distributions = [distribution] }).isEmpty)
        distribution.logging = .known(true)
        #expect(CloudFrontLogging().evaluate(.aws { $0.distributions = [distribution] }).isEmpty)
    }

    @Test func cloudFrontPointsAtLoggingConfig() throws {
        var distribution = Distribution(reference: Fixture.tf("aws_cloudfront_distribution", "docs", path: "docs.tf", line: 2))
        distribution.settingLocations["logging_config"] = Fixture.line(20, "docs.tf")
        let finding = try onlyFinding(CloudFrontLogging(), .terraform { $0.distributions = [distribution] })
        #expect(finding.message == "aws_cloudfront_distribution.docs has no access logging in the prd environment")
        #expect(finding.location == Fixture.line(20, "docs.tf"))
    }

    @Test func wafLogging() throws {
        var acl = WebACL(reference: Fixture.tf("aws_wafv2_web_acl", "app", named: "acme-prd-app", path: "waf.tf", line: 3))
        let finding = try onlyFinding(WAFLogging(), .terraform { $0.webACLs = [acl] })
        expectFinding(finding, "waf-logging", .medium, "aws_wafv2_web_acl.app",
                      "aws_wafv2_web_acl.app (acme-prd-app) has no logging in the prd environment", at: Fixture.line(3, "waf.tf"))
        acl.logging = .unknown
        #expect(WAFLogging().evaluate(.terraform { $0.webACLs = [acl] }).isEmpty)
        acl.logging = .known(true)
        #expect(WAFLogging().evaluate(.terraform { $0.webACLs = [acl] }).isEmpty)
    }

    @Test func logGroupKeptForever() throws {
        var group = LogGroup(reference: Fixture.tf("aws_cloudwatch_log_group", "worker", named: "/aws/lambda/worker",
                                                   path: "lambda.tf", line: 12))
        group.settingLocations["retention_in_days"] = Fixture.line(14, "lambda.tf")
        let finding = try onlyFinding(LogGroupRetention(), .terraform { $0.logGroups = [group] })
        expectFinding(finding, "cloudwatch-log-group-retention", .low, "aws_cloudwatch_log_group.worker",
                      "aws_cloudwatch_log_group.worker (/aws/lambda/worker) has no retention_in_days in the prd environment, so its events are kept (and billed) forever",
                      at: Fixture.line(14, "lambda.tf"))
        #expect(finding.pillars == [.cost, .opex])
    }

    @Test func logGroupLiveWithRetentionOrUnknown() throws {
        var group = LogGroup(reference: Fixture.live("AWS::Logs::LogGroup", "/aws/lambda/worker"))
        let live = try onlyFinding(LogGroupRetention(), .aws { $0.logGroups = [group] })
        #expect(live.message == "Log group /aws/lambda/worker in account 111111111111 (ap-northeast-1) is set to never expire, so its events are kept (and billed) forever")
        group.retentionDays = .known(7)  // short retention is a choice, not a finding
        #expect(LogGroupRetention().evaluate(.aws { $0.logGroups = [group] }).isEmpty)
        group.retentionDays = .unknown
        #expect(LogGroupRetention().evaluate(.aws { $0.logGroups = [group] }).isEmpty)
    }

    // MARK: cloudwatch-audit-log-retention

    @Test func auditLogsKeptTooShortly() throws {
        var trail = LogGroup(reference: Fixture.tf("aws_cloudwatch_log_group", "trail", named: "/aws/cloudtrail/main", path: "logs.tf", line: 3))
        trail.retentionDays = .known(90)
        trail.settingLocations["retention_in_days"] = Fixture.line(5, "logs.tf")
        var app = LogGroup(reference: Fixture.tf("aws_cloudwatch_log_group", "app", named: "/aws/lambda/app"))
        app.retentionDays = .known(7)
        var forever = LogGroup(reference: Fixture.tf("aws_cloudwatch_log_group", "audit", named: "/acme/audit"))
        forever.retentionDays = .known(nil)
        let finding = try onlyFinding(AuditLogGroupRetention(), .terraform { $0.logGroups = [trail, app, forever] })
        expectFinding(finding, "cloudwatch-audit-log-retention", .medium, "aws_cloudwatch_log_group.trail",
                      "aws_cloudwatch_log_group.trail (/aws/cloudtrail/main) keeps audit or security logs for 90 days, less than the 365 days asked in the prd environment",
                      at: Fixture.line(5, "logs.tf"))
        // The minimum comes from anshin.yml.
        #expect(AuditLogGroupRetention().evaluate(.terraform { $0.logGroups = [trail]; $0.auditLogRetentionDays = 90 }).isEmpty)
        #expect(AuditLogGroupRetention().evaluate(.terraform { $0.logGroups = [trail]; $0.auditLogRetentionDays = 91 }).count == 1)
    }

    @Test func theMinimumIsReadFromTheCatalog() throws {
        let catalog = try EnvironmentCatalog.parse("audit: { log_retention_days: 400 }\nenvironments:\n  prd: { production: true }\n", file: "anshin.yml")
        #expect(catalog.audit.logRetentionDays == 400)
        let plain = try EnvironmentCatalog.parse("environments:\n  prd: { production: true }\n", file: "anshin.yml")
        #expect(plain.audit.logRetentionDays == 365)
        for bad in ["0", "a year", "9999"] {
            #expect(throws: ConfigurationError.self) {
                try EnvironmentCatalog.parse("audit: { log_retention_days: \(bad) }\nenvironments:\n  prd: { production: true }\n", file: "anshin.yml")
            }
        }
    }

    @Test func aTerraformAuditUsesTheCatalogMinimum() throws {
        let directory = Golden.fixtures("terraform", "cloudwatch-audit-log-retention", "fail")
        var catalog = TerraformFixtureTests.catalog
        catalog.audit.logRetentionDays = 30
        let result = try TerraformAudit.run(root: directory, catalog: catalog)
        // Only the WAF group's 7 days is under 30; the trail's 90 and the flow logs' 30 are not.
        #expect(TerraformFixtureTests.places(result.findings, "cloudwatch-audit-log-retention") == ["main.tf:13"])
    }
}
