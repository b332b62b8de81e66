import Foundation

/// Why a GitHub call failed, in the terms a user acts on.
public struct GitHubError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A wrong input of ours: a repository name, an API URL, no token.
        case configuration
        /// 401: the token is missing, expired or revoked.
        case unauthorized
        /// 403 that is not a rate limit: the token lacks a scope or the user a permission.
        case forbidden
        /// 404: no such thing, or (GitHub hides private things) not visible to this token.
        case notFound
        /// 422: GitHub refused the content.
        case validation
        /// The rate limit is spent for longer than we are willing to wait.
        case rateLimited
        /// 5xx, or no response at all.
        case unavailable
        /// A response we cannot read.
        case invalidResponse
    }

    public var kind: Kind
    /// The HTTP status, when a response came.
    public var status: Int?
    /// `METHOD /path` of the call, when there was one.
    public var call: String?
    /// What GitHub or the transport said.
    public var message: String
    /// When the rate limit resets, for ``Kind/rateLimited``.
    public var resetsAt: Date?
    /// True when a write may have taken effect although it failed (no response, a 5xx): the caller
    /// must look before writing again.
    public var outcomeUnknown: Bool

    public init(kind: Kind, status: Int? = nil, call: String? = nil, message: String, resetsAt: Date? = nil,
                outcomeUnknown: Bool = false) {
        self.kind = kind
        self.status = status
        self.call = call
        self.message = message
        self.resetsAt = resetsAt
        self.outcomeUnknown = outcomeUnknown
    }

    public var description: String {
        var text = call.map { "\($0): " } ?? ""
        if let status { text += "HTTP \(status): " }
        text += message
        switch kind {
        case .unauthorized:
            text += " (the token is missing, expired or revoked)"
        case .forbidden:
            text += " (the token lacks a scope or its user a permission)"
        case .rateLimited:
            if let resetsAt { text += " (the limit resets at \(ISO8601DateFormatter().string(from: resetsAt)))" }
        default:
            break
        }
        return text
    }
}
