import AnshinCore

/// Why an AWS call failed, in terms a user can act on.
///
/// Every failure of ``AWSClient`` is one of these: an error AWS returned (with its code, message,
/// request id and HTTP status), a network failure naming the endpoint, an unknown region, or
/// credentials that could not be obtained. Messages never contain a secret: the client removes
/// the secret key and session token of the credentials in use from any text it reports.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// AWS refused the call for lack of permission; ``AWSError/action`` names the IAM action.
        case accessDenied
        /// The credentials' session token has expired.
        case expiredToken
        /// The credentials are not valid (unknown key, bad signature).
        case invalidCredentials
        /// AWS kept throttling the call after every retry.
        case throttled
        /// Any other error AWS returned.
        case service
        /// The region is not one AWS has (malformed, or its endpoint does not resolve).
        case unknownRegion
        /// No HTTP response: the endpoint is unreachable or timed out.
        case network
        /// A response that could not be read (malformed XML or JSON, missing fields).
        case invalidResponse
        /// Credentials could not be obtained (STS, SSO, a process, a metadata endpoint).
        case credentials
    }

    public var kind: Kind
    /// The service id (`IAM`, `S3`), empty when no service was involved.
    public var service: String
    /// The operation (`ListUsers`), empty when none was involved.
    public var operation: String
    /// The error code AWS returned (`AccessDenied`, `NoSuchBucket`).
    public var code: String?
    /// What went wrong, from AWS or from anshin.
    public var message: String
    public var requestID: String?
    public var statusCode: Int?
    /// `scheme://host[:port]` the call went to.
    public var endpoint: String?
    /// The IAM action the call needs (`s3:GetBucketPolicy`), for access-denied errors.
    public var action: String?
    /// The region of the call.
    public var region: String?

    public init(kind: Kind, service: String = "", operation: String = "", code: String? = nil, message: String,
                requestID: String? = nil, statusCode: Int? = nil, endpoint: String? = nil, action: String? = nil,
                region: String? = nil) {
        self.kind = kind
        self.service = service
        self.operation = operation
        self.code = code
        self.message = message
        self.requestID = requestID
        self.statusCode = statusCode
        self.endpoint = endpoint
        self.action = action
        self.region = region
    }

    /// A credentials failure with `message`.
    public static func credentials(_ message: String, code: String? = nil) -> AWSError {
        AWSError(kind: .credentials, code: code, message: message)
    }

    public var description: String {
        let call = [service, operation].filter { !$0.isEmpty }.joined(separator: " ")
        let place = [region.map { "in \($0)" }, endpoint.map { "at \($0)" }].compactMap { $0 }.joined(separator: " ")
        var details: [String] = []
        if let code { details.append(code) }
        if let statusCode { details.append("HTTP \(statusCode)") }
        if let requestID { details.append("request id \(requestID)") }
        let suffix = details.isEmpty ? "" : " (\(details.joined(separator: ", ")))"
        let subject = call.isEmpty ? "" : "\(call)\(place.isEmpty ? "" : " \(place)"): "
        switch kind {
        case .accessDenied:
            let action = action.map { "access denied: the credentials lack \($0)" } ?? "access denied"
            return "\(subject)\(action): \(message)\(suffix)"
        case .expiredToken:
            return "\(subject)the session token has expired; get new credentials: \(message)\(suffix)"
        case .network:
            return "\(subject)cannot reach \(endpoint ?? "the endpoint"): \(message)"
        case .unknownRegion:
            return "\(subject)unknown region \(region.map { "\"\($0)\"" } ?? ""): \(message)"
        case .credentials:
            return "AWS credentials: \(message)\(suffix)"
        case .throttled, .service, .invalidResponse, .invalidCredentials:
            return "\(subject)\(message)\(suffix)"
        }
    }

    /// A copy whose texts no longer contain any of `secrets`.
    func redacting(_ secrets: [String]) -> AWSError {
        let hidden = secrets.filter { $0.count >= 8 }
        guard !hidden.isEmpty else { return self }
        var copy = self
        copy.message = Redaction.redact(message, hiding: hidden)
        copy.code = code.map { Redaction.redact($0, hiding: hidden) }
        return copy
    }
}
