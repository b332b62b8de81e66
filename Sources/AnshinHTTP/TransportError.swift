/// Why a request got no HTTP response at all.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The host name does not resolve.
        case unknownHost
        /// Nothing accepted the connection, or it broke.
        case connection
        /// No answer within the timeout.
        case timeout
        /// The request could not be built (a URL that cannot be sent).
        case invalidRequest
        /// The caller's task was cancelled.
        case cancelled
    }

    public let kind: Kind
    /// `scheme://host[:port]` the request went to.
    public let endpoint: String
    /// What the HTTP stack said, without request contents.
    public let reason: String

    public init(kind: Kind, endpoint: String, reason: String) {
        self.kind = kind
        self.endpoint = endpoint
        self.reason = reason
    }

    public var description: String { "\(endpoint): \(reason)" }
}
