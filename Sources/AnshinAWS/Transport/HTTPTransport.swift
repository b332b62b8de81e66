import Foundation

/// What an HTTP exchange returned: status, headers and the whole body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

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

/// Sends one HTTP request and reads the whole response.
///
/// Everything that speaks to AWS goes through this protocol, so the signing, retry, protocol and
/// credential logic is exercised against loopback servers or in-memory transports in tests;
/// ``HTTPClientTransport`` is the one production implementation.
public protocol HTTPTransport: Sendable {
    /// Sends `request` (its body must be ``HTTPRequestParts/Body/bytes(_:)``; other bodies are
    /// sent empty) and waits at most `timeout` for the complete response.
    /// Throws ``TransportError`` when no HTTP response arrives.
    func send(_ request: HTTPRequestParts, timeout: Duration) async throws(TransportError) -> HTTPResponse
}

extension HTTPRequestParts {
    /// `scheme://host[:port]`, for messages that name where a request went.
    public var endpoint: String { "\(scheme)://\(hostHeader)" }

    /// The bytes to send, when the body holds them.
    var bodyBytes: [UInt8] {
        if case .bytes(let bytes) = body { return bytes }
        return []
    }
}
