import Foundation

/// What one probe saw: the facts conditions are judged on, with no judgement of its own.
public struct ProbeResult: Sendable, Hashable {
    /// Timing phases of a request, in milliseconds from its start; nil where a phase did not happen
    /// (no DNS lookup for an address, no TLS for plain HTTP).
    public struct Timings: Sendable, Hashable, Codable {
        public var dns: Double?
        public var connect: Double?
        public var tls: Double?
        public var firstByte: Double?
        public var total: Double

        public init(dns: Double? = nil, connect: Double? = nil, tls: Double? = nil, firstByte: Double? = nil, total: Double = 0) {
            self.dns = dns
            self.connect = connect
            self.tls = tls
            self.firstByte = firstByte
            self.total = total
        }
    }

    /// Whether a connection (or, for DNS, an answer) was made at all.
    public var connected: Bool
    /// Why the probe could not finish, in words.
    public var error: String?
    public var status: Int?
    public var headers: [Header]
    public var body: [UInt8]
    public var timings: Timings
    /// The peer certificate's last valid instant, for TLS and HTTPS.
    public var certificateExpiry: Date?
    /// The DNS response code (`NOERROR`, `NXDOMAIN`, …).
    public var dnsCode: String?
    /// DNS answers as text (`192.0.2.1`, `10 mail.example.com.`).
    public var dnsAnswers: [String]
    /// The address connected to.
    public var address: String?
    /// Locations followed before the final response.
    public var redirects: [String]
    /// When the probe started.
    public var startedAt: Date

    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(connected: Bool = false, error: String? = nil, status: Int? = nil, headers: [Header] = [], body: [UInt8] = [],
                timings: Timings = Timings(), certificateExpiry: Date? = nil, dnsCode: String? = nil, dnsAnswers: [String] = [],
                address: String? = nil, redirects: [String] = [], startedAt: Date = Date()) {
        self.connected = connected
        self.error = error
        self.status = status
        self.headers = headers
        self.body = body
        self.timings = timings
        self.certificateExpiry = certificateExpiry
        self.dnsCode = dnsCode
        self.dnsAnswers = dnsAnswers
        self.address = address
        self.redirects = redirects
        self.startedAt = startedAt
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The first header called `name`, whatever its case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
