import AnshinHTTP
import Crypto
import Foundation

/// Signs requests with AWS Signature Version 4, in the `Authorization` header or in the query
/// string of a presigned URL.
///
/// The signer is a value: credentials, region, service and the service's encoding rules. It never
/// prints or logs the secret; ``SigV4Signature`` carries the canonical request and string to sign
/// so tests and debugging can compare them with AWS's without seeing the key.
public struct SigV4Signer: Sendable {
    /// Service-specific signing rules.
    public struct Options: Sendable, Equatable {
        /// Encode each path segment twice (every service except S3).
        public var doubleEncodePath: Bool
        /// Remove empty, `.` and `..` path segments before encoding (every service except S3).
        public var normalizePath: Bool
        /// Send the payload hash in `x-amz-content-sha256` and sign it (S3 requires it).
        public var addContentSHA256Header: Bool
        /// Add the session token after signing, outside the signature (a few services, such as
        /// IoT, require this); by default the token is signed.
        public var omitSessionTokenFromSignature: Bool

        public init(doubleEncodePath: Bool = true, normalizePath: Bool = true,
                    addContentSHA256Header: Bool = false, omitSessionTokenFromSignature: Bool = false) {
            self.doubleEncodePath = doubleEncodePath
            self.normalizePath = normalizePath
            self.addContentSHA256Header = addContentSHA256Header
            self.omitSessionTokenFromSignature = omitSessionTokenFromSignature
        }

        /// The rules a service signs with: S3 (and S3 Express, `s3express`) neither double-encodes
        /// nor normalises the path and requires `x-amz-content-sha256`; every other service
        /// does the opposite.
        public static func forService(_ service: String) -> Options {
            switch service {
            case "s3", "s3express", "s3-object-lambda":
                Options(doubleEncodePath: false, normalizePath: false, addContentSHA256Header: true)
            default:
                Options()
            }
        }
    }

    /// Longest presigned URL lifetime SigV4 accepts: seven days.
    public static let maximumPresignedLifetime = 604_800

    /// Headers never signed: added or rewritten by proxies and transports after signing.
    static let unsignedHeaders: Set<String> = [
        "authorization", "user-agent", "x-amzn-trace-id", "expect", "transfer-encoding",
        "connection", "upgrade", "proxy-authorization", "te", "keep-alive",
    ]

    public let credentials: AWSCredentials
    public let region: String
    public let service: String
    public var options: Options

    public init(credentials: AWSCredentials, region: String, service: String, options: Options? = nil) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options ?? Options.forService(service)
    }

    /// The credential scope: `YYYYMMDD/region/service/aws4_request`.
    public func scope(date: Date) -> String {
        "\(SigV4.dateStamp(date))/\(region)/\(service)/aws4_request"
    }

    /// Signs `request` in place: adds `Host` when missing, `X-Amz-Date`, `x-amz-content-sha256`
    /// when the service requires it, `X-Amz-Security-Token` for temporary credentials, and the
    /// `Authorization` header. Signing again replaces the previous signature.
    @discardableResult
    public func sign(_ request: inout HTTPRequest, date: Date) -> SigV4Signature {
        for name in ["Authorization", "X-Amz-Date", "X-Amz-Security-Token"] { request.removeHeader(name) }
        if request.headerValues("Host").isEmpty { request.headers.insert((name: "Host", value: request.hostHeader), at: 0) }
        let timestamp = SigV4.timestamp(date)
        request.headers.append((name: "X-Amz-Date", value: timestamp))
        let token = credentials.sessionToken
        if let token, !options.omitSessionTokenFromSignature {
            request.headers.append((name: "X-Amz-Security-Token", value: token))
        }
        let payloadHash = payloadHash(of: request.body)
        if options.addContentSHA256Header { request.setHeader("x-amz-content-sha256", payloadHash) }

        let signature = compute(request, query: request.query, payloadHash: payloadHash, date: date)
        if let token, options.omitSessionTokenFromSignature {
            request.headers.append((name: "X-Amz-Security-Token", value: token))
        }
        request.headers.append((name: "Authorization", value: signature.authorization))
        return signature
    }

    /// Presigns `request` in place: the signature and its parameters (`X-Amz-Algorithm`,
    /// `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`, the session token
    /// and `X-Amz-Signature`) go into the query string, valid for `expiresIn` seconds.
    ///
    /// Every header of `request` is signed, so whoever uses the URL must send the same ones; for
    /// S3 give the body as ``HTTPRequest/Body/unsigned``.
    @discardableResult
    public func presign(_ request: inout HTTPRequest, date: Date, expiresIn: Int) throws(SigV4Error) -> SigV4Signature {
        guard (1...Self.maximumPresignedLifetime).contains(expiresIn) else {
            throw .invalidExpiry(seconds: expiresIn)
        }
        let authParameters: Set<String> = ["x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-expires",
                                           "x-amz-signedheaders", "x-amz-security-token", "x-amz-signature"]
        request.query.removeAll { authParameters.contains($0.name.lowercased()) }
        for name in ["Authorization", "X-Amz-Date", "X-Amz-Security-Token"] { request.removeHeader(name) }
        let canonical = canonicalHeaders(of: request)
        request.query += [
            (name: "X-Amz-Algorithm", value: SigV4.algorithm),
            (name: "X-Amz-Credential", value: "\(credentials.accessKeyID)/\(scope(date: date))"),
            (name: "X-Amz-Date", value: SigV4.timestamp(date)),
            (name: "X-Amz-Expires", value: String(expiresIn)),
            (name: "X-Amz-SignedHeaders", value: canonical.signedHeaders),
        ]
        let token = credentials.sessionToken
        if let token, !options.omitSessionTokenFromSignature {
            request.query.append((name: "X-Amz-Security-Token", value: token))
        }
        let signature = compute(request, query: request.query, payloadHash: payloadHash(of: request.body), date: date)
        if let token, options.omitSessionTokenFromSignature {
            request.query.append((name: "X-Amz-Security-Token", value: token))
        }
        request.query.append((name: "X-Amz-Signature", value: signature.signature))
        return signature
    }

    /// The presigned URL of `request`, or `nil` when its path holds characters a URL cannot.
    public func presignedURL(_ request: HTTPRequest, date: Date, expiresIn: Int) throws(SigV4Error) -> URL? {
        var copy = request
        try presign(&copy, date: date, expiresIn: expiresIn)
        return copy.url
    }

    /// The hash SigV4 signs for `body`: hex SHA-256, or `UNSIGNED-PAYLOAD`.
    public func payloadHash(of body: HTTPRequest.Body) -> String {
        switch body {
        case .bytes(let bytes): bytes.isEmpty ? SigV4.emptyPayloadHash : SigV4.sha256Hex(bytes)
        case .precomputedHash(let hash): hash.lowercased()
        case .unsigned: SigV4.unsignedPayload
        }
    }

    /// The canonical headers block (each `name:value\n`) and the signed header list of `request`.
    public func canonicalHeaders(of request: HTTPRequest) -> (block: String, signedHeaders: String) {
        var values: [String: [String]] = [:]
        var order: [String] = []
        var headers = request.headers
        if !headers.contains(where: { $0.name.lowercased() == "host" }) {
            headers.insert((name: "host", value: request.hostHeader), at: 0)
        }
        for header in headers {
            let name = header.name.lowercased().trimmingCharacters(in: .whitespaces)
            guard !Self.unsignedHeaders.contains(name) else { continue }
            if values[name] == nil { order.append(name) }
            values[name, default: []].append(SigV4.canonicalHeaderValue(header.value))
        }
        let names = order.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let block = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        return (block, names.joined(separator: ";"))
    }

    /// The canonical request of `request` as it stands (signing headers already added).
    public func canonicalRequest(_ request: HTTPRequest, query: [(name: String, value: String)], payloadHash: String) -> (text: String, signedHeaders: String) {
        let headers = canonicalHeaders(of: request)
        let text = [
            request.method.uppercased(),
            SigV4.canonicalURI(path: request.path, doubleEncode: options.doubleEncodePath, normalize: options.normalizePath),
            SigV4.canonicalQuery(query),
            headers.block,
            headers.signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        return (text, headers.signedHeaders)
    }

    private func compute(_ request: HTTPRequest, query: [(name: String, value: String)], payloadHash: String, date: Date) -> SigV4Signature {
        let canonical = canonicalRequest(request, query: query, payloadHash: payloadHash)
        let scope = scope(date: date)
        let stringToSign = [SigV4.algorithm, SigV4.timestamp(date), scope, SigV4.sha256Hex(canonical.text)]
            .joined(separator: "\n")
        let key = SigV4.signingKey(secretAccessKey: credentials.secretAccessKey, date: SigV4.dateStamp(date),
                                   region: region, service: service)
        let signature = SigV4.hmacHex(stringToSign, key: key)
        let authorization = "\(SigV4.algorithm) Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"
        return SigV4Signature(canonicalRequest: canonical.text, stringToSign: stringToSign,
                              signedHeaders: canonical.signedHeaders, signature: signature,
                              authorization: authorization)
    }
}

/// The intermediate and final values of one signature, for tests and debugging; the secret and
/// the signing key are not among them.
public struct SigV4Signature: Sendable, Equatable {
    public let canonicalRequest: String
    public let stringToSign: String
    /// The lower-case header names signed, joined by `;`.
    public let signedHeaders: String
    /// The hex signature.
    public let signature: String
    /// The `Authorization` header value (also built for presigned requests, which do not use it).
    public let authorization: String
}

/// A request SigV4 cannot sign.
public enum SigV4Error: Error, Equatable, CustomStringConvertible {
    /// A presigned URL's lifetime must be 1 second to 7 days.
    case invalidExpiry(seconds: Int)

    public var description: String {
        switch self {
        case .invalidExpiry(let seconds):
            "presigned URL lifetime must be 1 to \(SigV4Signer.maximumPresignedLifetime) seconds, got \(seconds)"
        }
    }
}
