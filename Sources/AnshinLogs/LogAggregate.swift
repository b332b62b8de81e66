/// The result of an analysis: per route × time bucket and per customer × day traffic, application
/// log volume per level and source, and what could not be read. Codable, so aggregates are stored
/// and reports drawn later need no re-parse; two aggregates of disjoint inputs merge exactly.
public struct LogAggregate: Sendable, Codable, Equatable {
    /// The route and customer under which everything past the caps is counted.
    public static let otherRoute = "{other}"

    public var bucketSeconds: Int64
    public var customerBucketSeconds: Int64
    /// Route → bucket start (seconds since the epoch) → traffic.
    public var routes: [String: [Int64: TrafficStats]] = [:]
    /// Customer → bucket start → traffic.
    public var customers: [String: [Int64: TrafficStats]] = [:]
    /// Application log volume by level and source.
    public var volume: [VolumeKey: VolumeStats] = [:]
    public var counts = LineCounts()
    public var invalidSamples: [InvalidLine] = []

    public init(bucketSeconds: Int64 = 3600, customerBucketSeconds: Int64 = 86400) {
        self.bucketSeconds = bucketSeconds
        self.customerBucketSeconds = customerBucketSeconds
    }

    /// Adds `other` (of the same bucket widths) to this aggregate.
    public mutating func merge(_ other: LogAggregate, invalidSampleLimit: Int = 5) {
        for (route, buckets) in other.routes {
            for (bucket, stats) in buckets { routes[route, default: [:]][bucket, default: TrafficStats()].merge(stats) }
        }
        for (customer, buckets) in other.customers {
            for (bucket, stats) in buckets { customers[customer, default: [:]][bucket, default: TrafficStats()].merge(stats) }
        }
        for (key, stats) in other.volume { volume[key, default: VolumeStats()].merge(stats) }
        counts.merge(other.counts)
        invalidSamples = Array((invalidSamples + other.invalidSamples).prefix(invalidSampleLimit))
    }

    /// Folds the least busy routes (and customers) into ``otherRoute`` so at most `limit` remain.
    public mutating func cap(routes routeLimit: Int, customers customerLimit: Int) {
        routes = LogAggregate.fold(routes, limit: routeLimit)
        customers = LogAggregate.fold(customers, limit: customerLimit)
    }

    static func fold(_ table: [String: [Int64: TrafficStats]], limit: Int) -> [String: [Int64: TrafficStats]] {
        let named = table.keys.filter { $0 != otherRoute }
        guard named.count > limit else { return table }
        let totals = table.mapValues { $0.values.reduce(UInt64(0)) { $0 + $1.count } }
        let ranked = named.sorted { (totals[$0]!, $1) > (totals[$1]!, $0) }
        var result: [String: [Int64: TrafficStats]] = [:]
        for name in ranked.prefix(limit) { result[name] = table[name] }
        var other = table[otherRoute] ?? [:]
        for name in ranked.dropFirst(limit) {
            for (bucket, stats) in table[name]! { other[bucket, default: TrafficStats()].merge(stats) }
        }
        result[otherRoute] = other
        return result
    }

    /// Earliest and latest bucket starts with traffic (seconds), nil when empty.
    public var timeRange: (first: Int64, last: Int64)? {
        var first = Int64.max, last = Int64.min
        for buckets in routes.values {
            for bucket in buckets.keys {
                first = min(first, bucket)
                last = max(last, bucket)
            }
        }
        return first <= last ? (first, last) : nil
    }
}

/// A level and a source of application logs (`DEBUG`, `payments-worker`).
public struct VolumeKey: Sendable, Codable, Hashable, Comparable {
    public var level: String
    public var source: String

    public init(level: String, source: String) {
        self.level = level
        self.source = source
    }

    public static func < (lhs: VolumeKey, rhs: VolumeKey) -> Bool { (lhs.source, lhs.level) < (rhs.source, rhs.level) }
}

/// How the lines of the inputs were classified.
public struct LineCounts: Sendable, Codable, Equatable {
    public var lines: UInt64 = 0
    public var bytes: UInt64 = 0
    public var records: UInt64 = 0
    /// Headers, comments and blank lines.
    public var skipped: UInt64 = 0
    public var invalid: UInt64 = 0
    /// Records outside `--since`/`--until`.
    public var outOfRange: UInt64 = 0
    /// Records without a timestamp (counted in volume only).
    public var untimed: UInt64 = 0
    public var inputs: UInt64 = 0

    public init() {}

    public mutating func merge(_ other: LineCounts) {
        lines += other.lines
        bytes += other.bytes
        records += other.records
        skipped += other.skipped
        invalid += other.invalid
        outOfRange += other.outOfRange
        untimed += other.untimed
        inputs += other.inputs
    }
}

/// A line no format rule accepted, kept as an example: where it was and how it began.
public struct InvalidLine: Sendable, Codable, Equatable {
    public var input: String
    /// Byte offset of the line in its input (after decompression).
    public var offset: Int64
    /// The line's first bytes, non-printable bytes shown as `\xNN`.
    public var excerpt: String

    public init(input: String, offset: Int64, excerpt: String) {
        self.input = input
        self.offset = offset
        self.excerpt = excerpt
    }
}
