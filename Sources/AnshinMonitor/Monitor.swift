import AnshinCore
import Foundation

/// One check to run again and again: what to probe, how, and the conditions its result must meet.
public struct Monitor: Sendable, Hashable, Identifiable {
    /// The unique name (with `/<environment>` appended when one entry covers several environments).
    public var name: String
    public var group: String?
    /// The environment of the catalog this monitor watches, if any.
    public var environment: String?
    public var probe: Probe
    public var conditions: [Condition]
    /// Read an `application/health+json` body and fail when its status is `fail`.
    public var health: Bool
    public var timeout: Double
    public var interval: Double
    /// The interval while the monitor is failing (defaults to `interval`).
    public var failingInterval: Double
    /// Consecutive failed checks before the monitor is down.
    public var failureThreshold: Int
    /// Consecutive passed checks before a down monitor is up again.
    public var recoveryThreshold: Int
    /// Immediate retries of a failed check before it counts as failed.
    public var retries: Int
    /// Where the entry was written (`anshin.yml:12`), for messages.
    public var source: String
    /// The objective its checks are held to, if any.
    public var slo: ServiceLevelObjective?
    /// When its alerts are silenced and its checks do not count toward the SLO.
    public var maintenance: [MaintenanceWindow] = []

    public var id: String { name }

    public init(name: String, group: String? = nil, environment: String? = nil, probe: Probe, conditions: [Condition] = [],
                health: Bool = false, timeout: Double = 10, interval: Double = 60, failingInterval: Double? = nil,
                failureThreshold: Int = 1, recoveryThreshold: Int = 1, retries: Int = 0, source: String = "") {
        self.name = name
        self.group = group
        self.environment = environment
        self.probe = probe
        self.conditions = conditions
        self.health = health
        self.timeout = timeout
        self.interval = interval
        self.failingInterval = failingInterval ?? interval
        self.failureThreshold = failureThreshold
        self.recoveryThreshold = recoveryThreshold
        self.retries = retries
        self.source = source
    }

    /// The conditions judged: those written, else the probe's default.
    public var effectiveConditions: [Condition] {
        conditions.isEmpty ? probe.defaultConditions : conditions
    }
}

/// What a monitor probes.
public enum Probe: Sendable, Hashable {
    case http(HTTPProbeSpec)
    case tcp(host: String, port: Int)
    case tls(host: String, port: Int, verify: Bool)
    case dns(DNSProbeSpec)

    public var kind: String {
        switch self {
        case .http: "http"
        case .tcp: "tcp"
        case .tls: "tls"
        case .dns: "dns"
        }
    }

    /// The target in one line (`GET https://example.com/health`, `tcp db:5432`).
    public var target: String {
        switch self {
        case .http(let spec): "\(spec.method) \(spec.url)"
        case .tcp(let host, let port): "tcp \(HostPort.format(host, port))"
        case .tls(let host, let port, _): "tls \(HostPort.format(host, port))"
        case .dns(let spec): "dns \(spec.record.rawValue) \(spec.name)" + (spec.resolver.map { " @\($0)" } ?? "")
        }
    }

    /// Placeholders a result of this probe has values for.
    public var placeholders: Set<Condition.Placeholder> {
        switch self {
        case .http(let spec):
            var set: Set<Condition.Placeholder> = [.status, .responseTime, .body, .header, .connected, .ip, .dnsTime, .connectTime, .firstByteTime]
            if spec.url.lowercased().hasPrefix("https:") { set.formUnion([.certificateExpiration, .tlsTime]) }
            return set
        case .tcp: return [.connected, .responseTime, .ip, .connectTime, .dnsTime]
        case .tls: return [.connected, .responseTime, .ip, .connectTime, .dnsTime, .tlsTime, .certificateExpiration]
        case .dns: return [.connected, .responseTime, .dnsCode, .dnsAnswers, .body]
        }
    }

    var defaultConditions: [Condition] {
        switch self {
        case .http: [.comparison(.placeholder(.status, path: []), .less, .literal("400"))]
        case .tcp, .tls: [.comparison(.placeholder(.connected, path: []), .equal, .literal("true"))]
        case .dns: [.comparison(.placeholder(.dnsCode, path: []), .equal, .literal("NOERROR"))]
        }
    }
}

public struct HTTPProbeSpec: Sendable, Hashable {
    public var url: String
    public var method: String
    public var headers: [ProbeResult.Header]
    public var body: String?
    public var followRedirects: Bool
    public var verifyTLS: Bool

    public init(url: String, method: String = "GET", headers: [ProbeResult.Header] = [], body: String? = nil,
                followRedirects: Bool = true, verifyTLS: Bool = true) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.followRedirects = followRedirects
        self.verifyTLS = verifyTLS
    }
}

public struct DNSProbeSpec: Sendable, Hashable {
    public var name: String
    public var record: DNSRecordType
    /// `host:port` of the server to ask; nil for the system's first `nameserver`.
    public var resolver: String?

    public init(name: String, record: DNSRecordType = .a, resolver: String? = nil) {
        self.name = name
        self.record = record
        self.resolver = resolver
    }
}
