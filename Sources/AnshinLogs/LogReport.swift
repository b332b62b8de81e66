import Foundation

/// What the weekly report says, computed from aggregates: totals, routes, their latency and error
/// series, slowest routes, customers, and the comparison with the period before.
public struct LogReport: Sendable, Codable, Equatable {
    public var title: String
    public var generatedAt: String
    /// The period reported, `[from, to)` in seconds since the epoch.
    public var from: Int64
    public var to: Int64
    public var bucketSeconds: Int64
    public var total: RouteSummary
    /// Routes by traffic, busiest first.
    public var routes: [RouteSummary]
    /// Routes by p95 latency, slowest first (routes with at least ``Options/minimumRequests``).
    public var slowest: [RouteSummary]
    /// Per bucket, for the busiest routes and for all traffic.
    public var series: [RouteSeries]
    public var customersByTraffic: [RouteSummary]
    public var customersBySlowness: [RouteSummary]
    /// The same routes in the period before, when it has traffic.
    public var comparison: Comparison?
    public var counts: LineCounts

    /// How the report is drawn from aggregates.
    public struct Options: Sendable {
        public var title = "Traffic report"
        public var routes = 25
        public var chartedRoutes = 6
        public var customers = 15
        /// Routes with fewer requests are left out of the slowest list and of regressions.
        public var minimumRequests: UInt64 = 50
        /// A p95 that grows by this share (and by `regressionMillis`) is a regression.
        public var regressionShare = 0.2
        public var regressionMillis = 20.0
        /// A 5xx rate that grows by this many points (and at least doubles) is a regression.
        public var errorRatePoints = 0.01
        /// Compare with the period of the same length just before.
        public var compare = true

        public init() {}
    }

    /// One route's (or customer's, or everything's) numbers over the period.
    public struct RouteSummary: Sendable, Codable, Equatable {
        public var name: String
        public var requests: UInt64
        public var share: Double
        public var serverErrorRate: Double
        public var clientErrorRate: Double
        public var loadBalancerErrors: UInt64
        public var p50: Double?
        public var p90: Double?
        public var p95: Double?
        public var p99: Double?
        public var max: Double?
        public var bytesSent: UInt64
        /// Average milliseconds before, in and after the target (ALB and ELB).
        public var requestMillis: Double?
        public var targetMillis: Double?
        public var responseMillis: Double?

        init(name: String, requests: UInt64, share: Double, serverErrorRate: Double, clientErrorRate: Double, loadBalancerErrors: UInt64,
             p50: Double?, p90: Double?, p95: Double?, p99: Double?, max: Double?, bytesSent: UInt64, requestMillis: Double?,
             targetMillis: Double?, responseMillis: Double?) {
            self.name = name
            self.requests = requests
            self.share = share
            self.serverErrorRate = serverErrorRate
            self.clientErrorRate = clientErrorRate
            self.loadBalancerErrors = loadBalancerErrors
            self.p50 = p50
            self.p90 = p90
            self.p95 = p95
            self.p99 = p99
            self.max = max
            self.bytesSent = bytesSent
            self.requestMillis = requestMillis
            self.targetMillis = targetMillis
            self.responseMillis = responseMillis
        }

        init(name: String, stats: TrafficStats, total: UInt64) {
            self.name = name
            requests = stats.count
            share = total == 0 ? 0 : Double(stats.count) / Double(total)
            serverErrorRate = stats.serverErrorRate
            clientErrorRate = stats.clientErrorRate
            loadBalancerErrors = stats.loadBalancerErrors
            p50 = stats.latencyMillis(0.5)
            p90 = stats.latencyMillis(0.9)
            p95 = stats.latencyMillis(0.95)
            p99 = stats.latencyMillis(0.99)
            max = stats.latency.isEmpty ? nil : Double(stats.latency.maximum) / 1000
            bytesSent = stats.bytesSent
            if let split = stats.timeSplit {
                requestMillis = split.request
                targetMillis = split.target
                responseMillis = split.response
            }
        }
    }

    /// One point per bucket.
    public struct RouteSeries: Sendable, Codable, Equatable {
        public var name: String
        public var points: [Point]

        public struct Point: Sendable, Codable, Equatable {
            public var time: Int64
            public var requests: UInt64
            public var p50: Double?
            public var p95: Double?
            public var p99: Double?
            public var serverErrorRate: Double
        }
    }

    /// The period before, route by route.
    public struct Comparison: Sendable, Codable, Equatable {
        public var from: Int64
        public var to: Int64
        public var total: RouteSummary
        public var routes: [Change]
        public var regressions: [Change] { routes.filter(\.isRegression) }

        public struct Change: Sendable, Codable, Equatable {
            public var name: String
            public var before: RouteSummary
            public var after: RouteSummary
            public var latencyRegression: Bool
            public var errorRegression: Bool
            public var isRegression: Bool { latencyRegression || errorRegression }

            /// One route in both periods; a regression when both have enough requests and its p95
            /// or its 5xx rate grew past the options' thresholds.
            init(before: RouteSummary, after: RouteSummary, options: Options) {
                name = after.name
                self.before = before
                self.after = after
                let enough = after.requests >= options.minimumRequests && before.requests >= options.minimumRequests
                latencyRegression = false
                if enough, let a = after.p95, let b = before.p95 {
                    latencyRegression = a >= b * (1 + options.regressionShare) && a - b >= options.regressionMillis
                }
                errorRegression = enough && after.serverErrorRate - before.serverErrorRate >= options.errorRatePoints
                    && after.serverErrorRate >= 2 * before.serverErrorRate
            }
        }
    }

    /// Builds the report of `[from, to)` (defaults: the aggregate's whole range).
    public init(_ aggregate: LogAggregate, from: Int64? = nil, to: Int64? = nil, generatedAt: String,
                options: Options = Options()) {
        let range = aggregate.timeRange
        let end = to ?? ((range?.last ?? 0) + aggregate.bucketSeconds)
        let start = from ?? (range?.first ?? 0)
        title = options.title
        self.generatedAt = generatedAt
        self.from = start
        self.to = end
        bucketSeconds = aggregate.bucketSeconds
        counts = aggregate.counts

        let perRoute = LogReport.totals(aggregate.routes, from: start, to: end)
        var all = TrafficStats()
        for stats in perRoute.values { all.merge(stats) }
        total = RouteSummary(name: "All traffic", stats: all, total: all.count)
        let ranked = perRoute.sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }
        routes = ranked.prefix(options.routes).map { RouteSummary(name: $0.key, stats: $0.value, total: all.count) }
        slowest = perRoute.filter { $0.value.count >= options.minimumRequests && !$0.value.latency.isEmpty }
            .map { RouteSummary(name: $0.key, stats: $0.value, total: all.count) }
            .sorted { ($0.p95 ?? 0, $1.name) > ($1.p95 ?? 0, $0.name) }
            .prefix(10).map { $0 }

        var series: [RouteSeries] = [LogReport.series("All traffic", aggregate.routes.values.map { $0 }, from: start, to: end, bucket: aggregate.bucketSeconds)]
        for (name, _) in ranked.prefix(options.chartedRoutes) where name != LogAggregate.otherRoute {
            series.append(LogReport.series(name, [aggregate.routes[name]!], from: start, to: end, bucket: aggregate.bucketSeconds))
        }
        self.series = series

        let perCustomer = LogReport.totals(aggregate.customers, from: start, to: end, width: aggregate.customerBucketSeconds)
        var customerTotal: UInt64 = 0
        for stats in perCustomer.values { customerTotal += stats.count }
        let customers = perCustomer.map { RouteSummary(name: $0.key, stats: $0.value, total: customerTotal) }
        customersByTraffic = customers.sorted { ($0.requests, $1.name) > ($1.requests, $0.name) }.prefix(options.customers).map { $0 }
        customersBySlowness = customers.filter { $0.requests >= options.minimumRequests && $0.p95 != nil }
            .sorted { ($0.p95 ?? 0, $1.name) > ($1.p95 ?? 0, $0.name) }.prefix(options.customers).map { $0 }

        comparison = nil
        if options.compare {
            let length = end - start
            let before = LogReport.totals(aggregate.routes, from: start - length, to: start)
            var beforeAll = TrafficStats()
            for stats in before.values { beforeAll.merge(stats) }
            if beforeAll.count > 0 {
                var changes: [Comparison.Change] = []
                for (name, stats) in ranked.prefix(options.routes * 2) {
                    guard let old = before[name] else { continue }
                    changes.append(Comparison.Change(before: RouteSummary(name: name, stats: old, total: beforeAll.count),
                                                     after: RouteSummary(name: name, stats: stats, total: all.count), options: options))
                }
                comparison = Comparison(from: start - length, to: start,
                                        total: RouteSummary(name: "All traffic", stats: beforeAll, total: beforeAll.count),
                                        routes: changes)
            }
        }
    }

    /// Each key's traffic in the buckets that overlap `[from, to)`; buckets are `width` seconds
    /// (customers' are days, so a period shorter than a day counts its whole days).
    static func totals(_ table: [String: [Int64: TrafficStats]], from: Int64, to: Int64, width: Int64 = 1) -> [String: TrafficStats] {
        var result: [String: TrafficStats] = [:]
        for (name, buckets) in table {
            var sum = TrafficStats()
            for (bucket, stats) in buckets where bucket + width > from && bucket < to { sum.merge(stats) }
            if sum.count > 0 { result[name] = sum }
        }
        return result
    }

    static func series(_ name: String, _ tables: [[Int64: TrafficStats]], from: Int64, to: Int64, bucket: Int64) -> RouteSeries {
        var merged: [Int64: TrafficStats] = [:]
        for table in tables {
            for (time, stats) in table where time >= from && time < to { merged[time, default: TrafficStats()].merge(stats) }
        }
        // Buckets without traffic are points with no requests, so the chart shows the gap.
        var points: [RouteSeries.Point] = []
        if let first = merged.keys.min(), let last = merged.keys.max(), bucket > 0, (last - first) / bucket <= 5000 {
            var time = first
            while time <= last {
                let stats = merged[time] ?? TrafficStats()
                points.append(.init(time: time, requests: stats.count, p50: stats.latencyMillis(0.5), p95: stats.latencyMillis(0.95),
                                    p99: stats.latencyMillis(0.99), serverErrorRate: stats.serverErrorRate))
                time += bucket
            }
        }
        return RouteSeries(name: name, points: points)
    }
}
