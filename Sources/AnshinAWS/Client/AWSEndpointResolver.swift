import Foundation

/// Where one call goes and the region it is signed for.
public struct AWSEndpoint: Sendable, Equatable {
    public var scheme: String
    public var host: String
    public var port: Int?
    /// A path prefix of an overridden endpoint (`http://localhost:5000/aws`), without trailing `/`.
    public var basePath: String
    public var signingRegion: String
    /// Whether the endpoint was configured (`AWS_ENDPOINT_URL…`, `endpoint_url`): then no host
    /// prefix is injected and S3 uses path-style addressing.
    public var isOverride: Bool

    public init(scheme: String = "https", host: String, port: Int? = nil, basePath: String = "", signingRegion: String,
                isOverride: Bool = false) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.basePath = basePath
        self.signingRegion = signingRegion
        self.isOverride = isOverride
    }

    /// `scheme://host[:port]`.
    public var origin: String { port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)" }
}

/// Finds the endpoint of a service in a region, honouring configured overrides.
///
/// Overrides, in the precedence the AWS SDKs document for "service-specific endpoints":
/// `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's `[services …]` section entry
/// for the service, then the profile's `endpoint_url`. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`
/// (or `ignore_configured_endpoint_urls = true`) turns them all off. Without an override the
/// endpoint is `https://{prefix}.{region}.amazonaws.com` (`.amazonaws.com.cn` in China), or the
/// service's one global host; STS signs globally at `sts.amazonaws.com` for region `aws-global`.
public struct AWSEndpointResolver: Sendable {
    public let environment: [String: String]
    /// The profile's properties (`endpoint_url`, `services`, `ignore_configured_endpoint_urls`).
    public let profile: [String: String]
    /// The `[services name]` section the profile names, by service key.
    public let services: [String: [String: String]]

    public init(environment: [String: String] = [:], profile: [String: String] = [:], services: [String: [String: String]] = [:]) {
        self.environment = environment
        self.profile = profile
        self.services = services
    }

    /// The resolver for `profile` of `shared`.
    public init(environment: [String: String], shared: AWSSharedConfig, profile name: String) {
        let profile = shared.profile(name)
        let section = profile?["services"].flatMap { shared.config?.sections(.services)[$0] }
        self.init(environment: environment, profile: profile?.properties ?? [:], services: section?.subsections ?? [:])
    }

    /// The configured endpoint for `service` and where it was set, if any.
    public func override(for service: AWSService) -> (url: String, source: String)? {
        let ignore = (environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] ?? profile["ignore_configured_endpoint_urls"])?.lowercased()
        guard ignore != "true" else { return nil }
        let specific = "AWS_ENDPOINT_URL_\(service.environmentSuffix)"
        let candidates: [(String?, String)] = [
            (environment[specific], specific),
            (environment["AWS_ENDPOINT_URL"], "AWS_ENDPOINT_URL"),
            (services[service.configKey]?["endpoint_url"], "endpoint_url of \(service.configKey) in the profile's services section"),
            (profile["endpoint_url"], "endpoint_url of the profile"),
        ]
        for case let (value?, source) in candidates where !value.isEmpty { return (value, source) }
        return nil
    }

    /// The endpoint of `service` in `region`.
    public func endpoint(for service: AWSService, region: String) throws(AWSError) -> AWSEndpoint {
        try Self.validate(region: region, service: service)
        if let configured = override(for: service) {
            let (url, source) = configured
            guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
                  let host = components.host, !host.isEmpty, scheme == "http" || scheme == "https" else {
                throw AWSError(kind: .service, service: service.id, code: "InvalidEndpoint",
                               message: "\(source) is not an http(s) URL: \(url)")
            }
            let signingRegion = service.global?.signingRegion ?? region
            var path = components.percentEncodedPath
            while path.hasSuffix("/") { path.removeLast() }
            return AWSEndpoint(scheme: scheme, host: host, port: components.port, basePath: path,
                               signingRegion: signingRegion, isOverride: true)
        }
        if service == .sts && region == "aws-global" {
            return AWSEndpoint(host: "sts.amazonaws.com", signingRegion: "us-east-1")
        }
        if let global = service.global, Self.partition(of: region) == "aws" {
            return AWSEndpoint(host: global.host, signingRegion: global.signingRegion)
        }
        return AWSEndpoint(host: "\(service.endpointPrefix).\(region).\(Self.dnsSuffix(of: region))", signingRegion: region)
    }

    /// Regions AWS has announced; a well-formed region outside the list is still tried, and is
    /// reported as unknown only when its endpoint does not resolve.
    public static let knownRegions: Set<String> = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
        "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
        "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2",
        "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1", "il-central-1", "me-south-1",
        "me-central-1", "mx-central-1", "sa-east-1", "cn-north-1", "cn-northwest-1", "us-gov-east-1", "us-gov-west-1",
    ]

    /// Throws ``AWSError/Kind/unknownRegion`` when `region` cannot be a region name.
    static func validate(region: String, service: AWSService) throws(AWSError) {
        if service == .sts && region == "aws-global" { return }
        let parts = region.split(separator: "-", omittingEmptySubsequences: false)
        let wellFormed = parts.count >= 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) } }
            && parts.last!.allSatisfy(\.isNumber) && parts.first!.allSatisfy(\.isLetter)
        guard wellFormed else {
            throw AWSError(kind: .unknownRegion, service: service.id,
                           message: "not a region name (expected something like us-east-1; set AWS_REGION or the profile's region)",
                           region: region)
        }
    }

    static func partition(of region: String) -> String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }

    static func dnsSuffix(of region: String) -> String {
        partition(of: region) == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"
    }
}
