import Foundation

/// Where the credential chain found credentials, or what it would have to do to get them.
///
/// Static credentials (environment, profile keys) are resolved now; every other source is a
/// typed description of the call the chain must make (STS, SSO, a process, the container or
/// instance metadata endpoints), so that fetching them is one focused increment per case.
public indirect enum CredentialSource: Sendable, Equatable, CustomStringConvertible {
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
    case environment(AWSCredentials)
    /// `aws_access_key_id` and `aws_secret_access_key` in a profile.
    case profile(name: String, credentials: AWSCredentials, location: AWSConfigLocation)
    /// `role_arn` with `source_profile` or `credential_source`: `sts:AssumeRole` with the base's credentials.
    case assumeRole(AssumeRole)
    /// `web_identity_token_file` and `role_arn` (profile or `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN`).
    case webIdentity(WebIdentity)
    /// `credential_process`: run the command and read its JSON.
    case process(command: String, profile: String)
    /// `sso_session` (or legacy `sso_start_url`): IAM Identity Center role credentials from a cached token.
    case sso(SSO)
    /// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or `…_FULL_URI`: the ECS/EKS container endpoint.
    case container(Container)
    /// The EC2 instance metadata service (IMDSv2).
    case instanceMetadata(InstanceMetadata)

    /// An `sts:AssumeRole` call to make.
    public struct AssumeRole: Sendable, Equatable {
        public let profile: String
        public let roleARN: String
        public let roleSessionName: String?
        public let externalID: String?
        public let mfaSerial: String?
        public let durationSeconds: Int?
        /// Where the credentials that call `AssumeRole` come from.
        public let base: CredentialSource

        public init(profile: String, roleARN: String, roleSessionName: String?, externalID: String?, mfaSerial: String?, durationSeconds: Int?, base: CredentialSource) {
            self.profile = profile
            self.roleARN = roleARN
            self.roleSessionName = roleSessionName
            self.externalID = externalID
            self.mfaSerial = mfaSerial
            self.durationSeconds = durationSeconds
            self.base = base
        }
    }

    /// An `sts:AssumeRoleWithWebIdentity` call to make.
    public struct WebIdentity: Sendable, Equatable {
        /// The profile, or `nil` when the environment variables configured it.
        public let profile: String?
        public let tokenFile: String
        public let roleARN: String
        public let roleSessionName: String?

        public init(profile: String?, tokenFile: String, roleARN: String, roleSessionName: String?) {
            self.profile = profile
            self.tokenFile = tokenFile
            self.roleARN = roleARN
            self.roleSessionName = roleSessionName
        }
    }

    /// An IAM Identity Center `GetRoleCredentials` call to make.
    public struct SSO: Sendable, Equatable {
        public let profile: String
        /// The `[sso-session]` name, `nil` for the legacy form.
        public let session: String?
        public let startURL: String
        public let region: String
        public let accountID: String
        public let roleName: String

        public init(profile: String, session: String?, startURL: String, region: String, accountID: String, roleName: String) {
            self.profile = profile
            self.session = session
            self.startURL = startURL
            self.region = region
            self.accountID = accountID
            self.roleName = roleName
        }
    }

    /// A container credentials endpoint to call.
    public struct Container: Sendable, Equatable {
        /// The full URL: `http://169.254.170.2` + relative URI, or the full URI.
        public let endpoint: String
        /// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, read at each call.
        public let authorizationTokenFile: String?
        /// Whether `AWS_CONTAINER_AUTHORIZATION_TOKEN` is set (its value stays in the environment).
        public let authorizationTokenInEnvironment: Bool

        public init(endpoint: String, authorizationTokenFile: String?, authorizationTokenInEnvironment: Bool) {
            self.endpoint = endpoint
            self.authorizationTokenFile = authorizationTokenFile
            self.authorizationTokenInEnvironment = authorizationTokenInEnvironment
        }
    }

    /// The instance metadata endpoint to call.
    public struct InstanceMetadata: Sendable, Equatable {
        /// `AWS_EC2_METADATA_SERVICE_ENDPOINT` or `ec2_metadata_service_endpoint`, else the default.
        public let endpoint: String

        public init(endpoint: String) {
            self.endpoint = endpoint
        }
    }

    /// The credentials when the source holds them already (environment or profile keys).
    public var credentials: AWSCredentials? {
        switch self {
        case .environment(let credentials), .profile(_, let credentials, _): credentials
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .environment(let credentials):
            "environment variables (\(credentials.accessKeyID))"
        case let .profile(name, credentials, location):
            "profile \(name) at \(location) (\(credentials.accessKeyID))"
        case .assumeRole(let role):
            "assume \(role.roleARN) (profile \(role.profile)) with \(role.base)"
        case .webIdentity(let identity):
            "assume \(identity.roleARN) with the web identity token in \(identity.tokenFile)"
        case let .process(command, profile):
            "credential_process of profile \(profile): \(command)"
        case .sso(let sso):
            "SSO role \(sso.roleName) in account \(sso.accountID) via \(sso.startURL) (profile \(sso.profile))"
        case .container(let container):
            "container credentials endpoint \(container.endpoint)"
        case .instanceMetadata(let metadata):
            "EC2 instance metadata at \(metadata.endpoint)"
        }
    }
}
