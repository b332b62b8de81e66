import AnshinHTTP
import Foundation

/// An in-memory ``HTTPTransport`` that answers every request with one recorded response and
/// keeps the requests.
public final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    private let respond: @Sendable (HTTPRequest) -> HTTPResponse
    private let lock = NSLock()
    private var sent: [HTTPRequest] = []

    /// Answers every request with `response`.
    public init(response: HTTPResponse) {
        respond = { _ in response }
    }

    /// Answers each request with what `respond` makes of it (by operation, path…).
    public init(_ respond: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        self.respond = respond
    }

    public var requests: [HTTPRequest] { lock.withLock { sent } }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws(TransportError) -> HTTPResponse {
        lock.withLock { sent.append(request) }
        return respond(request)
    }
}
