/// The pages of a paginated operation, fetched one at a time as the sequence is iterated:
/// `for try await page in client.queryPages(…) { … }`, or ``collect()`` for all of them.
///
/// Each fetch gets the previous page's token (`nil` first) and returns the page and the next
/// token; the sequence ends at a missing or empty token. A token that comes back twice is a
/// server bug that would loop forever, so it is an error.
public struct AWSPages<Page: Sendable>: AsyncSequence, Sendable {
    public typealias Element = Page
    public typealias Failure = AWSError
    public typealias Fetch = @Sendable (_ token: String?) async throws(AWSError) -> (page: Page, next: String?)

    private let fetch: Fetch

    public init(fetch: @escaping Fetch) {
        self.fetch = fetch
    }

    public func makeAsyncIterator() -> Iterator { Iterator(fetch: fetch) }

    /// Every page, in order.
    public func collect() async throws(AWSError) -> [Page] {
        var pages: [Page] = []
        var iterator = makeAsyncIterator()
        while let page = try await iterator.next() { pages.append(page) }
        return pages
    }

    public struct Iterator: AsyncIteratorProtocol {
        public typealias Element = Page
        public typealias Failure = AWSError
        let fetch: Fetch
        var token: String?
        var finished = false
        var seen: Set<String> = []

        public mutating func next() async throws(AWSError) -> Page? {
            guard !finished else { return nil }
            let (page, next) = try await fetch(token)
            if let next, !next.isEmpty {
                guard seen.insert(next).inserted else {
                    finished = true
                    throw AWSError(kind: .invalidResponse, message: "pagination returned the token \"\(next.prefix(40))\" twice")
                }
                token = next
            } else {
                finished = true
            }
            return page
        }
    }
}

extension AWSClient {
    /// Pages of a query or EC2 action: the token of `outputToken` (a path in the result, e.g.
    /// `Marker` or `NextToken`) goes into `inputToken` of the next call; with `truncatedFlag`
    /// (`IsTruncated`) the token counts only while the flag is `true`.
    public func queryPages(service: AWSService, action: String, parameters: QueryParameters? = nil,
                           inputToken: String = "Marker", outputToken: String = "Marker",
                           truncatedFlag: String? = nil) -> AWSPages<XML> {
        let base = parameters ?? QueryParameters(for: service)
        return AWSPages { token async throws(AWSError) -> (page: XML, next: String?) in
            var parameters = base
            if let token { parameters.set(inputToken, token) }
            let result = try await query(service: service, action: action, parameters: parameters)
            let truncated = truncatedFlag.map { result.value($0) == "true" } ?? true
            return (result, truncated ? result.value(outputToken) : nil)
        }
    }

    /// Pages of a JSON operation: `outputToken` of a response goes into `inputToken` of the next
    /// request body (both `NextToken` for most services).
    public func jsonPages(service: AWSService, operation: String, body: JSON = [:],
                          inputToken: String = "NextToken", outputToken: String = "NextToken") -> AWSPages<JSON> {
        AWSPages { token async throws(AWSError) -> (page: JSON, next: String?) in
            let request = token.map { body.setting(inputToken, to: .string($0)) } ?? body
            let response = try await json(service: service, operation: operation, body: request)
            return (response, response[outputToken]?.string)
        }
    }

    /// Pages of a REST-XML operation: S3's `ListObjectsV2` uses `continuation-token` and
    /// `NextContinuationToken` with `IsTruncated`; CloudFront uses `Marker` and `NextMarker`.
    public func restXMLPages(service: AWSService, operation: String, path: String = "/",
                             query: [(name: String, value: String)] = [], bucket: String? = nil,
                             inputToken: String, outputToken: String, truncatedFlag: String? = nil) -> AWSPages<XML> {
        AWSPages { token async throws(AWSError) -> (page: XML, next: String?) in
            let parameters = query + (token.map { [(name: inputToken, value: $0)] } ?? [])
            let result = try await restXML(service: service, operation: operation, path: path, query: parameters, bucket: bucket)
            let truncated = truncatedFlag.map { result.value($0) == "true" } ?? true
            return (result, truncated ? result.value(outputToken) : nil)
        }
    }

    /// Pages of a REST-JSON GET operation: Lambda's `Marker` query parameter and `NextMarker`.
    public func restJSONPages(service: AWSService, operation: String, path: String,
                              query: [(name: String, value: String)] = [],
                              inputToken: String = "Marker", outputToken: String = "NextMarker") -> AWSPages<JSON> {
        AWSPages { token async throws(AWSError) -> (page: JSON, next: String?) in
            let parameters = query + (token.map { [(name: inputToken, value: $0)] } ?? [])
            let response = try await restJSON(service: service, operation: operation, path: path, query: parameters)
            return (response, response[outputToken]?.string)
        }
    }
}
