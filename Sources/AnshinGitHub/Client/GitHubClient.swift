import AnshinCore
import AnshinHTTP
import Foundation

/// A GitHub REST API client on an ``HTTPTransport``.
///
/// It adds the token and GitHub's media type and API version to each call, follows pagination by
/// `Link` headers (only to the same API, so the token goes nowhere else), waits out rate limits
/// (see ``GitHubResponseVerdict``) up to ``maxRateLimitWait``, and retries transient failures of
/// reads. A write that failed without a verdict (no response, a 5xx) is not sent again here: it
/// may have been applied, and only the caller knows how to look ( ``GitHubError/outcomeUnknown``).
public struct GitHubClient: Sendable {
    public var api: GitHubAPI
    /// The token, never printed; nil for anonymous calls.
    public var token: String?
    public var transport: any HTTPTransport
    /// Backoff for transient failures, and the sleep used for every wait (tests inject one).
    public var retry: RetryPolicy
    /// Rate-limit waits per call before giving up.
    public var maxRateLimitWaits: Int
    /// The longest single rate-limit wait; a longer one fails the call with the reset time.
    public var maxRateLimitWait: Duration
    public var timeout: Duration
    public var now: @Sendable () -> Date

    public init(api: GitHubAPI = .dotcom, token: String?, transport: any HTTPTransport,
                retry: RetryPolicy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(500), maxDelay: .seconds(20)),
                maxRateLimitWaits: Int = 5, maxRateLimitWait: Duration = .seconds(15 * 60), timeout: Duration = .seconds(60),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.api = api
        self.token = token
        self.transport = transport
        self.retry = retry
        self.maxRateLimitWaits = maxRateLimitWaits
        self.maxRateLimitWait = maxRateLimitWait
        self.timeout = timeout
        self.now = now
    }

    /// The request for `method path?query` with `body` as JSON.
    func request(_ method: String, _ path: String, query: [(name: String, value: String)] = [], body: [UInt8]? = nil) -> HTTPRequest {
        var headers: [(name: String, value: String)] = [
            ("Accept", "application/vnd.github+json"),
            ("X-GitHub-Api-Version", "2022-11-28"),
            ("User-Agent", "anshin/\(Anshin.version)"),
        ]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        if body != nil { headers.append(("Content-Type", "application/json")) }
        return HTTPRequest(method: method, scheme: api.scheme, host: api.host, port: api.port, path: api.pathPrefix + path,
                           query: query, headers: headers, body: .bytes(body ?? []))
    }

    /// Sends `request` with the waits and retries described above; returns a response whose
    /// status is below 400 (or 404 when `allowNotFound`), else throws.
    public func send(_ request: HTTPRequest, allowNotFound: Bool = false) async throws(GitHubError) -> HTTPResponse {
        let call = "\(request.method) \(request.path.dropFirst(api.pathPrefix.count))"
        let idempotent = ["GET", "HEAD", "PUT", "DELETE"].contains(request.method) || request.method == "PATCH"
        var attempts = 0
        var rateLimitWaits = 0
        while true {
            attempts += 1
            let response: HTTPResponse
            do throws(TransportError) {
                response = try await transport.send(request, timeout: timeout)
            } catch {
                if idempotent, attempts < retry.maxAttempts, error.kind != .invalidRequest, error.kind != .cancelled {
                    try await pause(retry.delay(beforeRetry: attempts - 1), call: call)
                    continue
                }
                throw GitHubError(kind: .unavailable, call: call, message: "no response from \(api): \(error.reason)",
                                  outcomeUnknown: !idempotent)
            }
            if allowNotFound && response.status == 404 { return response }
            switch GitHubResponseVerdict.of(response, now: now(), limitedBefore: rateLimitWaits) {
            case .success:
                return response
            case .rateLimited(let delay, let resetsAt):
                guard rateLimitWaits < maxRateLimitWaits, delay <= maxRateLimitWait else {
                    throw GitHubError(kind: .rateLimited, status: response.status, call: call,
                                      message: "GitHub's rate limit is spent: \(Self.message(response))", resetsAt: resetsAt)
                }
                rateLimitWaits += 1
                attempts -= 1
                try await pause(delay, call: call)
            case .transient:
                if idempotent, attempts < retry.maxAttempts {
                    try await pause(retry.delay(beforeRetry: attempts - 1), call: call)
                    continue
                }
                throw GitHubError(kind: .unavailable, status: response.status, call: call, message: Self.message(response),
                                  outcomeUnknown: !idempotent)
            case .failure:
                throw GitHubError(kind: Self.kind(of: response.status), status: response.status, call: call, message: Self.message(response))
            }
        }
    }

    private func pause(_ delay: Duration, call: String) async throws(GitHubError) {
        do {
            try await retry.sleep(delay)
        } catch {
            throw GitHubError(kind: .unavailable, call: call, message: "cancelled while waiting to retry")
        }
    }

    static func kind(of status: Int) -> GitHubError.Kind {
        switch status {
        case 401: .unauthorized
        case 403: .forbidden
        case 404, 410: .notFound
        case 422: .validation
        default: .invalidResponse
        }
    }

    /// GitHub's `message` (and the first validation error) from an error body, else the start of the body.
    static func message(_ response: HTTPResponse) -> String {
        struct Body: Decodable {
            struct Detail: Decodable { var message: String?; var code: String?; var field: String? }
            var message: String?
            var errors: [Detail]?
        }
        if let body = try? JSONDecoder().decode(Body.self, from: Data(response.body)), let message = body.message {
            if let detail = body.errors?.first {
                return message + ": " + [detail.field, detail.code, detail.message].compactMap { $0 }.joined(separator: " ")
            }
            return message
        }
        let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "no message" : String(text.prefix(200))
    }

    // MARK: - JSON calls

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    func decode<T: Decodable>(_ type: T.Type, from response: HTTPResponse, call: String) throws(GitHubError) -> T {
        do {
            return try Self.decoder.decode(T.self, from: Data(response.body))
        } catch {
            throw GitHubError(kind: .invalidResponse, status: response.status, call: call,
                              message: "unexpected response: \(String(describing: error).prefix(300))")
        }
    }

    /// `GET path` decoded as `T`.
    public func get<T: Decodable>(_ path: String, query: [(name: String, value: String)] = [], as type: T.Type = T.self)
        async throws(GitHubError) -> T {
        let response = try await send(request("GET", path, query: query))
        return try decode(T.self, from: response, call: "GET \(path)")
    }

    /// `GET path` decoded as `T`, or nil on 404.
    public func getIfPresent<T: Decodable>(_ path: String, query: [(name: String, value: String)] = [], as type: T.Type = T.self)
        async throws(GitHubError) -> T? {
        let response = try await send(request("GET", path, query: query), allowNotFound: true)
        if response.status == 404 { return nil }
        return try decode(T.self, from: response, call: "GET \(path)")
    }

    /// Every page of `GET path` (100 a page), following `Link: rel="next"`, up to `maxPages`.
    public func getAll<T: Decodable>(_ path: String, query: [(name: String, value: String)] = [], as type: T.Type = T.self,
                                     maxPages: Int = 1000) async throws(GitHubError) -> [T] {
        var next: HTTPRequest? = request("GET", path, query: query + [("per_page", "100")])
        var items: [T] = []
        var pages = 0
        while let current = next, pages < maxPages {
            pages += 1
            let response = try await send(current)
            items += try decode([T].self, from: response, call: "GET \(path)")
            next = nil
            if let url = LinkHeader.target(response.header("Link"), relation: "next") {
                guard api.owns(url) else {
                    throw GitHubError(kind: .invalidResponse, call: "GET \(path)", message: "the next page is on another host (\(url.host ?? "?")); not following it")
                }
                next = HTTPRequest(method: "GET", url: url, headers: current.headers)
            }
        }
        return items
    }

    /// `method path` with `body` encoded as JSON (snake_case keys), decoded as `T`.
    public func write<Body: Encodable, T: Decodable>(_ method: String, _ path: String, _ body: Body, as type: T.Type = T.self)
        async throws(GitHubError) -> T {
        let bytes: [UInt8]
        do { bytes = Array(try Self.encoder.encode(body)) } catch {
            throw GitHubError(kind: .configuration, call: "\(method) \(path)", message: "cannot encode the request: \(error)")
        }
        let response = try await send(request(method, path, body: bytes))
        return try decode(T.self, from: response, call: "\(method) \(path)")
    }

    /// A GraphQL query (`POST /graphql`; `/api/graphql` on Enterprise Server) decoded as `T`
    /// from its `data`; GraphQL errors are thrown.
    public func graphQL<T: Decodable>(_ query: String, variables: [String: String], as type: T.Type = T.self) async throws(GitHubError) -> T {
        // github.com answers GraphQL at /graphql; Enterprise Server at /api/graphql beside /api/v3.
        let path = api.pathPrefix.hasSuffix("/v3") ? String(api.pathPrefix.dropLast(3)) + "graphql" : api.pathPrefix + "/graphql"
        var request: HTTPRequest
        do {
            request = self.request("POST", "", body: Array(try JSONEncoder().encode(GraphQLRequest(query: query, variables: variables))))
        } catch {
            throw GitHubError(kind: .configuration, message: "cannot encode the query")
        }
        request.path = path
        let response = try await send(request)
        let envelope = try decode(GraphQLEnvelope<T>.self, from: response, call: "POST /graphql")
        if let problem = envelope.errors?.first {
            let kind: GitHubError.Kind = problem.type == "FORBIDDEN" || problem.type == "INSUFFICIENT_SCOPES" ? .forbidden
                : problem.type == "NOT_FOUND" ? .notFound : .invalidResponse
            throw GitHubError(kind: kind, status: response.status, call: "POST /graphql", message: problem.message)
        }
        guard let data = envelope.data else {
            throw GitHubError(kind: .invalidResponse, status: response.status, call: "POST /graphql", message: "no data in the answer")
        }
        return data
    }
}

private struct GraphQLRequest: Encodable {
    var query: String
    var variables: [String: String]
}

/// A GraphQL answer: `data`, or `errors` with GitHub's error `type` (`FORBIDDEN`, `NOT_FOUND`).
private struct GraphQLEnvelope<T: Decodable>: Decodable {
    struct Problem: Decodable {
        var message: String
        var type: String?
    }
    var data: T?
    var errors: [Problem]?
}
