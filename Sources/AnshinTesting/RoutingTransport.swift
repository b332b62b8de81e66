import AnshinHTTP
import Foundation

/// An in-memory ``HTTPTransport`` that answers each request with what `route` gives for it
/// (a 500 with an AWS-style error body when it gives nothing), for recorded responses.
public final class RoutingTransport: HTTPTransport, @unchecked Sendable {
    public let route: @Sendable (HTTPRequest) -> HTTPResponse?

    public init(route: @escaping @Sendable (HTTPRequest) -> HTTPResponse?) {
        self.route = route
    }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws(TransportError) -> HTTPResponse {
        route(request) ?? HTTPResponse(status: 500, body: Array("<Error><Code>InternalError</Code><Message>no recorded answer</Message></Error>".utf8))
    }
}
