import Foundation

/// An HTTP request as a plain value with no networking types: what a transport sends, and what
/// a request signer (AWS SigV4) reads and adds headers to.
///
/// `path` is the path as it goes on the wire (already percent-encoded, `/` when empty); the
/// query is kept decoded, as ordered name/value pairs, and is encoded with RFC 3986 rules when
/// the request is sent, which is also how SigV4 canonicalises it. Headers keep their order and
/// their case; duplicates are allowed.
public struct HTTPRequest: Sendable {
    /// The body, or what a signer hashes in its place.
    public enum Body: Sendable, Equatable {
        /// The bytes sent; the signer hashes them.
        case bytes([UInt8])
        /// The hex SHA-256 of a body the caller streams or hashed already.
        case precomputedHash(String)
        /// `UNSIGNED-PAYLOAD`: the body is not covered by the signature (S3 and presigned URLs).
        case unsigned

        /// An empty body.
        public static let empty = Body.bytes([])
    }

    public var method: String
    public var scheme: String
    public var host: String
    /// The port when it is not the scheme's default.
    public var port: Int?
    /// The path as sent, percent-encoded; `/` for the root.
    public var path: String
    /// Decoded query parameters in order; a parameter without `=` has an empty value.
    public var query: [(name: String, value: String)]
    public var headers: [(name: String, value: String)]
    public var body: Body

    public init(method: String, scheme: String = "https", host: String, port: Int? = nil, path: String = "/",
                query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [],
                body: Body = .empty) {
        self.method = method
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path.isEmpty ? "/" : path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Splits `url` into parts; its query is decoded (a `+` stays a plus, as AWS expects).
    public init(method: String, url: URL, headers: [(name: String, value: String)] = [], body: Body = .empty) {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        let scheme = (components?.scheme ?? "https").lowercased()
        var port = components?.port
        if port == HTTPRequest.defaultPort(of: scheme) { port = nil }
        self.init(method: method, scheme: scheme, host: components?.host ?? "", port: port,
                  path: components?.percentEncodedPath ?? "/",
                  query: HTTPRequest.decodeQuery(components?.percentEncodedQuery),
                  headers: headers, body: body)
    }

    /// `scheme://host[:port]`, for messages that name where a request went.
    public var endpoint: String { "\(scheme)://\(hostHeader)" }

    /// The bytes to send, when the body holds them.
    public var bodyBytes: [UInt8] {
        if case .bytes(let bytes) = body { return bytes }
        return []
    }

    /// The value of the `Host` header: the host, with the port when it is not the default.
    public var hostHeader: String {
        if let port { return "\(host):\(port)" }
        return host
    }

    /// The encoded query string, in the order of ``query`` (no leading `?`).
    public var encodedQuery: String {
        query.map { "\(PercentEncoding.encode($0.name))=\(PercentEncoding.encode($0.value))" }.joined(separator: "&")
    }

    /// The request target of the request line: path, then `?` and the query when there is one.
    public var target: String {
        query.isEmpty ? path : "\(path)?\(encodedQuery)"
    }

    /// The URL the request goes to, or `nil` when the path holds characters a URL cannot.
    public var url: URL? {
        URL(string: "\(scheme)://\(hostHeader)\(target)")
    }

    /// The values of the header `name` (case-insensitive), in order.
    public func headerValues(_ name: String) -> [String] {
        let lowered = name.lowercased()
        return headers.filter { $0.name.lowercased() == lowered }.map(\.value)
    }

    /// Removes every header called `name` (case-insensitive).
    public mutating func removeHeader(_ name: String) {
        let lowered = name.lowercased()
        headers.removeAll { $0.name.lowercased() == lowered }
    }

    /// Replaces every header called `name` with one header holding `value`, added at the end.
    public mutating func setHeader(_ name: String, _ value: String) {
        removeHeader(name)
        headers.append((name: name, value: value))
    }

    /// Decodes a percent-encoded query string into name/value pairs; `+` is kept literally.
    public static func decodeQuery(_ query: String?) -> [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            guard let equals = pair.firstIndex(of: "=") else {
                return (name: PercentEncoding.decode(String(pair)), value: "")
            }
            return (name: PercentEncoding.decode(String(pair[..<equals])),
                    value: PercentEncoding.decode(String(pair[pair.index(after: equals)...])))
        }
    }

    public static func defaultPort(of scheme: String) -> Int? {
        switch scheme {
        case "https": 443
        case "http": 80
        default: nil
        }
    }
}
