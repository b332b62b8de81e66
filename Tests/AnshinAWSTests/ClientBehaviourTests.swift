@testable import AnshinAWS
import AnshinHTTP
import AnshinTesting
import Foundation
import Testing

/// Retries, error mapping and redaction, against a real loopback HTTP server scripted to fail.
@Suite("AWS client behaviour")
struct ClientBehaviourTests {
    static let secret = "loopback-secret-" + "value-not-real"
    static let token = "loopback-session-" + "token-not-real"

    /// Records the delays the client asked to wait, without waiting.
    final class Sleeps: @unchecked Sendable {
        private let lock = NSLock()
        private var delays: [Duration] = []
        var all: [Duration] { lock.withLock { delays } }
        func record(_ delay: Duration) { lock.withLock { delays.append(delay) } }
    }

    static func client(_ server: LoopbackHTTPServer, attempts: Int = 3, sleeps: Sleeps = Sleeps(), region: String = "us-east-1") -> AWSClient {
        let credentials = CredentialProvider(AWSCredentials(accessKeyID: "AKIDLOOPBACK", secretAccessKey: secret, sessionToken: token))
        let retry = RetryPolicy(maxAttempts: attempts, sleep: { sleeps.record($0) }, random: { 0.5 })
        return AWSClient(region: region, credentials: credentials,
                         endpoints: AWSEndpointResolver(environment: ["AWS_ENDPOINT_URL": server.endpoint]), retry: retry)
    }

    static func xml(_ status: Int, _ body: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/xml")], body: Array(body.utf8))
    }

    static let throttled = xml(400, "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r-1</RequestId></ErrorResponse>")
    static let success = xml(200, "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/ana</Arn><UserId>AIDA</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>")

    @Test("503 then throttling then success: three signed attempts, backoff doubling with jitter")
    func retriesThenSucceeds() async throws {
        let server = try await LoopbackHTTPServer.scripted([Self.xml(503, ""), Self.throttled, Self.success])
        defer { Task { await server.stop() } }
        let sleeps = Sleeps()
        let identity = try await STSClient(client: Self.client(server, sleeps: sleeps)).getCallerIdentity()
        #expect(identity == CallerIdentity(account: "123456789012", arn: "arn:aws:iam::123456789012:user/ana", userID: "AIDA"))
        #expect(server.requests.count == 3)
        #expect(server.requests.allSatisfy { $0.header("Authorization")?.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDLOOPBACK/") == true })
        #expect(server.requests.allSatisfy { $0.header("X-Amz-Security-Token") == Self.token })
        #expect(server.requests[0].bodyText == "Action=GetCallerIdentity&Version=2011-06-15")
        // Full jitter at 0.5 of base × 2^retry: 50 ms, then 100 ms.
        #expect(sleeps.all == [.milliseconds(50), .milliseconds(100)])
    }

    @Test("throttling on every attempt gives up after max attempts with a throttled error")
    func givesUp() async throws {
        let server = try await LoopbackHTTPServer.scripted([Self.throttled])
        defer { Task { await server.stop() } }
        let sleeps = Sleeps()
        await #expect {
            try await Self.client(server, attempts: 4, sleeps: sleeps).query(service: .iam, action: "ListUsers")
        } throws: { error in
            guard let error = error as? AWSError else { return false }
            return error.kind == .throttled && error.code == "Throttling" && error.requestID == "r-1" && error.statusCode == 400
                && error.service == "IAM" && error.operation == "ListUsers"
        }
        #expect(server.requests.count == 4)
        #expect(sleeps.all.count == 3)
    }

    @Test("a client error that is not throttling is not retried")
    func noRetryOnClientError() async throws {
        let server = try await LoopbackHTTPServer.scripted([
            Self.xml(404, "<ErrorResponse><Error><Code>NoSuchEntity</Code><Message>The user with name x cannot be found.</Message></Error></ErrorResponse>"),
        ])
        defer { Task { await server.stop() } }
        await #expect {
            try await Self.client(server).query(service: .iam, action: "GetUser", parameters: ["UserName": "x"])
        } throws: { error in
            (error as? AWSError)?.code == "NoSuchEntity" && (error as? AWSError)?.kind == .service
        }
        #expect(server.requests.count == 1)
    }

    @Test("access denied names the IAM action; no secret or token appears in the message")
    func accessDenied() async throws {
        // AWS does not echo credentials; this server does, to prove the client would hide them.
        let server = try await LoopbackHTTPServer.scripted([
            Self.xml(403, "<Error><Code>AccessDenied</Code><Message>denied for \(Self.secret) with \(Self.token)</Message><RequestId>R2</RequestId></Error>"),
        ])
        defer { Task { await server.stop() } }
        await #expect {
            try await Self.client(server).restXML(service: .s3, operation: "GetBucketPolicy", query: [("policy", "")], bucket: "acme-logs")
        } throws: { error in
            guard let error = error as? AWSError else { return false }
            let text = "\(error)"
            return error.kind == .accessDenied && error.action == "s3:GetBucketPolicy" && text.contains("s3:GetBucketPolicy")
                && !text.contains(Self.secret) && !text.contains(Self.token) && error.requestID == "R2"
        }
        #expect(server.requests.first?.uri == "/acme-logs?policy=")
    }

    @Test("JSON errors: __type with a namespace, and the x-amzn-ErrorType header")
    func jsonErrors() async throws {
        let server = try await LoopbackHTTPServer.scripted([
            HTTPResponse(status: 400, headers: [("x-amzn-RequestId", "J1")],
                         body: Array(#"{"__type":"com.amazonaws.logs#ResourceNotFoundException","message":"The specified log group does not exist."}"#.utf8)),
            HTTPResponse(status: 403, headers: [("x-amzn-ErrorType", "AccessDeniedException:http://internal.amazon.com/coral/")],
                         body: Array(#"{"Message":"User is not authorized"}"#.utf8)),
        ])
        defer { Task { await server.stop() } }
        let client = Self.client(server)
        await #expect {
            try await client.json(service: .cloudWatchLogs, operation: "DescribeLogStreams", body: ["logGroupName": "x"])
        } throws: { error in
            let error = error as? AWSError
            return error?.code == "ResourceNotFoundException" && error?.message == "The specified log group does not exist." && error?.requestID == "J1"
        }
        #expect(server.requests.first?.header("X-Amz-Target") == "Logs_20140328.DescribeLogStreams")
        #expect(server.requests.first?.header("Content-Type") == "application/x-amz-json-1.1")
        await #expect {
            try await client.restJSON(service: .lambda, operation: "ListFunctions", path: "/2015-03-31/functions/")
        } throws: { error in
            let error = error as? AWSError
            return error?.kind == .accessDenied && error?.action == "lambda:ListFunctions" && error?.message == "User is not authorized"
        }
    }

    @Test("EC2 errors and a body-less error response")
    func ec2AndEmptyErrors() {
        let ec2 = ErrorBody.parse(Self.xml(403, "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized</Message></Error></Errors><RequestID>E1</RequestID></Response>"))
        #expect(ec2 == ErrorBody(code: "UnauthorizedOperation", message: "You are not authorized", requestID: "E1"))
        let head = ErrorBody.parse(HTTPResponse(status: 404, headers: [("x-amz-request-id", "S3R")]))
        #expect(head == ErrorBody(code: "NotFound", message: nil, requestID: "S3R"))
    }

    @Test("an expired token refreshes the credentials once and retries")
    func expiredTokenRefreshes() async throws {
        let server = try await LoopbackHTTPServer.scripted([
            Self.xml(400, "<ErrorResponse><Error><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error></ErrorResponse>"),
            Self.success,
        ])
        defer { Task { await server.stop() } }
        let fetches = Counter()
        let provider = CredentialProvider(source: "test") { () async throws(AWSError) -> AWSCredentials in
            let number = fetches.next()
            return AWSCredentials(accessKeyID: "ASIA\(number)", secretAccessKey: Self.secret, sessionToken: "t\(number)",
                                  expiration: Date().addingTimeInterval(3600))
        }
        var client = Self.client(server)
        client.credentials = provider
        _ = try await STSClient(client: client).getCallerIdentity()
        #expect(fetches.count == 2)
        #expect(server.requests.map { $0.header("X-Amz-Security-Token") } == ["t0", "t1"])
    }

    @Test("a clock an hour slow: AWS refuses the signature, the client learns the offset from Date and signs right")
    func clockSkew() async throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let amzDate = DateFormatter()
        amzDate.locale = Locale(identifier: "en_US_POSIX")
        amzDate.timeZone = TimeZone(identifier: "UTC")
        amzDate.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        // The server checks the signing time against its own clock, as AWS does.
        let server = try await LoopbackHTTPServer.start { request in
            let serverNow = Date()
            guard let signed = request.header("X-Amz-Date").flatMap(amzDate.date(from:)),
                  abs(signed.timeIntervalSince(serverNow)) < 300 else {
                return HTTPResponse(status: 403, headers: [("Date", formatter.string(from: serverNow))], body: Array("""
                    <ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>Signature expired</Message></Error></ErrorResponse>
                    """.utf8))
            }
            return Self.success
        }
        defer { Task { await server.stop() } }
        var client = Self.client(server)
        client.now = { Date().addingTimeInterval(-3600) }
        _ = try await STSClient(client: client).getCallerIdentity()
        #expect(server.requests.count == 2)
        // A copy for another region keeps the correction: one request, accepted.
        _ = try await STSClient(client: client.inRegion("eu-west-1")).getCallerIdentity()
        #expect(server.requests.count == 3)
    }

    @Test("S3 answers 301 with the bucket's region: the request is signed again for that region and succeeds")
    func s3BucketRegion() async throws {
        let server = try await LoopbackHTTPServer.start { request in
            guard request.header("Authorization")?.contains("/eu-west-1/s3/aws4_request") == true else {
                return HTTPResponse(status: 301, headers: [("x-amz-bucket-region", "eu-west-1")], body: Array("""
                    <Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message></Error>
                    """.utf8))
            }
            return HTTPResponse(status: 200, body: Array("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>".utf8))
        }
        defer { Task { await server.stop() } }
        let versioning = try await Self.client(server).restXML(service: .s3, operation: "GetBucketVersioning",
                                                                query: [("versioning", "")], bucket: "acme-eu")
        #expect(versioning.value("Status") == "Enabled")
        #expect(server.requests.count == 2)
        #expect(server.requests.first?.header("Authorization")?.contains("/us-east-1/s3/") == true)
    }

    @Test("nothing listening: retried, then a network error naming the endpoint")
    func networkError() async throws {
        let server = try await LoopbackHTTPServer.scripted([Self.success])
        let endpoint = server.endpoint
        await server.stop()
        let sleeps = Sleeps()
        let credentials = CredentialProvider(AWSCredentials(accessKeyID: "AKID", secretAccessKey: Self.secret))
        let client = AWSClient(region: "us-east-1", credentials: credentials,
                               endpoints: AWSEndpointResolver(environment: ["AWS_ENDPOINT_URL": endpoint]),
                               retry: RetryPolicy(maxAttempts: 2, sleep: { sleeps.record($0) }))
        await #expect {
            try await client.query(service: .sts, action: "GetCallerIdentity")
        } throws: { error in
            guard let error = error as? AWSError else { return false }
            return error.kind == .network && error.endpoint == endpoint && "\(error)".contains(endpoint)
        }
        #expect(sleeps.all.count == 1)
    }

    @Test("backoff is capped and never negative", arguments: [0, 1, 5, 30, 200])
    func backoffBounds(_ retry: Int) {
        let top = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(20), random: { 0.999999 })
        let bottom = RetryPolicy(random: { 0 })
        #expect(top.delay(beforeRetry: retry) <= .seconds(20))
        #expect(top.delay(beforeRetry: retry) > .zero)
        #expect(bottom.delay(beforeRetry: retry) == .zero)
        #expect(RetryPolicy.isRetryable(status: 400, code: "SlowDown"))
        #expect(!RetryPolicy.isRetryable(status: 400, code: "ValidationError"))
        #expect(RetryPolicy.isRetryable(status: 502, code: nil))
    }
}
