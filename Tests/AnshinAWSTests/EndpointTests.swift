@testable import AnshinAWS
import AnshinHTTP
import AnshinTesting
import Testing

@Suite("Endpoints")
struct EndpointTests {
    @Test("regional, global and China endpoints")
    func defaults() throws {
        let resolver = AWSEndpointResolver()
        #expect(try resolver.endpoint(for: .cloudWatchLogs, region: "ap-northeast-1")
            == AWSEndpoint(host: "logs.ap-northeast-1.amazonaws.com", signingRegion: "ap-northeast-1"))
        #expect(try resolver.endpoint(for: .iam, region: "eu-west-1") == AWSEndpoint(host: "iam.amazonaws.com", signingRegion: "us-east-1"))
        #expect(try resolver.endpoint(for: .cloudFront, region: "eu-west-1").host == "cloudfront.amazonaws.com")
        #expect(try resolver.endpoint(for: .organizations, region: "eu-west-1").host == "organizations.us-east-1.amazonaws.com")
        #expect(try resolver.endpoint(for: .sts, region: "eu-west-1").host == "sts.eu-west-1.amazonaws.com")
        #expect(try resolver.endpoint(for: .sts, region: "aws-global") == AWSEndpoint(host: "sts.amazonaws.com", signingRegion: "us-east-1"))
        #expect(try resolver.endpoint(for: .ec2, region: "cn-north-1").host == "ec2.cn-north-1.amazonaws.com.cn")
        #expect(try resolver.endpoint(for: .iam, region: "cn-north-1").host == "iam.cn-north-1.amazonaws.com.cn")
    }

    @Test("a malformed region is an unknown-region error", arguments: ["", "useast1", "us-east", "US-EAST-1", "us-east-1a", "us east-1", "../x-1"])
    func malformedRegion(_ region: String) {
        #expect {
            try AWSEndpointResolver().endpoint(for: .s3, region: region)
        } throws: { error in
            (error as? AWSError)?.kind == .unknownRegion && "\(error)".contains("unknown region")
        }
    }

    @Test("overrides: service variable, then global variable, then the services section, then the profile")
    func overridePrecedence() throws {
        let services = ["cloudwatch_logs": ["endpoint_url": "http://section:3"]]
        let profile = ["endpoint_url": "http://profile:4"]
        func host(_ environment: [String: String], _ service: AWSService = .cloudWatchLogs) throws -> String {
            try AWSEndpointResolver(environment: environment, profile: profile, services: services)
                .endpoint(for: service, region: "us-west-2").origin
        }
        #expect(try host(["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS": "http://specific:1", "AWS_ENDPOINT_URL": "http://global:2"]) == "http://specific:1")
        #expect(try host(["AWS_ENDPOINT_URL_S3": "http://s3:1", "AWS_ENDPOINT_URL": "http://global:2"]) == "http://global:2")
        #expect(try host([:]) == "http://section:3")
        #expect(try host([:], .iam) == "http://profile:4")
        #expect(try host(["AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2": "http://elb:5"], .elasticLoadBalancingV2) == "http://elb:5")
        let ignored = AWSEndpointResolver(environment: ["AWS_ENDPOINT_URL": "http://global:2", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"])
        #expect(try ignored.endpoint(for: .s3, region: "us-west-2").host == "s3.us-west-2.amazonaws.com")
    }

    @Test("an override keeps its path and signs in the client's region (the global one for global services)")
    func overrideShape() throws {
        let resolver = AWSEndpointResolver(environment: ["AWS_ENDPOINT_URL": "https://proxy.example:8443/aws/"])
        let endpoint = try resolver.endpoint(for: .ec2, region: "eu-west-3")
        #expect(endpoint == AWSEndpoint(scheme: "https", host: "proxy.example", port: 8443, basePath: "/aws", signingRegion: "eu-west-3", isOverride: true))
        #expect(try resolver.endpoint(for: .iam, region: "eu-west-3").signingRegion == "us-east-1")
        #expect(throws: AWSError.self) {
            try AWSEndpointResolver(environment: ["AWS_ENDPOINT_URL_S3": "ftp://x"]).endpoint(for: .s3, region: "us-east-1")
        }
    }

    @Test("the profile's services section and endpoint_url are read from the config file")
    func fromSharedConfig() throws {
        let home = try TemporaryDirectory()
        try home.write(".aws/config", """
            [profile dev]
            services = local
            endpoint_url = http://localhost:4000
            [services local]
            s3 =
              endpoint_url = http://localhost:4566
            """)
        let shared = try AWSSharedConfig.load(environment: ["HOME": home.path])
        let resolver = AWSEndpointResolver(environment: [:], shared: shared, profile: "dev")
        #expect(try resolver.endpoint(for: .s3, region: "us-east-1").origin == "http://localhost:4566")
        #expect(try resolver.endpoint(for: .sts, region: "us-east-1").origin == "http://localhost:4000")
    }

    @Test("S3 buckets: virtual-hosted when the name allows, path-style otherwise or behind an override")
    func s3Addressing() throws {
        let client = AWSClient(region: "us-west-2", credentials: nil)
        let regular = try client.endpoints.endpoint(for: .s3, region: "us-west-2")
        let virtual = client.prepare(AWSRequest(service: .s3, operation: "GetBucketPolicy", query: [("policy", "")], bucket: "acme-logs"), endpoint: regular)
        #expect(virtual.host == "acme-logs.s3.us-west-2.amazonaws.com")
        #expect(virtual.path == "/")
        let dotted = client.prepare(AWSRequest(service: .s3, operation: "GetBucketPolicy", bucket: "acme.logs"), endpoint: regular)
        #expect(dotted.host == "s3.us-west-2.amazonaws.com" && dotted.path == "/acme.logs")
        let override = AWSEndpoint(scheme: "http", host: "127.0.0.1", port: 5000, signingRegion: "us-west-2", isOverride: true)
        let pathStyle = client.prepare(AWSRequest(service: .s3, operation: "GetObject", path: "/a/b.txt", bucket: "acme-logs"), endpoint: override)
        #expect(pathStyle.host == "127.0.0.1" && pathStyle.path == "/acme-logs/a/b.txt")
    }

    @Test("a host prefix is injected only without an override")
    func hostPrefix() throws {
        let client = AWSClient(region: "us-east-1", credentials: nil)
        let request = AWSRequest(service: .s3Control, operation: "GetPublicAccessBlock", path: "/v20180820/configuration/publicAccessBlock",
                                 hostPrefix: "123456789012.")
        let regular = client.prepare(request, endpoint: try client.endpoints.endpoint(for: .s3Control, region: "us-east-1"))
        #expect(regular.host == "123456789012.s3-control.us-east-1.amazonaws.com")
        let override = AWSEndpoint(scheme: "http", host: "127.0.0.1", port: 5000, signingRegion: "us-east-1", isOverride: true)
        #expect(client.prepare(request, endpoint: override).host == "127.0.0.1")
    }

    @Test("list parameters: Name.member.N for the query protocol, Name.N for EC2")
    func listParameters() {
        var query = QueryParameters(for: .iam)
        query.list("Names", ["a", "b"])
        #expect(query.pairs.map { "\($0.name)=\($0.value)" } == ["Names.member.1=a", "Names.member.2=b"])
        var ec2 = QueryParameters(for: .ec2)
        ec2.list("InstanceId", ["i-1", "i-2"])
        ec2.structures("Filter", [["Name": "vpc-id"], ["Name": "state"]])
        #expect(ec2.pairs.map { "\($0.name)=\($0.value)" } == ["InstanceId.1=i-1", "InstanceId.2=i-2", "Filter.1.Name=vpc-id", "Filter.2.Name=state"])
    }
}

@Suite("Configured client")
struct ConfiguredClientTests {
    @Test("an unknown profile and a missing region are clear errors before any call")
    func configurationErrors() throws {
        let home = try TemporaryDirectory()
        try home.write(".aws/credentials", "[ops]\naws_access_key_id = AKIDOPS\naws_secret_access_key = ops-secret-not-real\n")
        let environment = ["HOME": home.path]
        #expect {
            try AWSClient.configured(profile: "prd", environment: environment, homeDirectory: home.path)
        } throws: { error in
            (error as? AWSError)?.kind == .credentials && "\(error)".contains("\"prd\" is not defined") && "\(error)".contains("ops")
        }
        #expect {
            try AWSClient.configured(profile: "ops", environment: environment, homeDirectory: home.path)
        } throws: { error in
            "\(error)".contains("no AWS region for profile \"ops\"") && !"\(error)".contains("ops-secret-not-real")
        }
        let client = try AWSClient.configured(profile: "ops", region: "ap-northeast-1", environment: environment, homeDirectory: home.path)
        #expect(client.region == "ap-northeast-1")
        #expect(client.credentials?.source.contains("AKIDOPS") == true)
    }

    @Test("AWS_MAX_ATTEMPTS, else the profile's max_attempts, sets the attempts; a bad value is an error")
    func maxAttempts() throws {
        let home = try TemporaryDirectory()
        try home.write(".aws/config", "[default]\nregion = us-east-1\nmax_attempts = 7\n[profile bad]\nregion = us-east-1\nmax_attempts = many\n")
        let keys = ["HOME": home.path, "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "s"]
        #expect(try AWSClient.configured(environment: keys, homeDirectory: home.path).retry.maxAttempts == 7)
        let fromEnvironment = keys.merging(["AWS_MAX_ATTEMPTS": "2"]) { $1 }
        #expect(try AWSClient.configured(environment: fromEnvironment, homeDirectory: home.path).retry.maxAttempts == 2)
        let explicit = RetryPolicy(maxAttempts: 5)
        #expect(try AWSClient.configured(environment: fromEnvironment, homeDirectory: home.path, retry: explicit).retry.maxAttempts == 5)
        #expect {
            try AWSClient.configured(profile: "bad", environment: keys, homeDirectory: home.path)
        } throws: { "\($0)".contains("max_attempts of profile \"bad\" must be a whole number") }
        #expect {
            try AWSClient.configured(environment: keys.merging(["AWS_MAX_ATTEMPTS": "0"]) { $1 }, homeDirectory: home.path)
        } throws: { "\($0)".contains("AWS_MAX_ATTEMPTS must be a whole number") }
    }
}
