/// What is known of a set of requests: the unit stored per route × bucket and per customer × day,
/// and what every report reads. Merging two is exact (counts add, sketches merge).
public struct TrafficStats: Sendable, Codable, Equatable {
    public var count: UInt64 = 0
    /// Requests by the class of the status the client received; `noStatus` when none was sent.
    public var noStatus: UInt64 = 0
    public var informational: UInt64 = 0
    public var success: UInt64 = 0
    public var redirection: UInt64 = 0
    public var clientErrors: UInt64 = 0
    public var serverErrors: UInt64 = 0
    /// 5xx answered by the load balancer itself: no backend status (502/503/504 from ALB or ELB).
    public var loadBalancerErrors: UInt64 = 0
    public var bytesSent: UInt64 = 0
    public var bytesReceived: UInt64 = 0
    /// Total time per request (microseconds), for requests whose time is known.
    public var latency = LatencySketch()
    /// Sums over requests with all three load balancer timings known (ALB, ELB), in microseconds.
    public var timedRequests: UInt64 = 0
    public var requestTimeSum: UInt64 = 0
    public var targetTimeSum: UInt64 = 0
    public var responseTimeSum: UInt64 = 0

    public init() {}

    @inline(__always)
    public mutating func add(_ record: LogRecord) {
        count &+= 1
        switch record.status {
        case 100..<200: informational &+= 1
        case 200..<300: success &+= 1
        case 300..<400: redirection &+= 1
        case 400..<500: clientErrors &+= 1
        case 500..<600:
            serverErrors &+= 1
            if record.backendStatus == 0 { loadBalancerErrors &+= 1 }
        default: noStatus &+= 1
        }
        bytesSent &+= UInt64(max(0, record.bytesSent))
        bytesReceived &+= UInt64(max(0, record.bytesReceived))
        if record.duration >= 0 { latency.add(record.duration) }
        if record.requestTime >= 0 && record.targetTime >= 0 && record.responseTime >= 0 {
            timedRequests &+= 1
            requestTimeSum &+= UInt64(record.requestTime)
            targetTimeSum &+= UInt64(record.targetTime)
            responseTimeSum &+= UInt64(record.responseTime)
        }
    }

    public mutating func merge(_ other: TrafficStats) {
        count &+= other.count
        noStatus &+= other.noStatus
        informational &+= other.informational
        success &+= other.success
        redirection &+= other.redirection
        clientErrors &+= other.clientErrors
        serverErrors &+= other.serverErrors
        loadBalancerErrors &+= other.loadBalancerErrors
        bytesSent &+= other.bytesSent
        bytesReceived &+= other.bytesReceived
        latency.merge(other.latency)
        timedRequests &+= other.timedRequests
        requestTimeSum &+= other.requestTimeSum
        targetTimeSum &+= other.targetTimeSum
        responseTimeSum &+= other.responseTimeSum
    }

    /// Share of requests answered with 5xx (0...1).
    public var serverErrorRate: Double { count == 0 ? 0 : Double(serverErrors) / Double(count) }
    /// Share of requests answered with 4xx (0...1).
    public var clientErrorRate: Double { count == 0 ? 0 : Double(clientErrors) / Double(count) }

    /// Milliseconds at quantile `q`, nil without timed requests.
    public func latencyMillis(_ q: Double) -> Double? {
        latency.quantile(q).map { Double($0) / 1000 }
    }

    /// Where time goes on average, in milliseconds: before the target, in the target, after it.
    public var timeSplit: (request: Double, target: Double, response: Double)? {
        guard timedRequests > 0 else { return nil }
        let n = Double(timedRequests) * 1000
        return (Double(requestTimeSum) / n, Double(targetTimeSum) / n, Double(responseTimeSum) / n)
    }
}

/// Lines and bytes of one (level, source) pair of application logs.
public struct VolumeStats: Sendable, Codable, Equatable {
    public var lines: UInt64 = 0
    public var bytes: UInt64 = 0
    /// Earliest and latest timestamps seen (microseconds), nil without timestamps.
    public var first: Int64?
    public var last: Int64?

    public init() {}

    public mutating func add(bytes count: Int, at timestamp: Int64?) {
        lines &+= 1
        bytes &+= UInt64(count)
        if let timestamp {
            if first == nil || timestamp < first! { first = timestamp }
            if last == nil || timestamp > last! { last = timestamp }
        }
    }

    public mutating func merge(_ other: VolumeStats) {
        lines &+= other.lines
        bytes &+= other.bytes
        if let f = other.first { first = min(first ?? f, f) }
        if let l = other.last { last = max(last ?? l, l) }
    }
}
