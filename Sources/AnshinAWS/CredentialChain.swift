import Foundation

/// The AWS CLI's default credential chain and region lookup, over an environment and the
/// shared files it is given.
///
/// Order, as botocore's: environment keys (skipped when a profile is passed explicitly, like
/// `--profile`); then the profile's role (`role_arn` with `source_profile` or
/// `credential_source`), web identity, SSO, credentials-file keys, `credential_process` and
/// config-file keys; then web identity from the environment; then the container endpoint; then
/// instance metadata unless `AWS_EC2_METADATA_DISABLED=true`.
public struct CredentialChain: Sendable {
    /// A region and where it was set.
    public struct Region: Sendable, Equatable {
        public let name: String
        /// `AWS_REGION`, `AWS_DEFAULT_REGION` or `profile NAME at FILE:LINE`.
        public let source: String

        public init(name: String, source: String) {
            self.name = name
            self.source = source
        }
    }

    static let containerHost = "http://169.254.170.2"
    static let metadataEndpoint = "http://169.254.169.254"

    public let environment: [String: String]
    public let shared: AWSSharedConfig

    public init(environment: [String: String], shared: AWSSharedConfig) {
        self.environment = environment
        self.shared = shared
    }

    /// Reads the shared files `environment` points at (or the defaults under `homeDirectory`).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                homeDirectory: String? = nil) throws(AWSConfigError) {
        self.init(environment: environment, shared: try AWSSharedConfig.load(environment: environment, homeDirectory: homeDirectory))
    }

    /// The profile in effect: `explicit`, else `AWS_PROFILE`, else `default`.
    public func profileName(_ explicit: String? = nil) -> String {
        explicit ?? env("AWS_PROFILE") ?? "default"
    }

    /// Resolves where credentials come from for `profile` (or the profile in effect).
    public func resolve(profile explicit: String? = nil) throws(AWSConfigError) -> CredentialSource {
        if explicit == nil, let credentials = try environmentCredentials() { return .environment(credentials) }
        let name = profileName(explicit)
        if let profile = shared.profile(name) {
            if let source = try resolve(profile, path: [name], topLevel: true) { return source }
        } else if explicit != nil || env("AWS_PROFILE") != nil {
            throw unknownProfile(name)
        }
        if let tokenFile = env("AWS_WEB_IDENTITY_TOKEN_FILE"), let roleARN = env("AWS_ROLE_ARN") {
            return .webIdentity(.init(profile: nil, tokenFile: tokenFile, roleARN: roleARN, roleSessionName: env("AWS_ROLE_SESSION_NAME")))
        }
        if let container = containerSource() { return .container(container) }
        if env("AWS_EC2_METADATA_DISABLED")?.lowercased() == "true" {
            throw .noCredentials(profile: name, filesRead: shared.filesRead)
        }
        return .instanceMetadata(instanceMetadataSource(profile: shared.profile(name)))
    }

    /// The region for `profile`: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`.
    public func region(profile explicit: String? = nil) -> Region? {
        for variable in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            if let value = env(variable) { return Region(name: value, source: variable) }
        }
        let name = profileName(explicit)
        guard let profile = shared.profile(name), let region = profile["region"] else { return nil }
        let location = profile.locations["region"].map { " at \($0)" } ?? ""
        return Region(name: region, source: "profile \(name)\(location)")
    }

    // MARK: Sources

    private func env(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    private func environmentCredentials() throws(AWSConfigError) -> AWSCredentials? {
        let keyID = env("AWS_ACCESS_KEY_ID")
        let secret = env("AWS_SECRET_ACCESS_KEY")
        switch (keyID, secret) {
        case (nil, nil):
            return nil
        case (.some, nil):
            throw .incompleteCredentials(source: "the environment", missing: "AWS_SECRET_ACCESS_KEY")
        case (nil, .some):
            throw .incompleteCredentials(source: "the environment", missing: "AWS_ACCESS_KEY_ID")
        case let (.some(keyID), .some(secret)):
            return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret,
                                  sessionToken: env("AWS_SESSION_TOKEN") ?? env("AWS_SECURITY_TOKEN"))
        }
    }

    private func unknownProfile(_ name: String) -> AWSConfigError {
        .unknownProfile(name: name, available: shared.profileNames, filesRead: shared.filesRead)
    }

    /// The source one profile defines; `path` holds the profiles visited through `source_profile`.
    private func resolve(_ profile: AWSProfile, path: [String], topLevel: Bool) throws(AWSConfigError) -> CredentialSource? {
        let hasStaticKeys = profile["aws_access_key_id"] != nil || profile["aws_secret_access_key"] != nil
        // A source profile with keys uses them, even when it also has a role (botocore's rule).
        if topLevel || !hasStaticKeys, let role = try assumeRole(profile, path: path) { return .assumeRole(role) }
        if let roleARN = profile["role_arn"], let tokenFile = profile["web_identity_token_file"] {
            return .webIdentity(.init(profile: profile.name, tokenFile: tokenFile, roleARN: roleARN,
                                      roleSessionName: profile["role_session_name"]))
        }
        if topLevel, let tokenFile = env("AWS_WEB_IDENTITY_TOKEN_FILE"), let roleARN = env("AWS_ROLE_ARN") {
            return .webIdentity(.init(profile: nil, tokenFile: tokenFile, roleARN: roleARN, roleSessionName: env("AWS_ROLE_SESSION_NAME")))
        }
        if let sso = try sso(profile) { return .sso(sso) }
        let credentialsFileKeys = profile.fromCredentialsFile.contains("aws_access_key_id")
            || profile.fromCredentialsFile.contains("aws_secret_access_key")
        if credentialsFileKeys { return try staticKeys(profile) }
        if let command = profile["credential_process"] { return .process(command: command, profile: profile.name) }
        if hasStaticKeys { return try staticKeys(profile) }
        return nil
    }

    private func staticKeys(_ profile: AWSProfile) throws(AWSConfigError) -> CredentialSource {
        guard let keyID = profile["aws_access_key_id"] else {
            throw .incompleteCredentials(source: "profile \"\(profile.name)\"", missing: "aws_access_key_id")
        }
        guard let secret = profile["aws_secret_access_key"] else {
            throw .incompleteCredentials(source: "profile \"\(profile.name)\"", missing: "aws_secret_access_key")
        }
        let credentials = AWSCredentials(accessKeyID: keyID, secretAccessKey: secret,
                                         sessionToken: profile["aws_session_token"] ?? profile["aws_security_token"])
        let location = profile.locations["aws_access_key_id"] ?? AWSConfigLocation(file: shared.credentialsPath, line: 0)
        return .profile(name: profile.name, credentials: credentials, location: location)
    }

    private func assumeRole(_ profile: AWSProfile, path: [String]) throws(AWSConfigError) -> CredentialSource.AssumeRole? {
        guard let roleARN = profile["role_arn"] else { return nil }
        let sourceProfile = profile["source_profile"]
        let credentialSource = profile["credential_source"]
        let base: CredentialSource
        switch (sourceProfile, credentialSource) {
        case (nil, nil):
            return nil
        case (.some, .some):
            throw .invalidRole(profile: profile.name, message: "set source_profile or credential_source, not both")
        case (nil, .some(let named)):
            base = try namedCredentialSource(named, profile: profile)
        case (.some(let sourceName), nil):
            guard let source = shared.profile(sourceName) else { throw unknownProfile(sourceName) }
            let selfReference = sourceName == profile.name
            let hasKeys = source["aws_access_key_id"] != nil || source["aws_secret_access_key"] != nil
            if path.contains(sourceName) && !(selfReference && hasKeys) {
                throw .sourceProfileCycle(path + [sourceName])
            }
            guard let resolved = try resolve(source, path: selfReference ? path : path + [sourceName], topLevel: false) else {
                throw .sourceProfileWithoutCredentials(profile: profile.name, source: sourceName)
            }
            base = resolved
        }
        var duration: Int?
        if let text = profile["duration_seconds"] {
            guard let seconds = Int(text), seconds > 0 else {
                throw .invalidRole(profile: profile.name, message: "duration_seconds must be a positive number of seconds, got \(text)")
            }
            duration = seconds
        }
        return .init(profile: profile.name, roleARN: roleARN, roleSessionName: profile["role_session_name"],
                     externalID: profile["external_id"], mfaSerial: profile["mfa_serial"], durationSeconds: duration, base: base)
    }

    private func namedCredentialSource(_ name: String, profile: AWSProfile) throws(AWSConfigError) -> CredentialSource {
        switch name {
        case "Environment":
            guard let credentials = try environmentCredentials() else {
                throw .invalidRole(profile: profile.name, message: "credential_source Environment, but AWS_ACCESS_KEY_ID is not set")
            }
            return .environment(credentials)
        case "Ec2InstanceMetadata":
            return .instanceMetadata(instanceMetadataSource(profile: profile))
        case "EcsContainer":
            guard let container = containerSource() else {
                throw .invalidRole(profile: profile.name,
                                   message: "credential_source EcsContainer, but AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set")
            }
            return .container(container)
        default:
            throw .invalidRole(profile: profile.name,
                               message: "credential_source must be Environment, Ec2InstanceMetadata or EcsContainer, got \(name)")
        }
    }

    private func sso(_ profile: AWSProfile) throws(AWSConfigError) -> CredentialSource.SSO? {
        if let sessionName = profile["sso_session"] {
            guard let session = shared.ssoSessions[sessionName] else {
                throw .unknownSSOSession(profile: profile.name, session: sessionName, available: shared.ssoSessions.keys.sorted())
            }
            let startURL = session.properties["sso_start_url"]
            let region = session.properties["sso_region"]
            let missing = [("sso_start_url in [sso-session \(sessionName)]", startURL), ("sso_region in [sso-session \(sessionName)]", region),
                           ("sso_account_id", profile["sso_account_id"]), ("sso_role_name", profile["sso_role_name"])]
                .filter { $0.1 == nil || $0.1 == "" }.map(\.0)
            guard missing.isEmpty else { throw .incompleteSSO(profile: profile.name, missing: missing) }
            return .init(profile: profile.name, session: sessionName, startURL: startURL!, region: region!,
                         accountID: profile["sso_account_id"]!, roleName: profile["sso_role_name"]!)
        }
        guard profile["sso_start_url"] != nil else { return nil }
        let required = ["sso_start_url", "sso_region", "sso_account_id", "sso_role_name"]
        let missing = required.filter { profile[$0] == nil }
        guard missing.isEmpty else { throw .incompleteSSO(profile: profile.name, missing: missing) }
        return .init(profile: profile.name, session: nil, startURL: profile["sso_start_url"]!, region: profile["sso_region"]!,
                     accountID: profile["sso_account_id"]!, roleName: profile["sso_role_name"]!)
    }

    private func containerSource() -> CredentialSource.Container? {
        let endpoint: String
        if let relative = env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            endpoint = Self.containerHost + (relative.hasPrefix("/") ? relative : "/" + relative)
        } else if let full = env("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            endpoint = full
        } else {
            return nil
        }
        return .init(endpoint: endpoint, authorizationTokenFile: env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"),
                     authorizationTokenInEnvironment: env("AWS_CONTAINER_AUTHORIZATION_TOKEN") != nil)
    }

    private func instanceMetadataSource(profile: AWSProfile?) -> CredentialSource.InstanceMetadata {
        let endpoint = env("AWS_EC2_METADATA_SERVICE_ENDPOINT") ?? profile?["ec2_metadata_service_endpoint"]
        return .init(endpoint: endpoint ?? Self.metadataEndpoint)
    }
}
