import AnshinCore
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The HTTP transport of every API client: the one place that opens their connections.
///
/// One `HTTPClient` serves each proxy configuration for the whole process (normally one, for
/// ``shared``), so connections to an endpoint are pooled and reused across every client, region
/// and account. The clients live for the life of the process and are never deinitialised, which
/// is what `HTTPClient` requires of a client that is not shut down explicitly. They follow no
/// redirects (AWS answers a wrong S3 region with a 301 that must surface as an error; a caller that
/// wants a redirect followed reads `Location` itself) and do not
/// decompress (AWS does not compress unless asked). Requests go through the proxies of
/// ``ProxySettings``.
public struct HTTPClientTransport: HTTPTransport {
    /// The process-wide transport, with the proxies of the process's environment.
    public static let shared = HTTPClientTransport(environment: ProcessInfo.processInfo.environment)

    /// The clients made so far, one per proxy (`nil`: direct); never released.
    private static let clients = LockedValue<[ProxySettings.Server?: HTTPClient]>([:])

    private static func client(for proxy: ProxySettings.Server?) -> HTTPClient {
        clients.withLock { clients in
            if let client = clients[proxy] { return client }
            // Connection failures are retried by the caller's retry policy, with its backoff,
            // rather than silently inside the pool until the connect timeout.
            var pool = HTTPClient.Configuration.ConnectionPool(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
            pool.retryConnectionEstablishment = false
            var configuration = HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: .init(connect: .seconds(10), read: .seconds(60)),
                connectionPool: pool,
                decompression: .disabled)
            if let proxy {
                configuration.proxy = .server(host: proxy.host, port: proxy.port,
                                              authorization: proxy.credentials.map { .basic(credentials: Data($0.utf8).base64EncodedString()) })
            }
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            clients[proxy] = client
            return client
        }
    }

    public let proxies: ProxySettings

    /// A transport through the proxies `environment` names (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`).
    public init(environment: [String: String]) {
        proxies = ProxySettings(environment: environment)
    }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws(TransportError) -> HTTPResponse {
        guard let url = request.url else {
            throw TransportError(kind: .invalidRequest, endpoint: request.endpoint, reason: "the path cannot be sent in a URL")
        }
        var outgoing = HTTPClientRequest(url: url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method.uppercased())
        for header in request.headers where header.name.lowercased() != "host" {
            outgoing.headers.add(name: header.name, value: header.value)
        }
        let bytes = request.bodyBytes
        if !bytes.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method.uppercased()) {
            outgoing.body = .bytes(ByteBuffer(bytes: bytes))
        }
        let amount = TimeAmount.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
            + timeout.components.attoseconds / 1_000_000_000)
        do {
            let client = Self.client(for: proxies.proxy(scheme: request.scheme, host: request.host))
            let response = try await client.execute(outgoing, timeout: amount)
            var body = try await response.body.collect(upTo: 256 * 1024 * 1024)
            let headers = response.headers.map { (name: $0.name, value: $0.value) }
            return HTTPResponse(status: Int(response.status.code), headers: headers,
                                body: body.readBytes(length: body.readableBytes) ?? [])
        } catch {
            throw Self.classify(error, endpoint: request.endpoint)
        }
    }

    /// A failed connection's system error in words.
    static func describe(errno code: Int32) -> String {
        switch code {
        case ECONNREFUSED: "connection refused (nothing listens there)"
        case ECONNRESET: "the connection was reset"
        case ETIMEDOUT: "timed out"
        case ENETUNREACH: "the network is unreachable"
        case EHOSTUNREACH: "the host is unreachable"
        default: SystemErrorText.describe(errno: code)
        }
    }

    /// Maps the HTTP stack's errors onto the few cases callers act on.
    private static func classify(_ error: any Error, endpoint: String) -> TransportError {
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return TransportError(kind: .timeout, endpoint: endpoint, reason: "timed out")
            default:
                return TransportError(kind: .connection, endpoint: endpoint, reason: String(describing: clientError))
            }
        }
        if let io = error as? IOError {
            return TransportError(kind: .connection, endpoint: endpoint, reason: describe(errno: io.errnoCode))
        }
        let text = String(describing: error)
        // A system error wrapped in another error's text: say it in words, without its number.
        if let marker = text.range(of: "(errno: "), let end = text[marker.upperBound...].firstIndex(of: ")"),
           let code = Int32(text[marker.upperBound..<end]) {
            return TransportError(kind: .connection, endpoint: endpoint, reason: describe(errno: code))
        }
        let unresolved = ["NXDOMAIN", "getaddrinfo", "not known", "No address", "resolve", "dnsA"]
        if unresolved.contains(where: text.contains) {
            return TransportError(kind: .unknownHost, endpoint: endpoint, reason: "the host name does not resolve")
        }
        return TransportError(kind: .connection, endpoint: endpoint, reason: text)
    }
}
