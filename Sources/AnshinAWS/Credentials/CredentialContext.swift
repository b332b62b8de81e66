import AnshinHTTP
import Foundation

/// What fetching credentials needs besides the ``CredentialSource``: the environment and shared
/// files (for endpoint overrides and tokens), the region of STS calls, the transport, the SSO
/// cache's home folder, how to ask for an MFA code, and the clock.
public struct CredentialContext: Sendable {
    public var environment: [String: String]
    public var shared: AWSSharedConfig
    /// The region STS and the SSO portal are called in when the profile names none.
    public var region: String
    public var transport: any HTTPTransport
    public var homeDirectory: String
    /// Returns the code an MFA device (`serial`) shows; by default asks on the terminal.
    public var mfaTokenCode: @Sendable (_ serial: String) async throws -> String
    public var now: @Sendable () -> Date
    public var retry: RetryPolicy
    /// The timeout of each call to the container and instance metadata endpoints (short: off
    /// EC2 the instance endpoint never answers).
    public var metadataTimeout: Duration

    public init(environment: [String: String], shared: AWSSharedConfig, region: String,
                transport: any HTTPTransport = HTTPClientTransport.shared, homeDirectory: String? = nil,
                mfaTokenCode: @escaping @Sendable (String) async throws -> String = CredentialContext.askOnTerminal,
                now: @escaping @Sendable () -> Date = { Date() }, retry: RetryPolicy = .standard,
                metadataTimeout: Duration = .seconds(1)) {
        self.environment = environment
        self.shared = shared
        self.region = region
        self.transport = transport
        self.homeDirectory = homeDirectory ?? environment["HOME"] ?? NSHomeDirectory()
        self.mfaTokenCode = mfaTokenCode
        self.now = now
        self.retry = retry
        self.metadataTimeout = metadataTimeout
    }

    /// Asks for the MFA code on standard error and reads a line from standard input.
    public static let askOnTerminal: @Sendable (String) async throws -> String = { serial in
        FileHandle.standardError.write(Data("Enter MFA code for \(serial): ".utf8))
        guard let line = readLine(), !line.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw AWSError.credentials("no MFA code entered for \(serial)")
        }
        return line.trimmingCharacters(in: .whitespaces)
    }

    /// A client for calls the chain makes on behalf of `profile` (its endpoint overrides apply).
    func client(profile: String?, region: String? = nil, credentials: CredentialProvider?) -> AWSClient {
        let endpoints = AWSEndpointResolver(environment: environment, shared: shared, profile: profile ?? "default")
        let profileRegion = profile.flatMap { shared.profile($0)?["region"] }
        return AWSClient(region: region ?? profileRegion ?? self.region, credentials: credentials, endpoints: endpoints,
                         transport: transport, retry: retry, now: now)
    }

    func sessionName() -> String {
        "anshin-\(Int(now().timeIntervalSince1970))"
    }
}

extension CredentialProvider {
    /// A provider that fetches the credentials `source` describes, with caching and refresh.
    public static func make(for source: CredentialSource, context: CredentialContext) -> CredentialProvider {
        let description = source.description
        switch source {
        case .environment(let credentials), .profile(_, let credentials, _):
            return CredentialProvider(credentials, source: description)
        case .assumeRole(let role):
            let base = make(for: role.base, context: context)
            return CredentialProvider(source: description, now: context.now) { () async throws(AWSError) -> AWSCredentials in
                let sts = STSClient(client: context.client(profile: role.profile, credentials: base))
                var mfa: (serial: String, code: String)?
                if let serial = role.mfaSerial {
                    do {
                        mfa = (serial, try await context.mfaTokenCode(serial))
                    } catch let error as AWSError {
                        throw error
                    } catch {
                        throw .credentials("no MFA code for \(serial): \(error)")
                    }
                }
                return try await sts.assumeRole(roleARN: role.roleARN, sessionName: role.roleSessionName ?? context.sessionName(),
                                                externalID: role.externalID, mfa: mfa, durationSeconds: role.durationSeconds)
            }
        case .webIdentity(let identity):
            return CredentialProvider(source: description, now: context.now) { () async throws(AWSError) -> AWSCredentials in
                let token = try readToken(identity.tokenFile, what: "web identity token file")
                let sts = STSClient(client: context.client(profile: identity.profile, credentials: nil))
                return try await sts.assumeRoleWithWebIdentity(roleARN: identity.roleARN,
                                                               sessionName: identity.roleSessionName ?? context.sessionName(), token: token)
            }
        case let .process(command, profile):
            return CredentialProvider(source: description, now: context.now) { () async throws(AWSError) -> AWSCredentials in
                try await CredentialProcess(command: command, profile: profile).run(environment: context.environment)
            }
        case .sso(let sso):
            return CredentialProvider(source: description, now: context.now) { () async throws(AWSError) -> AWSCredentials in
                try await SSOCredentials(sso: sso).fetch(context: context)
            }
        case .container(let container):
            return CredentialProvider(source: description, now: context.now) { () async throws(AWSError) -> AWSCredentials in
                try await ContainerCredentials(container: container).fetch(context: context)
            }
        case .instanceMetadata(let metadata):
            return CredentialProvider(source: description, now: context.now) { () async throws(AWSError) -> AWSCredentials in
                try await InstanceMetadataCredentials(endpoint: metadata.endpoint).fetch(context: context)
            }
        }
    }
}

/// The trimmed contents of a token file.
func readToken(_ path: String, what: String) throws(AWSError) -> String {
    let token: String
    do {
        token = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    } catch {
        throw .credentials("cannot read the \(what) \(path)")
    }
    guard !token.isEmpty else { throw .credentials("the \(what) \(path) is empty") }
    return token
}

/// The credentials of the JSON shape the container and instance endpoints share:
/// `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`.
func metadataCredentials(_ body: [UInt8], from endpoint: String) throws(AWSError) -> AWSCredentials {
    guard let json = try? JSON.parse(body), let keyID = json["AccessKeyId"]?.string,
          let secret = json["SecretAccessKey"]?.string else {
        throw .credentials("\(endpoint) did not return credentials (expected JSON with AccessKeyId and SecretAccessKey)")
    }
    if let code = json["Code"]?.string, code != "Success" {
        throw .credentials("\(endpoint) answered \(code): \(json["Message"]?.string ?? "")")
    }
    return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: json["Token"]?.string,
                          expiration: json["Expiration"]?.string.flatMap(AWSDate.parse))
}
