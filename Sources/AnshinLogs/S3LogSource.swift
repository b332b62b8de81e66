import AnshinAWS
import AnshinHTTP
import Foundation

/// Logs under an S3 prefix, as a load balancer or CloudFront delivers them
/// (`s3://bucket/AWSLogs/<account>/elasticloadbalancing/<region>/<yyyy>/<mm>/<dd>/…`).
///
/// Objects are listed with `ListObjectsV2` (every page), fetched with `GetObject` in key order and
/// analysed in batches of about ``batchBytes`` compressed bytes: a batch's objects are parsed on
/// every core as ``LogInput/bytes(name:_:)`` inputs named `s3://bucket/key`, and the batches'
/// aggregates merged. Memory is one batch of objects plus the aggregates, whatever the prefix holds.
public struct S3LogSource: Sendable {
    public struct Location: Sendable, Equatable, CustomStringConvertible {
        public var bucket: String
        public var prefix: String

        public init(bucket: String, prefix: String) {
            self.bucket = bucket
            self.prefix = prefix
        }

        /// Parses `s3://bucket` or `s3://bucket/prefix`.
        public static func parse(_ text: String) throws(LogConfigurationError) -> Location {
            guard text.hasPrefix("s3://") else { throw LogConfigurationError("\(text): expected s3://bucket/prefix") }
            let rest = text.dropFirst(5)
            let bucket = String(rest.prefix { $0 != "/" })
            let valid = (3...63).contains(bucket.count)
                && bucket.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == ".") }
            guard valid else { throw LogConfigurationError("\(text): \"\(bucket)\" is not an S3 bucket name") }
            return Location(bucket: bucket, prefix: String(rest.dropFirst(bucket.count + 1)))
        }

        public static func isS3(_ text: String) -> Bool { text.hasPrefix("s3://") }

        public var description: String { "s3://\(bucket)/\(prefix)" }
    }

    /// One listed object.
    public struct Object: Sendable, Equatable {
        public var key: String
        public var size: Int64
    }

    public var client: AWSClient
    /// How many bytes of objects are fetched before they are analysed together.
    public var batchBytes: Int64 = 256 << 20

    public init(client: AWSClient) {
        self.client = client
    }

    /// Every object under the prefix, in key order; folders' marker objects (keys ending in `/`)
    /// and empty objects are left out.
    public func objects(_ location: Location) async throws(LogConfigurationError) -> [Object] {
        var query: [(name: String, value: String)] = [("list-type", "2")]
        if !location.prefix.isEmpty { query.append(("prefix", location.prefix)) }
        var objects: [Object] = []
        do {
            let pages = client.restXMLPages(service: .s3, operation: "ListObjectsV2", query: query, bucket: location.bucket,
                                            inputToken: "continuation-token", outputToken: "NextContinuationToken",
                                            truncatedFlag: "IsTruncated")
            for try await page in pages {
                for content in page.children("Contents") {
                    guard let key = content.value("Key"), !key.hasSuffix("/") else { continue }
                    let size = content.value("Size").flatMap { Int64($0) } ?? 0
                    if size > 0 { objects.append(Object(key: key, size: size)) }
                }
            }
        } catch {
            throw LogConfigurationError("\(location): cannot list the objects: \(error)")
        }
        guard !objects.isEmpty else { throw LogConfigurationError("\(location): no log objects under this prefix") }
        return objects.sorted { $0.key < $1.key }
    }

    /// The bytes of one object, as stored (a `.gz` object stays compressed; the analyzer reads it).
    public func fetch(_ bucket: String, _ key: String) async throws(LogConfigurationError) -> [UInt8] {
        let path = "/" + key.split(separator: "/", omittingEmptySubsequences: false)
            .map { PercentEncoding.encode(String($0)) }.joined(separator: "/")
        do {
            return try await client.rest(service: .s3, operation: "GetObject", path: path, bucket: bucket).body
        } catch {
            throw LogConfigurationError("s3://\(bucket)/\(key): cannot read: \(error)")
        }
    }

    /// The objects of `locations` in batches of about ``batchBytes``, each as inputs named
    /// `s3://bucket/key`; `body` is called once per batch, in key order.
    public func batches(_ locations: [Location],
                        _ body: ([LogInput]) throws(LogConfigurationError) -> Void) async throws(LogConfigurationError) {
        var batch: [LogInput] = []
        var held: Int64 = 0
        for location in locations {
            for object in try await objects(location) {
                batch.append(.bytes(name: "s3://\(location.bucket)/\(object.key)", try await fetch(location.bucket, object.key)))
                held += object.size
                if held >= batchBytes {
                    try body(batch)
                    batch.removeAll()
                    held = 0
                }
            }
        }
        if !batch.isEmpty { try body(batch) }
    }

    /// Analyses every object under `locations` with the format `format` chooses from the first
    /// object (detection reads its first lines); the same result as analysing the objects as local files.
    public func analyze(_ locations: [Location], options: LogAnalysisOptions,
                        format choose: (LogInput) throws(LogConfigurationError) -> any LogFormat)
        async throws(LogConfigurationError) -> LogAggregate {
        var total = LogAggregate(bucketSeconds: options.bucketSeconds, customerBucketSeconds: options.customerBucketSeconds)
        var samples: [InvalidLine] = []
        var format: (any LogFormat)?
        try await batches(locations) { inputs throws(LogConfigurationError) in
            let chosen: any LogFormat
            if let format { chosen = format } else { chosen = try choose(inputs[0]) }
            format = chosen
            let aggregate = try LogAnalyzer.analyze(inputs, format: chosen, options: options)
            samples += aggregate.invalidSamples
            total.merge(aggregate, invalidSampleLimit: .max)
        }
        total.invalidSamples = Array(samples.prefix(options.invalidSamples))
        total.cap(routes: options.routeLimit, customers: options.customerLimit)
        return total
    }
}
