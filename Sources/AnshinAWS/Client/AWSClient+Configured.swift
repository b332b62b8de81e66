import Foundation

extension AWSClient {
    /// A client set up the way the AWS CLI sets itself up: the credential chain and region of
    /// `profile` (or `AWS_PROFILE`, or `default`), and the endpoint overrides of the environment
    /// and the profile.
    ///
    /// Configuration errors (unknown profile, malformed file, no region) are thrown here as
    /// ``AWSError/Kind/credentials`` errors; credentials themselves are fetched at the first call.
    public static func configured(profile: String? = nil, region: String? = nil,
                                  environment: [String: String] = ProcessInfo.processInfo.environment,
                                  homeDirectory: String? = nil, transport: any HTTPTransport = HTTPClientTransport.shared,
                                  retry: RetryPolicy = .standard,
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
        let context = CredentialContext(environment: environment, shared: chain.shared, region: region, transport: transport,
                                        homeDirectory: homeDirectory, mfaTokenCode: mfaTokenCode, retry: retry)
        return AWSClient(region: region, credentials: .make(for: source, context: context),
                         endpoints: AWSEndpointResolver(environment: environment, shared: chain.shared, profile: name),
                         transport: transport, retry: retry)
    }
}
