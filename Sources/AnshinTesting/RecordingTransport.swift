import AnshinHTTP
import Foundation

/// An in-memory ``HTTPTransport`` that answers every request with one recorded response and
/// keeps the requests.
public final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    public let response: HTTPResponse
    private let lock = NSLock()
    private var sent: [HTTPRequest] = []

    public init(response: HTTPResponse) {
        self.response = response
    }

    public var requests: [HTTPRequest] { lock.withLock { sent } }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws(TransportError) -> HTTPResponse {
        lock.withLock { sent.append(request) }
        return response
    }
}
