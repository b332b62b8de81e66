import AnshinHTTP
import Foundation

/// One call to an AWS API, before endpoint resolution and signing.
public struct AWSRequest: Sendable {
    public var service: AWSService
    /// The API operation (`ListUsers`), for errors and the IAM action of access-denied messages.
    public var operation: String
    public var method: String
    /// The path below the endpoint, percent-encoded, starting with `/`.
    public var path: String
    public var query: [(name: String, value: String)]
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// A label put before the host (S3 Control's `{AccountId}.`), unless the endpoint is overridden.
    public var hostPrefix: String?
    /// An S3 bucket: virtual-hosted (`bucket.s3.region…`) when its name allows, else path-style.
    public var bucket: String?
    /// Whether the request is signed (`AssumeRoleWithWebIdentity` and the SSO portal are not).
    public var signed: Bool

    public init(service: AWSService, operation: String, method: String = "GET", path: String = "/",
                query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [],
                body: [UInt8] = [], hostPrefix: String? = nil, bucket: String? = nil, signed: Bool = true) {
        self.service = service
        self.operation = operation
        self.method = method
        self.path = path.isEmpty ? "/" : path
        self.query = query
        self.headers = headers
        self.body = body
        self.hostPrefix = hostPrefix
        self.bucket = bucket
        self.signed = signed
    }
}

/// A small AWS client: resolves the endpoint, signs with SigV4, sends through an
/// ``HTTPTransport``, retries what is worth retrying and turns failures into ``AWSError``s.
///
/// Service clients call one of the protocol helpers: ``query(service:action:parameters:)`` (query
/// and EC2), ``json(service:operation:body:)`` (JSON 1.0/1.1), ``rest(service:operation:method:path:query:headers:body:hostPrefix:bucket:)``
/// with ``restXML(service:operation:method:path:query:headers:body:hostPrefix:bucket:)`` and
/// ``restJSON(service:operation:method:path:query:headers:body:)``. The client is a value: copies
/// for other regions (``inRegion(_:)``) share the credential provider and its cache, and the
/// clock correction learned when AWS refuses a signature as too far from its time.
public struct AWSClient: Sendable {
    public var region: String
    /// `nil` for a client that only makes unsigned calls.
    public var credentials: CredentialProvider?
    public var endpoints: AWSEndpointResolver
    public var transport: any HTTPTransport
    public var retry: RetryPolicy
    /// The longest wait for one attempt's response.
    public var timeout: Duration
    /// The signing time.
    public var now: @Sendable () -> Date
    /// AWS's clock offset, learned from refused signatures and shared by copies of the client.
    let clockSkew = ClockSkew()

    public init(region: String, credentials: CredentialProvider?, endpoints: AWSEndpointResolver = AWSEndpointResolver(),
                transport: any HTTPTransport = HTTPClientTransport.shared, retry: RetryPolicy = .standard,
                timeout: Duration = .seconds(30), now: @escaping @Sendable () -> Date = { Date() }) {
        self.region = region
        self.credentials = credentials
        self.endpoints = endpoints
        self.transport = transport
        self.retry = retry
        self.timeout = timeout
        self.now = now
    }

    /// The same client for another region.
    public func inRegion(_ region: String) -> AWSClient {
        var copy = self
        copy.region = region
        return copy
    }

    // MARK: Sending

    /// Sends `request` and returns the successful (2xx) response; retries throttling, 5xx and
    /// transport failures per ``retry``, once after an expired token when the credentials can be
    /// refreshed, and once in the bucket's region when S3 says it is elsewhere.
    public func send(_ request: AWSRequest) async throws(AWSError) -> HTTPResponse {
        var endpoint = try endpoints.endpoint(for: request.service, region: region)
        var refreshedAfterExpiry = false
        var followedBucketRegion = false
        var correctedClock = false
        var attempt = 0
        while true {
            attempt += 1
            var secrets: [String] = []
            var parts = prepare(request, endpoint: endpoint)
            if request.signed, let credentials {
                let current = try await credentials.credentials()
                secrets = [current.secretAccessKey, current.sessionToken].compactMap { $0 }
                let signer = SigV4Signer(credentials: current, region: endpoint.signingRegion, service: request.service.signingName)
                signer.sign(&parts, date: clockSkew.corrected(now()))
            }
            let response: HTTPResponse
            do {
                response = try await transport.send(parts, timeout: timeout)
            } catch {
                if error.kind == .unknownHost && !endpoint.isOverride && !AWSEndpointResolver.knownRegions.contains(region) {
                    throw AWSError(kind: .unknownRegion, service: request.service.id, operation: request.operation,
                                   message: "\(error.endpoint) does not resolve", endpoint: error.endpoint, region: region)
                }
                if attempt < retry.maxAttempts, error.kind != .invalidRequest {
                    try await pause(beforeRetry: attempt - 1)
                    continue
                }
                throw AWSError(kind: .network, service: request.service.id, operation: request.operation,
                               message: attempt > 1 ? "\(error.reason) (after \(attempt) attempts)" : error.reason,
                               endpoint: error.endpoint, region: region)
            }
            if (200..<300).contains(response.status) { return response }
            let body = ErrorBody.parse(response)
            let failure = self.error(for: request, response: response, body: body, endpoint: endpoint).redacting(secrets)
            // S3 names the region of a bucket asked for in the wrong one; go there, as the SDKs do.
            if request.service == .s3, !followedBucketRegion, [301, 307, 400].contains(response.status),
               let bucketRegion = response.header("x-amz-bucket-region"), bucketRegion != endpoint.signingRegion {
                followedBucketRegion = true
                endpoint = endpoint.isOverride ? endpoint : try endpoints.endpoint(for: .s3, region: bucketRegion)
                endpoint.signingRegion = bucketRegion
                continue
            }
            if request.signed, !correctedClock, clockSkew.learn(from: response, code: body.code, now: now()) {
                correctedClock = true
                continue
            }
            if failure.kind == .expiredToken, !refreshedAfterExpiry, let credentials, await credentials.refreshes {
                refreshedAfterExpiry = true
                await credentials.invalidate()
                continue
            }
            if attempt < retry.maxAttempts, RetryPolicy.isRetryable(status: response.status, code: body.code) {
                try await pause(beforeRetry: attempt - 1)
                continue
            }
            throw failure
        }
    }

    private func pause(beforeRetry retryNumber: Int) async throws(AWSError) {
        do {
            try await retry.sleep(retry.delay(beforeRetry: retryNumber))
        } catch {
            throw AWSError(kind: .network, message: "cancelled while waiting to retry")
        }
    }

    /// The request as it goes on the wire, before signing.
    func prepare(_ request: AWSRequest, endpoint: AWSEndpoint) -> HTTPRequest {
        var host = endpoint.host
        var path = request.path
        if let bucket = request.bucket {
            if !endpoint.isOverride && Self.isVirtualHostable(bucket) {
                host = "\(bucket).\(host)"
            } else {
                path = "/" + PercentEncoding.encode(bucket) + (path == "/" ? "" : path)
            }
        }
        if let prefix = request.hostPrefix, !endpoint.isOverride { host = prefix + host }
        var headers = request.headers
        headers.append((name: "User-Agent", value: "anshin"))
        return HTTPRequest(method: request.method, scheme: endpoint.scheme, host: host, port: endpoint.port,
                                path: endpoint.basePath + path, query: request.query, headers: headers,
                                body: .bytes(request.body))
    }

    /// Whether an S3 bucket name can be a host label under TLS: lower-case letters, digits and
    /// hyphens, 3 to 63 characters (dots would break the wildcard certificate).
    static func isVirtualHostable(_ bucket: String) -> Bool {
        (3...63).contains(bucket.count) && bucket.first != "-" && bucket.last != "-"
            && bucket.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }

    /// The typed error for a non-2xx response.
    func error(for request: AWSRequest, response: HTTPResponse, body: ErrorBody, endpoint: AWSEndpoint) -> AWSError {
        let code = body.code ?? ""
        let kind: AWSError.Kind
        switch code {
        case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "UnauthorizedAccess",
             "AccessDeniedFault", "Forbidden":
            kind = .accessDenied
        case "ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired":
            kind = .expiredToken
        case "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId", "SignatureDoesNotMatch",
             "AuthFailure", "IncompleteSignature", "InvalidToken":
            kind = .invalidCredentials
        default:
            kind = RetryPolicy.throttlingCodes.contains(code) || response.status == 429 ? .throttled : .service
        }
        let message = body.message ?? (response.body.isEmpty ? "HTTP \(response.status)" : String(response.text.prefix(300)))
        return AWSError(kind: kind, service: request.service.id, operation: request.operation, code: body.code,
                        message: message, requestID: body.requestID, statusCode: response.status, endpoint: endpoint.origin,
                        action: kind == .accessDenied ? "\(request.service.actionPrefix):\(request.operation)" : nil,
                        region: region)
    }

    // MARK: Protocols

    /// Calls a query-protocol (or EC2) action and returns its result: the `<ActionResult>`
    /// element for the query protocol, the response's root element for EC2.
    public func query(service: AWSService, action: String, parameters: QueryParameters) async throws(AWSError) -> XML {
        var pairs: [(name: String, value: String)] = [("Action", action), ("Version", service.apiVersion)]
        pairs += parameters.pairs
        let form = pairs.map { "\(PercentEncoding.encode($0.name))=\(PercentEncoding.encode($0.value))" }.joined(separator: "&")
        let request = AWSRequest(service: service, operation: action, method: "POST",
                                 headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                                 body: Array(form.utf8), signed: !Self.unsignedActions.contains(action))
        let response = try await send(request)
        let root = try parseXML(response, request: request)
        return root.child("\(action)Result") ?? root
    }

    /// ``query(service:action:parameters:)`` with plain name/value parameters.
    public func query(service: AWSService, action: String, parameters: [String: String] = [:]) async throws(AWSError) -> XML {
        try await query(service: service, action: action, parameters: QueryParameters(for: service, parameters))
    }

    /// STS calls that authenticate with their own token instead of a signature.
    static let unsignedActions: Set<String> = ["AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"]

    /// Calls a JSON 1.0/1.1 operation: `POST /` with `X-Amz-Target: {targetPrefix}.{operation}`.
    public func json(service: AWSService, operation: String, body: JSON = [:]) async throws(AWSError) -> JSON {
        guard case .json(let version) = service.wireProtocol, let target = service.targetPrefix else {
            throw AWSError(kind: .invalidResponse, service: service.id, operation: operation, message: "\(service.id) does not speak the JSON protocol")
        }
        let request = AWSRequest(service: service, operation: operation, method: "POST",
                                 headers: [("Content-Type", "application/x-amz-json-\(version)"), ("X-Amz-Target", "\(target).\(operation)")],
                                 body: body.bytes)
        return try parseJSON(try await send(request), request: request)
    }

    /// Calls a REST operation and returns the raw response (status, headers, body bytes).
    public func rest(service: AWSService, operation: String, method: String = "GET", path: String = "/",
                     query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [],
                     body: [UInt8] = [], hostPrefix: String? = nil, bucket: String? = nil) async throws(AWSError) -> HTTPResponse {
        try await send(AWSRequest(service: service, operation: operation, method: method, path: path, query: query,
                                  headers: headers, body: body, hostPrefix: hostPrefix, bucket: bucket))
    }

    /// Calls a REST-XML operation and returns the response's root element (an empty element
    /// named after the operation when the response has no body).
    public func restXML(service: AWSService, operation: String, method: String = "GET", path: String = "/",
                        query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [],
                        body: [UInt8] = [], hostPrefix: String? = nil, bucket: String? = nil) async throws(AWSError) -> XML {
        let request = AWSRequest(service: service, operation: operation, method: method, path: path, query: query,
                                 headers: headers, body: body, hostPrefix: hostPrefix, bucket: bucket)
        let response = try await send(request)
        if response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return XML(name: operation) }
        return try parseXML(response, request: request)
    }

    /// Calls a REST-JSON operation and returns the parsed body (`{}` when empty).
    public func restJSON(service: AWSService, operation: String, method: String = "GET", path: String = "/",
                         query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [],
                         body: JSON? = nil) async throws(AWSError) -> JSON {
        var headers = headers
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let request = AWSRequest(service: service, operation: operation, method: method, path: path, query: query,
                                 headers: headers, body: body?.bytes ?? [])
        return try parseJSON(try await send(request), request: request)
    }

    private func parseXML(_ response: HTTPResponse, request: AWSRequest) throws(AWSError) -> XML {
        do {
            return try XML.parse(response.body)
        } catch {
            throw AWSError(kind: .invalidResponse, service: request.service.id, operation: request.operation,
                           message: "the response is not valid XML: \(error)", requestID: response.header("x-amzn-RequestId"),
                           statusCode: response.status, region: region)
        }
    }

    private func parseJSON(_ response: HTTPResponse, request: AWSRequest) throws(AWSError) -> JSON {
        if response.body.isEmpty { return [:] }
        do {
            return try JSON.parse(response.body)
        } catch {
            throw AWSError(kind: .invalidResponse, service: request.service.id, operation: request.operation,
                           message: "the response is not valid JSON", requestID: response.header("x-amzn-RequestId"),
                           statusCode: response.status, region: region)
        }
    }
}
