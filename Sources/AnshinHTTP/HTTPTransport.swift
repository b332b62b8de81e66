/// Sends one HTTP request and reads the whole response.
///
/// Everything anshin sends over HTTP (AWS, GitHub, probes, webhooks) goes through this protocol,
/// so the logic above it is exercised against loopback servers or in-memory transports in tests
/// (`AnshinTesting`); ``HTTPClientTransport`` is the one production implementation.
public protocol HTTPTransport: Sendable {
    /// Sends `request` (its body must be ``HTTPRequest/Body/bytes(_:)``; other bodies are
    /// sent empty) and waits at most `timeout` for the complete response.
    /// Throws ``TransportError`` when no HTTP response arrives.
    func send(_ request: HTTPRequest, timeout: Duration) async throws(TransportError) -> HTTPResponse
}
