import AnshinHTTP
import Foundation

extension AWSClient {
    /// A client set up the way the AWS CLI sets itself up: the credential chain and region of
    /// `profile` (or `AWS_PROFILE`, or `default`), and the endpoint overrides of the environment
    /// and the profile. Without an explicit `retry`, the standard policy is used with the number of
    /// attempts from `AWS_MAX_ATTEMPTS` or the profile's `max_attempts`, as the SDKs read them.
    ///
    /// Configuration errors (unknown profile, malformed file, no region) are thrown here as
    /// ``AWSError/Kind/credentials`` errors; credentials themselves are fetched at the first call.
    public static func configured(profile: String? = nil, region: String? = nil,
                                  environment: [String: String] = ProcessInfo.processInfo.environment,
                                  homeDirectory: String? = nil, transport: any HTTPTransport = HTTPClientTransport.shared,
                                  retry: RetryPolicy? = nil,
                                  mfaTokenCode: @escaping @Sendable (String) async throws -> String = CredentialContext.askOnTerminal)
        throws(AWSError) -> AWSClient {
        let chain: CredentialChain
        let source: CredentialSource
        do {
            chain = try CredentialChain(environment: environment, homeDirectory: homeDirectory)
            source = try chain.resolve(profile: profile)
        } catch {
            throw .credentials(error.description)
        }
        let name = chain.profileName(profile)
        guard let region = region ?? chain.region(profile: profile)?.name else {
            throw .credentials("no AWS region for profile \"\(name)\": set AWS_REGION or region in the profile")
        }
        let policy: RetryPolicy
        if let retry {
            policy = retry
        } else {
            policy = try standardRetry(environment: environment, profile: chain.shared.profile(name))
        }
        let context = CredentialContext(environment: environment, shared: chain.shared, region: region, transport: transport,
                                        homeDirectory: homeDirectory, mfaTokenCode: mfaTokenCode, retry: policy)
        return AWSClient(region: region, credentials: .make(for: source, context: context),
                         endpoints: AWSEndpointResolver(environment: environment, shared: chain.shared, profile: name),
                         transport: transport, retry: policy)
    }

    /// The standard policy with `AWS_MAX_ATTEMPTS` or `max_attempts` applied.
    static func standardRetry(environment: [String: String], profile: AWSProfile?) throws(AWSError) -> RetryPolicy {
        let text: String
        let source: String
        if let value = environment["AWS_MAX_ATTEMPTS"], !value.isEmpty {
            (text, source) = (value, "AWS_MAX_ATTEMPTS")
        } else if let profile, let value = profile["max_attempts"] {
            (text, source) = (value, "max_attempts of profile \"\(profile.name)\"")
        } else {
            return .standard
        }
        guard let attempts = Int(text.trimmingCharacters(in: .whitespaces)), attempts >= 1 else {
            throw .credentials("\(source) must be a whole number of attempts, 1 or more; got \"\(text)\"")
        }
        var policy = RetryPolicy.standard
        policy.maxAttempts = attempts
        return policy
    }
}
