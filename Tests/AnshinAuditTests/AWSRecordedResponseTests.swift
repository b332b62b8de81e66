@testable import AnshinAudit
import AnshinAWS
import AnshinCore
import AnshinHTTP
import AnshinTesting
import Foundation
import Testing

/// The parts of the live audit moto cannot exercise, covered with responses shaped as AWS
/// documents them: moto's credential report has no `<root_account>` row, and moto cannot receive
/// S3 Control's requests at `{account}.s3-control.{region}.amazonaws.com` (the account id is in
/// the host name, which only real AWS resolves).
@Suite struct AWSRecordedResponseTests {
    static let fixtures = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/aws")

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func theCredentialReportGivesUsersAndRoot() throws {
        let report = try #require(CredentialReport.parse(try Self.fixture("credential-report.csv")))
        let root = try #require(report.root)
        #expect(root.passwordLastUsed == Self.date("2026-10-30T08:12:44Z"))
        #expect(root.accessKeyLastUsed == Self.date("2026-09-01T10:00:00Z"))
        #expect(root.anyAccessKeyActive)
        let alice = try #require(report.users["alice"])
        #expect(alice.passwordEnabled)
        #expect(alice.passwordLastUsed == Self.date("2026-11-01T12:00:00Z"))
        #expect(alice.accessKeys.map(\.number) == [1])
        #expect(alice.accessKeys.first?.lastUsed == Self.date("2026-11-20T03:00:00Z"))
        let bob = try #require(report.users["bob"])
        #expect(bob.passwordLastUsed == nil, "no_information means never used")
        #expect(bob.accessKeys.first?.lastUsed == nil)
        #expect(report.users["<root_account>"] == nil)
    }

    @Test func theRootRowFeedsTheRootChecks() throws {
        let report = try #require(CredentialReport.parse(try Self.fixture("credential-report.csv")))
        var inventory = Inventory(source: .aws)
        inventory.account = "111111111111"
        inventory.clock = Clock(now: Self.date("2026-11-27T00:00:00Z"))
        inventory.rootUser = LiveReader.rootUser(summary: ["AccountMFAEnabled": 1, "AccountAccessKeysPresent": 1, "AccountPasswordPresent": 1],
                                                 rootHasVirtualMFA: true, report: report)
        #expect(inventory.rootUser.hardwareMFA == .known(false))
        #expect(inventory.rootUser.lastUsed == .known(Self.date("2026-10-30T08:12:44Z")))
        let rules = Set(CheckCatalog.evaluate(inventory).map(\.ruleID))
        #expect(rules.isSuperset(of: ["root-user-access-keys", "root-user-hardware-mfa", "root-user-recent-use"]))
        #expect(!rules.contains("root-user-mfa"))
        let withoutSummary = LiveReader.rootUser(summary: [:], rootHasVirtualMFA: nil, report: report)
        #expect(withoutSummary.accessKeysPresent == .known(true), "the report's active key slot")
        #expect(withoutSummary.mfaEnabled == .unknown)
        #expect(LiveReader.rootUser(summary: [:], rootHasVirtualMFA: nil, report: nil).accessKeysPresent == .unknown)
    }

    @Test func aMalformedReportNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("user,arn,password_enabled,true,N/A,<root_account>\n\r2026-01-01T00:00:00+00:00,\u{0}é")
        for _ in 0..<500 {
            let text = String((0..<Int.random(in: 0...300, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            _ = CredentialReport.parse(text)
        }
        #expect(CredentialReport.parse("") == nil)
        #expect(CredentialReport.parse("not,a,report\n1,2,3") == nil)
        #expect(CredentialReport.parse("user,user_creation_time\nalice,yesterday")?.users.isEmpty == true)
    }

    @Test func theAccountBlockIsAskedOfTheAccountsHost() async throws {
        let recorded = try Self.fixture("s3control-get-public-access-block.xml")
        let transport = RecordingTransport(response: HTTPResponse(status: 200, body: Array(recorded.utf8)))
        let client = AWSClient(region: "ap-northeast-1",
                               credentials: CredentialProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "not-a-real-secret-key")),
                               transport: transport)
        let reader = LiveReader(client: client, account: "111111111111", environment: "prd", gaps: LiveGaps(), perResourceConcurrency: 1)
        let block = await reader.accountPublicAccessBlock()
        #expect(block == .known(PublicAccessBlock(blockPublicACLs: .known(true), ignorePublicACLs: .known(true),
                                                  blockPublicPolicy: .known(false), restrictPublicBuckets: .known(true))))
        let request = try #require(transport.requests.first)
        #expect(request.host == "111111111111.s3-control.ap-northeast-1.amazonaws.com")
        #expect(request.path == "/v20180820/configuration/publicAccessBlock")
        #expect(request.headerValues("x-amz-account-id") == ["111111111111"])
        #expect(request.method == "GET")
    }

    /// moto has no `ListResourcesForWebACL`: a regional web ACL's load balancers, as the WAFv2
    /// API documents its responses, become flows from the ACL to each balancer.
    @Test func aWebACLProtectsItsLoadBalancers() async throws {
        let acl = "arn:aws:wafv2:us-east-1:111111111111:regional/webacl/edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
        let balancer = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/50dc6c495c0c9188"
        let transport = RecordingTransport { request in
            let target = request.headerValues("x-amz-target").first ?? ""
            let body: String
            var status = 200
            if target.hasSuffix(".ListWebACLs") {
                body = #"{"WebACLs":[{"ARN":"\#(acl)","Id":"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111","Name":"edge","LockToken":"t","Description":""}]}"#
            } else if target.hasSuffix(".ListResourcesForWebACL") {
                body = #"{"ResourceArns":["\#(balancer)"]}"#
            } else {
                status = 400
                body = #"{"__type":"WAFNonexistentItemException","Message":"no logging configuration"}"#
            }
            return HTTPResponse(status: status, headers: [("Content-Type", "application/x-amz-json-1.1")], body: Array(body.utf8))
        }
        let client = AWSClient(region: "us-east-1", credentials: CredentialProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "not-a-real-secret-key")),
                               transport: transport, retry: RetryPolicy(maxAttempts: 1))
        let reader = LiveReader(client: client, account: "111111111111", environment: nil, gaps: LiveGaps(), perResourceConcurrency: 1)
        let acls = try await reader.webACLs(client, scope: "REGIONAL")
        #expect(acls.map(\.reference.identifier) == [acl])
        #expect(acls.first?.logging == .known(false))
        #expect(reader.requestFlows.all == [RequestFlow(from: acl, to: balancer)])
        let asked = transport.requests.compactMap { $0.headerValues("x-amz-target").first }
        #expect(asked.contains("AWSWAF_20190729.ListResourcesForWebACL"))
        // A CloudFront ACL is attached by the distribution, which says so itself: not asked.
        let cloudFront = LiveReader(client: client, account: "111111111111", environment: nil, gaps: LiveGaps(), perResourceConcurrency: 1)
        _ = try await cloudFront.webACLs(client, scope: "CLOUDFRONT")
        #expect(cloudFront.requestFlows.all.isEmpty)
    }

    @Test func anAccountWithoutABlockIsKnownToHaveNone() async throws {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ErrorResponse><Error><Code>NoSuchPublicAccessBlockConfiguration</Code><Message>The public access block configuration was not found</Message></Error><RequestId>4B7B</RequestId></ErrorResponse>
            """
        let transport = RecordingTransport(response: HTTPResponse(status: 404, body: Array(body.utf8)))
        let client = AWSClient(region: "us-east-1", credentials: CredentialProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "not-a-real-secret-key")),
                               transport: transport)
        let gaps = LiveGaps()
        let reader = LiveReader(client: client, account: "111111111111", environment: nil, gaps: gaps, perResourceConcurrency: 1)
        #expect(await reader.accountPublicAccessBlock() == .known(nil))
        #expect(gaps.notes(account: "111111111111").isEmpty)
    }

    @Test func aDeniedCallBecomesOneNoteNamingTheAction() async throws {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>4B7C</RequestId></Error>
            """
        let transport = RecordingTransport(response: HTTPResponse(status: 403, body: Array(body.utf8)))
        let client = AWSClient(region: "us-east-1", credentials: CredentialProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "not-a-real-secret-key")),
                               transport: transport, retry: RetryPolicy(maxAttempts: 1))
        let gaps = LiveGaps()
        let reader = LiveReader(client: client, account: "111111111111", environment: nil, gaps: gaps, perResourceConcurrency: 1)
        #expect(await reader.accountPublicAccessBlock() == .unknown)
        #expect(await reader.accountPublicAccessBlock() == .unknown)
        let notes = gaps.notes(account: "111111111111")
        #expect(notes.map(\.message) == ["account 111111111111: S3 Control not assessed (s3:GetPublicAccessBlock): access denied; allow s3:GetPublicAccessBlock"])
        #expect(notes.first?.kind == .notAssessed)
    }
}

/// IAM's answers for one user with one access key, with `GetAccessKeyLastUsed` denied: the
/// shapes are IAM's documented query-protocol responses.
@Suite struct DeniedLastUseTests {
    static func iam(_ action: String, _ result: String) -> HTTPResponse {
        let body = """
            <\(action)Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><\(action)Result>\(result)</\(action)Result>\
            <ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata></\(action)Response>
            """
        return HTTPResponse(status: 200, body: Array(body.utf8))
    }

    static func error(_ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        let body = """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>\(code)</Code>\
            <Message>\(message)</Message></Error><RequestId>4B7D</RequestId></ErrorResponse>
            """
        return HTTPResponse(status: status, body: Array(body.utf8))
    }

    static let answers: [String: HTTPResponse] = [
        "ListUsers": iam("ListUsers", """
            <Users><member><Path>/</Path><UserName>ci</UserName><UserId>AIDAEXAMPLE</UserId>\
            <Arn>arn:aws:iam::111111111111:user/ci</Arn><CreateDate>2021-04-01T00:00:00Z</CreateDate></member></Users>\
            <IsTruncated>false</IsTruncated>
            """),
        "ListAccessKeys": iam("ListAccessKeys", """
            <UserName>ci</UserName><AccessKeyMetadata><member><UserName>ci</UserName><AccessKeyId>AKIAIOSFODNN7EXAMPLE</AccessKeyId>\
            <Status>Active</Status><CreateDate>2021-04-01T00:00:00Z</CreateDate></member></AccessKeyMetadata><IsTruncated>false</IsTruncated>
            """),
        "GetAccessKeyLastUsed": error(403, "AccessDenied",
            "User: arn:aws:iam::111111111111:user/auditor is not authorized to perform: iam:GetAccessKeyLastUsed on resource: user ci"),
        "GetLoginProfile": error(404, "NoSuchEntity", "The user with name ci cannot be found."),
        "ListMFADevices": iam("ListMFADevices", "<MFADevices/><IsTruncated>false</IsTruncated>"),
        "ListAttachedUserPolicies": iam("ListAttachedUserPolicies", "<AttachedPolicies/><IsTruncated>false</IsTruncated>"),
        "ListUserPolicies": iam("ListUserPolicies", "<PolicyNames/><IsTruncated>false</IsTruncated>"),
    ]

    @Test func aDeniedLastUseIsNotReadAsNeverUsed() async throws {
        let transport = RoutingTransport { request in
            guard case .bytes(let body) = request.body,
                  let action = String(decoding: body, as: UTF8.self).split(separator: "&")
                    .first(where: { $0.hasPrefix("Action=") })?.dropFirst("Action=".count) else { return nil }
            return Self.answers[String(action)]
        }
        let client = AWSClient(region: "us-east-1", credentials: CredentialProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "not-a-real-secret-key")),
                               transport: transport, retry: RetryPolicy(maxAttempts: 1))
        let gaps = LiveGaps()
        let reader = LiveReader(client: client, account: "111111111111", environment: nil, gaps: gaps, perResourceConcurrency: 1)
        let users = try await reader.iamUsers(report: nil)
        let key = try #require(users.first?.accessKeys.first)
        #expect(key.status == .known("Active"))
        #expect(key.lastUsed == .unknown)
        #expect(users.first?.hasConsolePassword == .known(false))

        var inventory = Inventory(source: .aws)
        inventory.account = "111111111111"
        inventory.iamUsers = users
        let finding = try #require(IAMUserAccessKeys().evaluate(inventory).first?.message)
        #expect(finding.hasSuffix("created 2021-04-01T00:00:00Z, last use not known"), "\(finding)")
        #expect(!finding.contains("never used"))
        let notes = gaps.notes(account: "111111111111").map(\.message)
        #expect(notes.count == 1)
        #expect(notes.first?.contains("iam:GetAccessKeyLastUsed") == true, "\(notes)")
    }
}

/// Who holds the AWS managed AdministratorAccess, from IAM's documented `ListEntitiesForPolicy`
/// answer, over two pages. moto attaches AWS managed policies only when started with
/// `MOTO_IAM_LOAD_MANAGED_POLICIES`, which would load a thousand policies into every account of
/// the shared server.
@Suite struct AdministratorAccessEntitiesTests {
    static let pages = [
        DeniedLastUseTests.iam("ListEntitiesForPolicy", """
            <PolicyRoles><member><RoleName>deployer</RoleName><RoleId>AROAEXAMPLE1</RoleId></member>\
            <member><RoleName>AWSReservedSSO_AdministratorAccess_0123456789abcdef</RoleName><RoleId>AROAEXAMPLE2</RoleId></member></PolicyRoles>\
            <PolicyGroups><member><GroupName>ops</GroupName><GroupId>AGPAEXAMPLE1</GroupId></member></PolicyGroups>\
            <PolicyUsers/><IsTruncated>true</IsTruncated><Marker>page-2</Marker>
            """),
        DeniedLastUseTests.iam("ListEntitiesForPolicy", """
            <PolicyRoles/><PolicyGroups/><PolicyUsers><member><UserName>bootstrap</UserName><UserId>AIDAEXAMPLE1</UserId></member></PolicyUsers>\
            <IsTruncated>false</IsTruncated>
            """),
    ]

    @Test func directAttachmentsAreReportedAndIdentityCenterRolesAreNot() async throws {
        let bodies = LockedValue<[String]>([])
        let transport = RoutingTransport { request in
            guard case .bytes(let bytes) = request.body else { return nil }
            let body = String(decoding: bytes, as: UTF8.self)
            bodies.withLock { $0.append(body) }
            guard body.contains("Action=ListEntitiesForPolicy") else { return nil }
            return body.contains("Marker=page-2") ? Self.pages[1] : Self.pages[0]
        }
        let client = AWSClient(region: "us-east-1", credentials: CredentialProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "not-a-real-secret-key")),
                               transport: transport, retry: RetryPolicy(maxAttempts: 1))
        let reader = LiveReader(client: client, account: "111111111111", environment: nil, gaps: LiveGaps(), perResourceConcurrency: 1)
        let attachments = try await reader.administratorAccessAttachments()
        #expect(attachments.map { "\($0.principal.rawValue):\($0.principalName)" } == ["group:ops", "role:deployer", "user:bootstrap"])
        #expect(bodies.withLock { $0 }.first?.contains("PolicyArn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FAdministratorAccess") == true)

        var inventory = Inventory(source: .aws)
        inventory.account = "111111111111"
        inventory.policyAttachments = attachments
        let findings = IAMAdministratorAccessAttached().evaluate(inventory)
        #expect(findings.compactMap(\.resource?.identifier) == ["ops", "deployer", "bootstrap"])
        #expect(findings.allSatisfy { $0.severity == .high })
    }
}

@Suite struct DriftTests {
    func bucket(_ name: String, source: Inventory.Source) -> S3Bucket {
        S3Bucket(reference: ResourceReference(kind: source == .aws ? "AWS::S3::Bucket" : "aws_s3_bucket",
                                              identifier: source == .aws ? name : "aws_s3_bucket.data", name: name,
                                              location: source == .aws ? nil : Location(path: "s3.tf", line: 3)))
    }

    @Test func onlySettingsKnownOnBothSidesAreCompared() {
        var code = Inventory(source: .terraform, environment: "prd")
        var live = Inventory(source: .aws)
        var declared = bucket("acme-data", source: .terraform)
        declared.versioning = .unknown
        declared.encryption = .known(BucketEncryption(algorithm: .unknown))
        declared.publicAccessBlock = .known(PublicAccessBlock(blockPublicACLs: .unknown, ignorePublicACLs: .known(true),
                                                              blockPublicPolicy: .known(true), restrictPublicBuckets: .known(true)))
        var actual = bucket("acme-data", source: .aws)
        actual.versioning = .known(.suspended)
        actual.encryption = .known(BucketEncryption(algorithm: .known("AES256")))
        code.s3Buckets = [declared]
        live.s3Buckets = [actual]
        #expect(Drift.findings(terraform: code, live: live).isEmpty, "nothing known on both sides differs")

        declared.versioning = .known(.enabled)
        declared.encryption = .known(nil)
        declared.logging = .known(true)
        code.s3Buckets = [declared]
        let findings = Drift.findings(terraform: code, live: live)
        #expect(findings.count == 1)
        #expect(findings.first?.message == "Bucket acme-data: the Terraform for prd (aws_s3_bucket.data) declares default encryption none, the live bucket has AES256; versioning Enabled, the live bucket has Suspended; access logging on, the live bucket has off")
        #expect(findings.first?.location?.path == "s3.tf")
        #expect(findings.first?.resource?.environment == "prd")
    }

    @Test func databasesAndLogGroupsDriftToo() throws {
        var code = Inventory(source: .terraform, environment: "prd")
        var live = Inventory(source: .aws)
        var declared = Database(reference: ResourceReference(kind: "aws_db_instance", identifier: "aws_db_instance.main", name: "acme-prd",
                                                             location: Location(path: "rds.tf", line: 43)), kind: .instance)
        declared.multiAZ = .known(true)
        declared.storageEncrypted = .known(true)
        declared.backupRetentionDays = .known(14)
        declared.deletionProtection = .unknown
        var actual = Database(reference: ResourceReference(kind: "AWS::RDS::DBInstance", identifier: "acme-prd"), kind: .instance)
        actual.multiAZ = .known(false)
        actual.storageEncrypted = .known(true)
        actual.backupRetentionDays = .known(1)
        actual.deletionProtection = .known(true)
        // A cluster of the same name is another resource.
        let cluster = Database(reference: ResourceReference(kind: "AWS::RDS::DBCluster", identifier: "acme-prd"), kind: .cluster)
        code.databases = [declared]
        live.databases = [cluster, actual]
        var group = LogGroup(reference: ResourceReference(kind: "aws_cloudwatch_log_group", identifier: "aws_cloudwatch_log_group.app",
                                                          name: "/acme/app", location: Location(path: "logs.tf", line: 8)))
        group.retentionDays = .known(30)
        var liveGroup = LogGroup(reference: ResourceReference(kind: "AWS::Logs::LogGroup", identifier: "/acme/app"))
        liveGroup.retentionDays = .known(nil)
        code.logGroups = [group]
        live.logGroups = [liveGroup]

        let findings = Drift.findings(terraform: code, live: live)
        #expect(findings.map(\.ruleID) == ["drift-rds-database", "drift-log-group"])
        #expect(findings.first?.message == "Database acme-prd: the Terraform for prd (aws_db_instance.main) declares Multi-AZ on, the live database has off; backup retention 14 days, the live database has 1 day")
        #expect(findings.first?.location?.path == "rds.tf")
        #expect(findings.last?.message == "Log group /acme/app: the Terraform for prd (aws_cloudwatch_log_group.app) declares retention 30 days, the live log group has none (events never expire)")
        #expect(findings.last?.resource?.identifier == "/acme/app")
        // The same retention on both sides is no drift.
        liveGroup.retentionDays = .known(30)
        live.logGroups = [liveGroup]
        #expect(!Drift.findings(terraform: code, live: live).contains { $0.ruleID == "drift-log-group" })
    }

    @Test func bucketsOnlyOnOneSideAreNotDrift() {
        var code = Inventory(source: .terraform, environment: "prd")
        code.s3Buckets = [bucket("only-in-code", source: .terraform)]
        var live = Inventory(source: .aws)
        live.s3Buckets = [bucket("only-live", source: .aws)]
        #expect(Drift.findings(terraform: code, live: live).isEmpty)
    }
}
