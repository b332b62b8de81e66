import AnshinCore
import Testing
@testable import AnshinAudit

@Suite struct GravitonCheckTests {
    @Test(arguments: [
        ("t3.micro", "t4g.micro"), ("t3a.nano", "t4g.nano"), ("t2.large", "t4g.large"), ("m5.large", "m6g.large"),
        ("m5d.xlarge", "m6gd.xlarge"), ("c5.2xlarge", "c6g.2xlarge"), ("c5n.large", "c6gn.large"),
        ("r5.4xlarge", "r6g.4xlarge"), ("m6i.large", "m7g.large"), ("c6in.xlarge", "c7gn.xlarge"),
        ("r7i.large", "r8g.large"), ("m7i-flex.large", "m8g.large"), ("m4.16xlarge", "m6g.16xlarge"),
    ])
    func ec2TypeMapping(from: String, to: String) {
        #expect(Graviton.ec2(from) == to)
    }

    @Test(arguments: ["t4g.micro", "m6g.large", "c7gn.xlarge", "r8g.large", "m6gd.large", "a1.large", "g4dn.xlarge",
                      "p3.2xlarge", "inf1.xlarge", "mac1.metal", "m5.24xlarge", "c5.9xlarge", "m5.metal", "x1e.xlarge",
                      "i3.large", "z1d.large", "garbage", "m5"])
    func ec2TypeWithoutSuggestion(_ type: String) {
        #expect(Graviton.ec2(type) == nil)
    }

    @Test(arguments: [("cache.t3.small", "cache.t4g.small"), ("cache.m5.large", "cache.m6g.large"),
                      ("cache.r4.xlarge", "cache.r6g.xlarge")])
    func cacheNodeMapping(from: String, to: String) {
        #expect(Graviton.elastiCache(from) == to)
    }

    @Test(arguments: ["cache.t4g.micro", "cache.r6g.large", "cache.r5.24xlarge", "cache.c1.xlarge", "cache.t1.micro"])
    func cacheNodeWithoutSuggestion(_ type: String) {
        #expect(Graviton.elastiCache(type) == nil)
    }

    @Test func ec2InstanceAndLaunchTemplate() throws {
        var instance = Instance(reference: Fixture.tf("aws_instance", "bastion", path: "ec2.tf", line: 1), kind: .instance)
        instance.instanceType = .known("t3.micro")
        instance.settingLocations["instance_type"] = Fixture.line(3, "ec2.tf")
        let finding = try onlyFinding(EC2Graviton(), .terraform { $0.instances = [instance] })
        expectFinding(finding, "ec2-graviton", .info, "aws_instance.bastion",
                      "aws_instance.bastion uses t3.micro; t4g.micro is its Graviton equivalent in the prd environment",
                      at: Fixture.line(3, "ec2.tf"))

        var template = Instance(reference: Fixture.live("AWS::EC2::LaunchTemplate", "lt-0abc", named: "app"), kind: .launchTemplate)
        template.instanceType = .known("m5.large")
        let live = try onlyFinding(EC2Graviton(), .aws { $0.instances = [template] })
        #expect(live.message == "Launch template app in account 111111111111 (ap-northeast-1) uses m5.large; m6g.large is its Graviton equivalent")
    }

    @Test func ec2UnknownOrAlreadyGraviton() {
        var unknown = Instance(reference: Fixture.tf("aws_instance", "a"), kind: .instance)
        unknown.instanceType = .unknown
        var arm = Instance(reference: Fixture.tf("aws_instance", "b"), kind: .instance)
        arm.instanceType = .known("c7g.large")
        #expect(EC2Graviton().evaluate(.terraform { $0.instances = [unknown, arm] }).isEmpty)
    }

    @Test func elastiCache() throws {
        var cluster = CacheCluster(reference: Fixture.tf("aws_elasticache_replication_group", "sessions", named: "acme-prd-sessions",
                                                         path: "cache.tf", line: 1))
        cluster.nodeType = .known("cache.r5.large")
        cluster.settingLocations["node_type"] = Fixture.line(4, "cache.tf")
        let finding = try onlyFinding(ElastiCacheGraviton(), .terraform { $0.cacheClusters = [cluster] })
        expectFinding(finding, "elasticache-graviton", .low, "aws_elasticache_replication_group.sessions",
                      "aws_elasticache_replication_group.sessions (acme-prd-sessions) runs on cache.r5.large nodes; cache.r6g.large is their Graviton equivalent in the prd environment",
                      at: Fixture.line(4, "cache.tf"))
        cluster.nodeType = .unknown
        #expect(ElastiCacheGraviton().evaluate(.terraform { $0.cacheClusters = [cluster] }).isEmpty)
        cluster.nodeType = .known("cache.r6g.large")
        #expect(ElastiCacheGraviton().evaluate(.terraform { $0.cacheClusters = [cluster] }).isEmpty)
    }

    @Test func lambda() throws {
        var function = Function(reference: Fixture.live("AWS::Lambda::Function", "resize", named: "resize"))
        let finding = try onlyFinding(LambdaGraviton(), .aws { $0.functions = [function] })
        expectFinding(finding, "lambda-graviton", .info, "resize",
                      "Lambda function resize in account 111111111111 (ap-northeast-1) runs on x86_64; arm64 (Graviton2) would cost less per GB-second",
                      at: nil)
        function.architectures = .known(["arm64"])
        #expect(LambdaGraviton().evaluate(.aws { $0.functions = [function] }).isEmpty)
        function.architectures = .unknown
        #expect(LambdaGraviton().evaluate(.aws { $0.functions = [function] }).isEmpty)
    }

    @Test func lambdaPointsAtArchitectures() throws {
        var function = Function(reference: Fixture.tf("aws_lambda_function", "resize", named: "acme-prd-resize", path: "lambda.tf", line: 1))
        function.settingLocations["architectures"] = Fixture.line(6, "lambda.tf")
        let finding = try onlyFinding(LambdaGraviton(), .terraform { $0.functions = [function] })
        #expect(finding.message == "aws_lambda_function.resize (acme-prd-resize) runs on x86_64; arm64 (Graviton2) would cost less per GB-second in the prd environment")
        #expect(finding.location == Fixture.line(6, "lambda.tf"))
    }
}
