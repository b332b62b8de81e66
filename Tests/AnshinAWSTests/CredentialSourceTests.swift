@testable import AnshinAWS
import AnshinHTTP
import AnshinTesting
import Crypto
import Foundation
import Testing

/// Each credential source fetched for real: a script for credential_process, loopback servers
/// following the documented shapes for the SSO portal, container and instance endpoints.
@Suite("Credential sources")
struct CredentialSourceTests {
    static let secret = "fetched-secret-" + "not-a-real-one"

    static func context(_ home: TemporaryDirectory, environment: [String: String] = [:], now: Date = Date()) throws -> CredentialContext {
        var environment = environment
        environment["HOME"] = home.path
        let shared = try AWSSharedConfig.load(environment: environment)
        return CredentialContext(environment: environment, shared: shared, region: "us-east-1", homeDirectory: home.path,
                                 mfaTokenCode: { _ in "123456" }, now: { now },
                                 retry: RetryPolicy(maxAttempts: 2, sleep: { _ in }), metadataTimeout: .seconds(2))
    }

    // MARK: credential_process

    static func process(_ script: String, in home: TemporaryDirectory) throws -> CredentialSource {
        let file = try home.write("creds.sh", "#!/bin/sh\n" + script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        try home.write(".aws/config", "[profile tool]\ncredential_process = \(file.path) --account 1\n")
        return try CredentialChain(environment: ["HOME": home.path]).resolve(profile: "tool")
    }

    @Test("credential_process: the documented JSON, with its expiry")
    func processCredentials() async throws {
        let home = try TemporaryDirectory()
        let source = try Self.process("""
            [ "$1" = "--account" ] || exit 9
            echo '{"Version": 1, "AccessKeyId": "ASIAPROC", "SecretAccessKey": "\(Self.secret)", "SessionToken": "tok", "Expiration": "2030-01-02T03:04:05Z"}'
            """, in: home)
        let credentials = try await CredentialProvider.make(for: source, context: Self.context(home)).credentials()
        #expect(credentials == AWSCredentials(accessKeyID: "ASIAPROC", secretAccessKey: Self.secret, sessionToken: "tok",
                                              expiration: ISO8601DateFormatter().date(from: "2030-01-02T03:04:05Z")))
    }

    @Test("credential_process: bad output and failures are clear errors that never echo the output", arguments: [
        ("echo 'not json \(CredentialSourceTests.secret)'", "not a JSON object"),
        ("echo '{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"\(CredentialSourceTests.secret)\"}'", "Version other than 1"),
        ("echo '{\"Version\": 1, \"SecretAccessKey\": \"\(CredentialSourceTests.secret)\"}'", "no AccessKeyId"),
        ("echo '{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"\(CredentialSourceTests.secret)\", \"Expiration\": \"soon\"}'", "Expiration"),
        ("echo 'token expired, log in again' >&2; exit 3", "exited with status 3: token expired, log in again"),
    ])
    func processFailures(_ script: String, _ expected: String) async throws {
        let home = try TemporaryDirectory()
        let source = try Self.process(script, in: home)
        await #expect {
            try await CredentialProvider.make(for: source, context: Self.context(home)).credentials()
        } throws: { error in
            let text = "\(error)"
            return text.contains(expected) && text.contains("profile \"tool\"") && !text.contains(Self.secret)
        }
    }

    // MARK: SSO

    static func ssoHome(expiresAt: String, portal: String?) throws -> (TemporaryDirectory, [String: String]) {
        let home = try TemporaryDirectory()
        try home.write(".aws/config", """
            [profile dev]
            sso_session = acme
            sso_account_id = 111111111111
            sso_role_name = ReadOnly
            [sso-session acme]
            sso_start_url = https://acme.awsapps.com/start
            sso_region = ap-northeast-1
            """)
        let key = Insecure.SHA1.hash(data: Array("acme".utf8)).map { String(format: "%02x", $0) }.joined()
        try home.write(".aws/sso/cache/\(key).json", """
            {"startUrl": "https://acme.awsapps.com/start", "region": "ap-northeast-1", "accessToken": "sso-bearer-token", "expiresAt": "\(expiresAt)"}
            """)
        return (home, portal.map { ["AWS_ENDPOINT_URL_SSO": $0] } ?? [:])
    }

    @Test("SSO: the cached token is sent to the portal's GetRoleCredentials")
    func sso() async throws {
        let portal = try await LoopbackHTTPServer.start { _ in
            HTTPResponse(status: 200, body: Array("""
                {"roleCredentials": {"accessKeyId": "ASIASSO", "secretAccessKey": "\(Self.secret)", "sessionToken": "sso-session", "expiration": 1900000000000}}
                """.utf8))
        }
        defer { Task { await portal.stop() } }
        let (home, environment) = try Self.ssoHome(expiresAt: "2099-01-01T00:00:00Z", portal: portal.endpoint)
        let context = try Self.context(home, environment: environment)
        let source = try CredentialChain(environment: context.environment).resolve(profile: "dev")
        let credentials = try await CredentialProvider.make(for: source, context: context).credentials()
        #expect(credentials == AWSCredentials(accessKeyID: "ASIASSO", secretAccessKey: Self.secret, sessionToken: "sso-session",
                                              expiration: Date(timeIntervalSince1970: 1_900_000_000)))
        let request = try #require(portal.requests.first)
        #expect(request.method == "GET")
        #expect(request.uri == "/federation/credentials?account_id=111111111111&role_name=ReadOnly")
        #expect(request.header("x-amz-sso_bearer_token") == "sso-bearer-token")
        #expect(request.header("Authorization") == nil)
    }

    @Test("SSO, legacy profile: the token is cached under the SHA-1 of the start URL")
    func ssoLegacyCacheKey() throws {
        let sso = CredentialSource.SSO(profile: "old", session: nil, startURL: "https://acme.awsapps.com/start", region: "us-east-1",
                                       accountID: "1", roleName: "R")
        let byURL = Insecure.SHA1.hash(data: Array("https://acme.awsapps.com/start".utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(SSOCredentials(sso: sso).cachePath(homeDirectory: "/h") == "/h/.aws/sso/cache/\(byURL).json")
        let session = CredentialSource.SSO(profile: "new", session: "acme", startURL: "https://acme.awsapps.com/start", region: "us-east-1",
                                           accountID: "1", roleName: "R")
        let bySession = Insecure.SHA1.hash(data: Array("acme".utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(SSOCredentials(sso: session).cachePath(homeDirectory: "/h") == "/h/.aws/sso/cache/\(bySession).json")
        #expect(byURL != bySession)
    }

    @Test("SSO: an expired or missing token says to run aws sso login for the profile")
    func ssoExpired() async throws {
        let (home, _) = try Self.ssoHome(expiresAt: "2020-01-01T00:00:00Z", portal: nil)
        let context = try Self.context(home)
        let source = try CredentialChain(environment: context.environment).resolve(profile: "dev")
        await #expect {
            try await CredentialProvider.make(for: source, context: context).credentials()
        } throws: { "\($0)".contains("expired") && "\($0)".contains("run aws sso login --profile dev") }
        try FileManager.default.removeItem(atPath: home.path + "/.aws/sso")
        await #expect {
            try await CredentialProvider.make(for: source, context: context).credentials()
        } throws: { "\($0)".contains("no SSO session") && "\($0)".contains("run aws sso login --profile dev") }
    }

    @Test("SSO: a token the portal rejects also says to log in again")
    func ssoRejected() async throws {
        let portal = try await LoopbackHTTPServer.scripted([HTTPResponse(status: 401, headers: [("x-amzn-ErrorType", "UnauthorizedException")],
                                                                         body: Array(#"{"message":"Session token not found or invalid"}"#.utf8))])
        defer { Task { await portal.stop() } }
        let (home, environment) = try Self.ssoHome(expiresAt: "2099-01-01T00:00:00Z", portal: portal.endpoint)
        let context = try Self.context(home, environment: environment)
        let source = try CredentialChain(environment: context.environment).resolve(profile: "dev")
        await #expect {
            try await CredentialProvider.make(for: source, context: context).credentials()
        } throws: { "\($0)".contains("run aws sso login --profile dev") && !"\($0)".contains("sso-bearer-token") }
    }

    // MARK: Container

    static let metadataBody = Array("""
        {"Code": "Success", "AccessKeyId": "ASIAMETA", "SecretAccessKey": "\(secret)", "Token": "meta-token", "Expiration": "2030-01-01T00:00:00Z"}
        """.utf8)

    @Test("container: the full URI on loopback, with the authorization token read from its file")
    func container() async throws {
        let server = try await LoopbackHTTPServer.start { request in
            request.header("Authorization") == "Bearer eks-token" ? HTTPResponse(status: 200, body: Self.metadataBody) : HTTPResponse(status: 401)
        }
        defer { Task { await server.stop() } }
        let home = try TemporaryDirectory()
        let tokenFile = try home.write("token", "Bearer eks-token\n")
        let context = try Self.context(home, environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.endpoint + "/v2/credentials/abc",
                                                           "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile.path,
                                                           "AWS_EC2_METADATA_DISABLED": "true"])
        let source = try CredentialChain(environment: context.environment).resolve()
        let credentials = try await CredentialProvider.make(for: source, context: context).credentials()
        #expect(credentials.accessKeyID == "ASIAMETA" && credentials.sessionToken == "meta-token")
        #expect(server.requests.first?.uri == "/v2/credentials/abc")
    }

    @Test("container: the authorization token from the environment")
    func containerTokenFromEnvironment() async throws {
        let server = try await LoopbackHTTPServer.start { request in
            request.header("Authorization") == "env-token" ? HTTPResponse(status: 200, body: Self.metadataBody) : HTTPResponse(status: 401)
        }
        defer { Task { await server.stop() } }
        let home = try TemporaryDirectory()
        let context = try Self.context(home, environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.endpoint + "/creds",
                                                           "AWS_CONTAINER_AUTHORIZATION_TOKEN": "env-token"])
        let source = try CredentialChain(environment: context.environment).resolve()
        #expect(try await CredentialProvider.make(for: source, context: context).credentials().accessKeyID == "ASIAMETA")
    }

    @Test("container: a full URI on another plain-HTTP host is refused before any call", arguments: [
        "http://169.254.169.254/creds", "http://example.com/creds", "http://10.0.0.1/creds", "file:///etc/passwd",
    ])
    func containerHostRefused(_ uri: String) async throws {
        let home = try TemporaryDirectory()
        let context = try Self.context(home, environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": uri, "AWS_CONTAINER_AUTHORIZATION_TOKEN": "x"])
        let source = try CredentialChain(environment: context.environment).resolve()
        await #expect {
            try await CredentialProvider.make(for: source, context: context).credentials()
        } throws: { "\($0)".contains("is not allowed") }
    }

    // MARK: Instance metadata

    @Test("IMDSv2: a session token, then the role name, then its credentials")
    func instanceMetadata() async throws {
        let server = try await LoopbackHTTPServer.start { request in
            switch (request.method, request.path) {
            case ("PUT", "/latest/api/token"):
                return request.header("X-aws-ec2-metadata-token-ttl-seconds") == "21600"
                    ? HTTPResponse(status: 200, body: Array("imds-session".utf8)) : HTTPResponse(status: 400)
            case ("GET", _) where request.header("X-aws-ec2-metadata-token") != "imds-session":
                return HTTPResponse(status: 401)
            case ("GET", "/latest/meta-data/iam/security-credentials/"):
                return HTTPResponse(status: 200, body: Array("app-role\n".utf8))
            case ("GET", "/latest/meta-data/iam/security-credentials/app-role"):
                return HTTPResponse(status: 200, body: Self.metadataBody)
            default:
                return HTTPResponse(status: 404)
            }
        }
        defer { Task { await server.stop() } }
        let home = try TemporaryDirectory()
        let context = try Self.context(home, environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.endpoint + "/"])
        let source = try CredentialChain(environment: context.environment).resolve()
        #expect(source == .instanceMetadata(.init(endpoint: server.endpoint + "/")))
        let credentials = try await CredentialProvider.make(for: source, context: context).credentials()
        #expect(credentials == AWSCredentials(accessKeyID: "ASIAMETA", secretAccessKey: Self.secret, sessionToken: "meta-token",
                                              expiration: ISO8601DateFormatter().date(from: "2030-01-01T00:00:00Z")))
        #expect(server.requests.map(\.method) == ["PUT", "GET", "GET"])
    }

    @Test("IMDS unreachable: a clear error naming the endpoint and what to set instead")
    func instanceMetadataUnreachable() async throws {
        let server = try await LoopbackHTTPServer.scripted([HTTPResponse(status: 200)])
        let endpoint = server.endpoint
        await server.stop()
        let home = try TemporaryDirectory()
        let context = try Self.context(home, environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": endpoint])
        await #expect {
            try await CredentialProvider.make(for: .instanceMetadata(.init(endpoint: endpoint)), context: context).credentials()
        } throws: { error in
            let text = "\(error)"
            return text.contains("cannot reach the instance metadata service at \(endpoint)") && text.contains("set AWS_PROFILE")
        }
    }
}
