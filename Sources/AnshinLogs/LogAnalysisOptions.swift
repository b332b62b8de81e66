import Foundation

/// What to aggregate and how: time buckets, the date range, caps, the customer key, route patterns.
public struct LogAnalysisOptions: Sendable {
    /// Width of a route's time bucket, in seconds (default one hour).
    public var bucketSeconds: Int64 = 3600
    /// Width of a customer's time bucket, in seconds (default one day).
    public var customerBucketSeconds: Int64 = 86400
    /// Only requests at or after this time (microseconds since the epoch).
    public var since: Int64?
    /// Only requests before this time (microseconds since the epoch).
    public var until: Int64?
    /// At most this many distinct routes; the rest are counted under ``LogAggregate/otherRoute``.
    public var routeLimit = 500
    /// At most this many distinct customers; the rest are counted under ``LogAggregate/otherRoute``.
    public var customerLimit = 2000
    public var customerKey: CustomerKey?
    public var templater: RouteTemplater
    /// Plain inputs are cut into chunks of this many bytes (at line boundaries) for the workers.
    public var chunkSize = 16 << 20
    /// Worker threads; defaults to the number of cores.
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    /// Invalid lines kept as examples for the report.
    public var invalidSamples = 5

    public init(templater: RouteTemplater? = nil) {
        self.templater = templater ?? (try! RouteTemplater())
    }
}

/// Where the customer of a request is read from.
public enum CustomerKey: Sendable, Equatable {
    /// The request's host (ALB's request URL, nginx `$host`, CloudFront's `x-host-header`).
    case host
    /// The N-th path segment, from 1 (`/t/acme/orders` with 2 is `acme`).
    case pathSegment(Int)
    /// A named field of the format (its captured field: an nginx variable such as
    /// `http_x_customer_id`, a JSON field, an ALB or CloudFront field name).
    case field(String)

    /// Parses `host`, `path:N`, `field:NAME` or `header:NAME` (a request header, logged by nginx
    /// as `$http_name` and by Apache as `%{Name}i`).
    public static func parse(_ text: String) throws(LogConfigurationError) -> CustomerKey {
        if text == "host" { return .host }
        if text.hasPrefix("path:") {
            guard let index = Int(text.dropFirst(5)), index >= 1 else {
                throw LogConfigurationError("--customer \(text): path:N needs a segment number from 1")
            }
            return .pathSegment(index)
        }
        if text.hasPrefix("field:"), text.count > 6 { return .field(String(text.dropFirst(6))) }
        if text.hasPrefix("header:"), text.count > 7 {
            return .field("http_" + text.dropFirst(7).lowercased().replacingOccurrences(of: "-", with: "_"))
        }
        throw LogConfigurationError("--customer \(text): expected host, path:N, field:NAME or header:NAME")
    }

    /// The field name a format must capture for this key.
    public var capturedField: String? {
        if case .field(let name) = self { return name }
        return nil
    }
}
