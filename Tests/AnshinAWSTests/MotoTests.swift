import AnshinAWS
import AnshinHTTP
import AnshinTesting
import Foundation
import Testing

/// The client, the protocols and the credential chain against a real moto server.
@Suite("Against moto")
struct MotoTests {
    static func client(region: String = "us-east-1") throws -> AWSClient {
        try AWSClient.configured(environment: MotoServer.shared().environment(region: region), homeDirectory: "/nonexistent")
    }

    // MARK: Credential chain

    @Test("GetCallerIdentity with keys from the environment")
    func callerIdentity() async throws {
        let identity = try await STSClient(client: Self.client()).getCallerIdentity()
        #expect(identity.account == "123456789012")
        #expect(identity.arn.hasPrefix("arn:aws:sts::123456789012:") || identity.arn.hasPrefix("arn:aws:iam::123456789012:"))
    }

    @Test("source_profile + role_arn from real files: AssumeRole with external id and MFA, then calls as the role")
    func assumeRoleChain() async throws {
        let moto = try MotoServer.shared()
        let home = try TemporaryDirectory()
        let role = MotoServer.uniqueName("auditor")
        try home.write(".aws/credentials", "[base]\naws_access_key_id = AKIDBASEKEY000000000\naws_secret_access_key = base-secret-not-real\n")
        try home.write(".aws/config", """
            [profile audit]
            source_profile = base
            role_arn = arn:aws:iam::123456789012:role/\(role)
            external_id = acme-external
            mfa_serial = arn:aws:iam::123456789012:mfa/ana
            role_session_name = anshin-test
            duration_seconds = 1800
            region = eu-west-1
            """)
        let prompts = Counter()
        let client = try AWSClient.configured(profile: "audit", environment: ["HOME": home.path, "AWS_ENDPOINT_URL": moto.endpoint],
                                              homeDirectory: home.path, mfaTokenCode: { serial in
                                                  #expect(serial == "arn:aws:iam::123456789012:mfa/ana")
                                                  _ = prompts.next()
                                                  return "123456"
                                              })
        #expect(client.region == "eu-west-1")
        let identity = try await STSClient(client: client).getCallerIdentity()
        #expect(identity.arn == "arn:aws:sts::123456789012:assumed-role/\(role)/anshin-test")
        let credentials = try #require(try await client.credentials?.credentials())
        #expect(credentials.accessKeyID.hasPrefix("ASIA"))
        #expect(credentials.expiration != nil)
        // The cached role credentials serve later calls: one AssumeRole, one MFA prompt.
        _ = try await STSClient(client: client).getCallerIdentity()
        #expect(prompts.count == 1)
    }

    @Test("assumingRole: a member-account client whose calls run as the assumed role")
    func memberAccount() async throws {
        let role = MotoServer.uniqueName("OrganizationAccountAccessRole")
        let member = try Self.client().assumingRole("arn:aws:iam::222222222222:role/\(role)", sessionName: "anshin-org")
        let identity = try await STSClient(client: member.inRegion("eu-central-1")).getCallerIdentity()
        #expect(identity.arn == "arn:aws:sts::222222222222:assumed-role/\(role)/anshin-org")
        #expect(identity.account == "222222222222")
    }

    @Test("web identity from a token file: AssumeRoleWithWebIdentity, unsigned")
    func webIdentity() async throws {
        let moto = try MotoServer.shared()
        let home = try TemporaryDirectory()
        let token = try home.write("oidc-token", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmFjbWUvaW5mcmEifQ.c2ln\n")
        let role = MotoServer.uniqueName("ci")
        let client = try AWSClient.configured(environment: ["HOME": home.path, "AWS_ENDPOINT_URL": moto.endpoint, "AWS_REGION": "us-east-1",
                                                            "AWS_WEB_IDENTITY_TOKEN_FILE": token.path,
                                                            "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/\(role)",
                                                            "AWS_ROLE_SESSION_NAME": "github-actions"],
                                              homeDirectory: home.path)
        let identity = try await STSClient(client: client).getCallerIdentity()
        #expect(identity.arn == "arn:aws:sts::123456789012:assumed-role/\(role)/github-actions")
    }

    @Test("credential_process from a real script, then a call with what it printed")
    func credentialProcess() async throws {
        let moto = try MotoServer.shared()
        let home = try TemporaryDirectory()
        let script = try home.write("creds", """
            #!/bin/sh
            printf '{"Version": 1, "AccessKeyId": "AKIDPROCESS000000000", "SecretAccessKey": "process-secret-not-real"}'
            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        try home.write(".aws/config", "[default]\ncredential_process = \(script.path)\nregion = us-east-1\n")
        let client = try AWSClient.configured(environment: ["HOME": home.path, "AWS_ENDPOINT_URL": moto.endpoint], homeDirectory: home.path)
        #expect(try await client.credentials?.credentials().accessKeyID == "AKIDPROCESS000000000")
        #expect(try await STSClient(client: client).getCallerIdentity().account == "123456789012")
    }

    // MARK: Protocols

    @Test("query protocol: IAM CreateRole, then ListRoles page by page with Marker and IsTruncated")
    func iamPagination() async throws {
        let client = try Self.client()
        let path = "/\(MotoServer.uniqueName("team"))/"
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
        let names = (0..<5).map { "role\($0)-\(UUID().uuidString.prefix(6))" }
        for name in names {
            _ = try await client.query(service: .iam, action: "CreateRole",
                                       parameters: ["RoleName": name, "Path": path, "AssumeRolePolicyDocument": trust])
        }
        let parameters = QueryParameters(for: .iam, ["PathPrefix": path, "MaxItems": "2"])
        let pages = try await client.queryPages(service: .iam, action: "ListRoles", parameters: parameters, truncatedFlag: "IsTruncated").collect()
        #expect(pages.map { $0.all("Roles/member").count } == [2, 2, 1])
        #expect(Set(pages.flatMap { $0.all("Roles/member").compactMap { $0.value("RoleName") } }) == Set(names))
        // Moto answers ListUsers in one page whatever MaxItems says; the users come back whole.
        let user = MotoServer.uniqueName("ana")
        _ = try await client.query(service: .iam, action: "CreateUser", parameters: ["UserName": user, "Path": path])
        let users = try await client.queryPages(service: .iam, action: "ListUsers", parameters: QueryParameters(for: .iam, ["PathPrefix": path]),
                                                truncatedFlag: "IsTruncated").collect()
        #expect(users.flatMap { $0.all("Users/member") }.compactMap { $0.value("UserName") } == [user])
    }

    @Test("REST-XML: S3 CreateBucket, ListBuckets, GetBucketEncryption before and after PutBucketEncryption")
    func s3() async throws {
        let client = try Self.client()
        let bucket = MotoServer.uniqueName("anshin-logs")
        _ = try await client.rest(service: .s3, operation: "CreateBucket", method: "PUT", bucket: bucket)
        let list = try await client.restXML(service: .s3, operation: "ListBuckets")
        #expect(list.all("Buckets/Bucket").compactMap { $0.value("Name") }.contains(bucket))
        await #expect {
            try await client.restXML(service: .s3, operation: "GetBucketEncryption", query: [("encryption", "")], bucket: bucket)
        } throws: { error in
            (error as? AWSError)?.code == "ServerSideEncryptionConfigurationNotFoundError" && (error as? AWSError)?.statusCode == 404
        }
        let configuration = """
            <ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ApplyServerSideEncryptionByDefault>\
            <SSEAlgorithm>aws:kms</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>
            """
        _ = try await client.rest(service: .s3, operation: "PutBucketEncryption", method: "PUT", query: [("encryption", "")],
                                  body: Array(configuration.utf8), bucket: bucket)
        let encryption = try await client.restXML(service: .s3, operation: "GetBucketEncryption", query: [("encryption", "")], bucket: bucket)
        #expect(encryption.value("Rule/ApplyServerSideEncryptionByDefault/SSEAlgorithm") == "aws:kms")
    }

    @Test("REST-XML pagination: S3 ListObjectsV2 with continuation-token and NextContinuationToken")
    func s3Pagination() async throws {
        let client = try Self.client()
        let bucket = MotoServer.uniqueName("anshin-pages")
        _ = try await client.rest(service: .s3, operation: "CreateBucket", method: "PUT", bucket: bucket)
        let keys = ["a/1.txt", "a/2 two.txt", "b/3+three.txt"]
        for key in keys {
            let path = "/" + key.split(separator: "/").map { PercentEncoding.encode(String($0)) }.joined(separator: "/")
            _ = try await client.rest(service: .s3, operation: "PutObject", method: "PUT", path: path, body: Array(key.utf8), bucket: bucket)
        }
        let pages = try await client.restXMLPages(service: .s3, operation: "ListObjectsV2", query: [("list-type", "2"), ("max-keys", "2")],
                                                  bucket: bucket, inputToken: "continuation-token", outputToken: "NextContinuationToken",
                                                  truncatedFlag: "IsTruncated").collect()
        #expect(pages.map { $0.children("Contents").count } == [2, 1])
        #expect(pages.flatMap { $0.children("Contents").compactMap { $0.value("Key") } } == keys)
    }

    @Test("JSON 1.1: CloudWatch Logs CreateLogGroup, then DescribeLogGroups with NextToken pagination")
    func logs() async throws {
        let client = try Self.client(region: "ap-northeast-1")
        let prefix = "/\(MotoServer.uniqueName("app"))/"
        for index in 0..<3 {
            _ = try await client.json(service: .cloudWatchLogs, operation: "CreateLogGroup", body: ["logGroupName": .string(prefix + "g\(index)")])
        }
        let pages = try await client.jsonPages(service: .cloudWatchLogs, operation: "DescribeLogGroups",
                                               body: ["logGroupNamePrefix": .string(prefix), "limit": 2],
                                               inputToken: "nextToken", outputToken: "nextToken").collect()
        let groups = pages.flatMap { $0["logGroups"]?.array ?? [] }.compactMap { $0["logGroupName"]?.string }
        #expect(groups == ["g0", "g1", "g2"].map { prefix + $0 })
        #expect(pages.count == 2)
    }

    @Test("REST-JSON: Lambda ListFunctions")
    func lambda() async throws {
        let response = try await Self.client().restJSON(service: .lambda, operation: "ListFunctions", path: "/2015-03-31/functions/")
        #expect(response["Functions"]?.array != nil)
    }

    @Test("EC2 query: DescribeRegions and the default VPC with a filter list")
    func ec2() async throws {
        let client = try Self.client(region: "eu-west-1")
        let regions = try await client.query(service: .ec2, action: "DescribeRegions")
        #expect(regions.all("regionInfo/item").compactMap { $0.value("regionName") }.contains("eu-west-1"))
        var parameters = QueryParameters(for: .ec2)
        parameters.structures("Filter", [["Name": "isDefault"]])
        parameters.list("Filter.1.Value", ["true"])
        #expect(parameters.pairs.map(\.name) == ["Filter.1.Name", "Filter.1.Value.1"])
        let vpcs = try await client.query(service: .ec2, action: "DescribeVpcs", parameters: parameters)
        let items = vpcs.all("vpcSet/item")
        #expect(items.count == 1)
        #expect(items.first?.value("isDefault") == "true")
    }

    @Test("an error from moto is typed: IAM GetUser of an unknown user")
    func serviceError() async throws {
        let name = MotoServer.uniqueName("nobody")
        await #expect {
            try await Self.client().query(service: .iam, action: "GetUser", parameters: ["UserName": name])
        } throws: { error in
            guard let error = error as? AWSError else { return false }
            return error.kind == .service && error.code == "NoSuchEntity" && error.statusCode == 404 && error.service == "IAM"
                && error.operation == "GetUser" && error.message.contains(name)
        }
    }

    @Test("a malformed region fails before any call")
    func unknownRegion() async throws {
        await #expect {
            try await Self.client(region: "moon-base").query(service: .ec2, action: "DescribeVpcs")
        } throws: { error in
            (error as? AWSError)?.kind == .unknownRegion && "\(error)".contains("moon-base")
        }
    }
}
