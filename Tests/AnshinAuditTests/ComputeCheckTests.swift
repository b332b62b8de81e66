import AnshinCore
import Testing
@testable import AnshinAudit

@Suite struct ComputeCheckTests {
    @Test func imdsv1OnInstance() throws {
        var instance = Instance(reference: Fixture.tf("aws_instance", "bastion", path: "ec2.tf", line: 1), kind: .instance)
        instance.settingLocations["metadata_options"] = Fixture.line(8, "ec2.tf")
        let finding = try onlyFinding(EC2IMDSv2(), .terraform { $0.instances = [instance] })
        expectFinding(finding, "ec2-imdsv2-required", .high, "aws_instance.bastion",
                      "aws_instance.bastion does not require IMDSv2 (http_tokens = \"optional\") in the prd environment",
                      at: Fixture.line(8, "ec2.tf"))
    }

    @Test func imdsv1OnLiveLaunchConfiguration() throws {
        let configuration = Instance(reference: Fixture.live("AWS::AutoScaling::LaunchConfiguration", "app-2021", named: "app-2021"),
                                     kind: .launchConfiguration)
        let finding = try onlyFinding(EC2IMDSv2(), .aws { $0.instances = [configuration] })
        expectFinding(finding, "ec2-imdsv2-required", .high, "app-2021",
                      "Launch configuration app-2021 in account 111111111111 (ap-northeast-1) allows IMDSv1 (HttpTokens optional)",
                      at: nil)
    }

    @Test func imdsv2RequiredOrUnknown() {
        var template = Instance(reference: Fixture.tf("aws_launch_template", "app"), kind: .launchTemplate)
        template.metadataTokens = .known("required")
        #expect(EC2IMDSv2().evaluate(.terraform { $0.instances = [template] }).isEmpty)
        template.metadataTokens = .unknown
        #expect(EC2IMDSv2().evaluate(.terraform { $0.instances = [template] }).isEmpty)
    }

    @Test func ebsEncryptionByDefaultOff() throws {
        let live = try onlyFinding(EBSEncryptionByDefault(), .aws { $0.ebsEncryptionByDefault = .known(false) })
        expectFinding(live, "ebs-encryption-by-default", .medium, "111111111111",
                      "EBS encryption by default is off in account 111111111111 (ap-northeast-1)", at: nil)
        let terraform = try onlyFinding(EBSEncryptionByDefault(), .terraform {
            $0.ebsEncryptionByDefault = .known(false)
            $0.accountSettingLocations["aws_ebs_encryption_by_default"] = Fixture.line(2, "account.tf")
        })
        expectFinding(terraform, "ebs-encryption-by-default", .medium, ".",
                      "aws_ebs_encryption_by_default turns EBS encryption by default off in the prd environment",
                      at: Fixture.line(2, "account.tf"))
    }

    @Test func ebsEncryptionByDefaultOnOrUnknown() {
        #expect(EBSEncryptionByDefault().evaluate(.aws { $0.ebsEncryptionByDefault = .known(true) }).isEmpty)
        #expect(EBSEncryptionByDefault().evaluate(.terraform()).isEmpty)
    }
}

@Suite struct ElastiCacheCheckTests {
    static let ref = Fixture.tf("aws_elasticache_replication_group", "sessions", named: "acme-prd-sessions", path: "cache.tf", line: 1)

    func cluster(engine: String? = "redis", _ change: (inout CacheCluster) -> Void = { _ in }) -> CacheCluster {
        var cluster = CacheCluster(reference: Self.ref)
        cluster.engine = .known(engine)
        cluster.nodeType = .known("cache.t4g.small")
        cluster.atRestEncryption = .known(true)
        cluster.transitEncryption = .known(true)
        change(&cluster)
        return cluster
    }

    @Test func encryptedClusterPasses() {
        for check in CheckCatalog.all where check.metadata.id.hasPrefix("elasticache-") {
            #expect(check.evaluate(.terraform { $0.cacheClusters = [cluster()] }).isEmpty, "\(check.metadata.id)")
        }
    }

    @Test func atRest() throws {
        let finding = try onlyFinding(ElastiCacheEncryptionAtRest(), .terraform {
            $0.cacheClusters = [cluster {
                $0.atRestEncryption = .known(false)
                $0.settingLocations["at_rest_encryption_enabled"] = Fixture.line(6, "cache.tf")
            }]
        })
        expectFinding(finding, "elasticache-encryption-at-rest", .medium, "aws_elasticache_replication_group.sessions",
                      "aws_elasticache_replication_group.sessions (acme-prd-sessions) is not encrypted at rest in the prd environment",
                      at: Fixture.line(6, "cache.tf"))
    }

    @Test func atRestSkipsMemcachedAndUnknown() {
        let memcached = cluster(engine: "memcached") { $0.atRestEncryption = .known(false) }
        let unknownEngine = cluster {
            $0.engine = .unknown
            $0.atRestEncryption = .known(false)
        }
        let unknownSetting = cluster { $0.atRestEncryption = .unknown }
        #expect(ElastiCacheEncryptionAtRest().evaluate(.terraform { $0.cacheClusters = [memcached, unknownEngine, unknownSetting] }).isEmpty)
    }

    @Test func inTransit() throws {
        var live = cluster { $0.transitEncryption = .known(false) }
        live.reference = Fixture.live("AWS::ElastiCache::ReplicationGroup", "acme-prd-sessions", named: "acme-prd-sessions")
        let finding = try onlyFinding(ElastiCacheEncryptionInTransit(), .aws { $0.cacheClusters = [live] })
        expectFinding(finding, "elasticache-encryption-in-transit", .medium, "acme-prd-sessions",
                      "ElastiCache cluster acme-prd-sessions in account 111111111111 (ap-northeast-1) is not encrypted in transit",
                      at: nil)
        live.transitEncryption = .unknown
        #expect(ElastiCacheEncryptionInTransit().evaluate(.aws { $0.cacheClusters = [live] }).isEmpty)
    }
}

@Suite struct SSMCheckTests {
    static let ref = Fixture.tf("aws_ssm_parameter", "db_password", named: "/acme/prd/db_password", path: "secrets.tf", line: 1)

    @Test func managedValueLandsInState() throws {
        var parameter = Parameter(reference: Self.ref, type: .known("SecureString"), managedByTerraform: true)
        parameter.settingLocations["value"] = Fixture.line(4, "secrets.tf")
        let finding = try onlyFinding(SSMSecureStringInState(), .terraform { $0.parameters = [parameter] })
        expectFinding(finding, "ssm-securestring-in-state", .medium, "aws_ssm_parameter.db_password",
                      "aws_ssm_parameter.db_password (/acme/prd/db_password) is a SecureString whose value Terraform keeps in tfstate in plain text in the prd environment",
                      at: Fixture.line(4, "secrets.tf"))
        #expect(finding.remediation.contains("value_wo_version"))
        #expect(finding.remediation.contains("5.87.0"))
    }

    @Test func dummyWithIgnoreChangesStillLeaks() throws {
        var parameter = Parameter(reference: Self.ref, type: .known("SecureString"), managedByTerraform: true)
        parameter.valueIgnored = true
        parameter.placeholderValue = true
        let finding = try onlyFinding(SSMSecureStringInState(), .terraform { $0.parameters = [parameter] })
        #expect(finding.message == "aws_ssm_parameter.db_password (/acme/prd/db_password) is a SecureString whose value Terraform keeps in tfstate in plain text in the prd environment; a placeholder with ignore_changes does not help, as each refresh reads the real value back into state")
    }

    @Test func writeOnlyPlainOrUnmanagedOrUnknownPass() {
        var writeOnly = Parameter(reference: Self.ref, type: .known("SecureString"), managedByTerraform: true)
        writeOnly.writeOnly = true
        let plain = Parameter(reference: Self.ref, type: .known("String"), managedByTerraform: true)
        let unmanaged = Parameter(reference: Fixture.live("AWS::SSM::Parameter", "/acme/prd/db_password"),
                                  type: .known("SecureString"), managedByTerraform: false)
        let unknown = Parameter(reference: Self.ref, type: .unknown, managedByTerraform: true)
        #expect(SSMSecureStringInState().evaluate(.terraform { $0.parameters = [writeOnly, plain, unknown] }).isEmpty)
        #expect(SSMSecureStringInState().evaluate(.aws { $0.parameters = [unmanaged] }).isEmpty)
    }
}
