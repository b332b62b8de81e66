/// One parsed request or event, as byte ranges into its line plus the numbers already decoded.
///
/// Formats fill what they know and leave the rest at the ``reset()`` values: a span that is empty,
/// a number that is `-1`. Reused for every line, so parsing allocates nothing.
public struct LogRecord: Sendable {
    /// Microseconds since 1970-01-01T00:00:00Z; nil when the line has no timestamp.
    public var timestamp: Int64?
    public var method = Span.empty
    /// The path, without the query string, as logged (not percent-decoded).
    public var path = Span.empty
    public var query = Span.empty
    public var host = Span.empty
    public var client = Span.empty
    public var userAgent = Span.empty
    /// The status the client received (the load balancer's for ALB and ELB); 0 when none was sent.
    public var status: Int = 0
    /// The backend's status (ALB target, ELB backend); 0 when no backend answered.
    public var backendStatus: Int = 0
    /// Total time in microseconds, -1 when unknown.
    public var duration: Int64 = -1
    /// ALB and classic ELB: load balancer time before the target (request processing), the target's
    /// time, and the time to start the response; each -1 when unknown (`-1` in the log).
    public var requestTime: Int64 = -1
    public var targetTime: Int64 = -1
    public var responseTime: Int64 = -1
    public var bytesSent: Int64 = 0
    public var bytesReceived: Int64 = 0
    /// Application logs: the level and the source (logger, service); an empty source means the input.
    public var level = LogLevel.none
    public var source = Span.empty
    /// The field chosen as the customer key by the format's configuration, when it names one.
    public var captured = Span.empty

    public init() {}

    /// Back to the empty record.
    @inline(__always)
    public mutating func reset() {
        timestamp = nil
        method = .empty; path = .empty; query = .empty; host = .empty; client = .empty; userAgent = .empty
        status = 0; backendStatus = 0
        duration = -1; requestTime = -1; targetTime = -1; responseTime = -1
        bytesSent = 0; bytesReceived = 0
        level = .none; source = .empty; captured = .empty
    }
}

/// What a format made of one line.
public enum LineOutcome: Sendable, Equatable {
    /// A record was parsed.
    case record
    /// A line that carries no record by design: a header, a comment, a blank line.
    case skip
    /// A line the format does not recognise.
    case invalid
}

/// A log format: one conforming type per format, all checked by the same verifier tests.
///
/// `parse` is called once per line on a worker thread, with the line's bytes (line ending removed)
/// and a record to fill; it must not allocate on the way. Each worker owns its own copy of the
/// format, so a format that learns from headers (CloudFront's `#Fields`) may keep state.
public protocol LogFormat: Sendable {
    /// The name used on the command line (`alb`, `nginx`).
    var name: String { get }
    /// Parses one line into `record` (which the caller has reset).
    mutating func parse(_ line: LineBytes, into record: inout LogRecord) -> LineOutcome
    /// Called with the first bytes of each input before any of its lines, so that a format whose
    /// header says how to read the rest can configure itself even in a chunk that starts later.
    mutating func begin(head: LineBytes)
    /// Whether `line` looks like this format (used to detect the format of an input).
    func recognises(_ line: LineBytes) -> Bool
}

extension LogFormat {
    public mutating func begin(head: LineBytes) {}

    public func recognises(_ line: LineBytes) -> Bool {
        var copy = self
        var record = LogRecord()
        return copy.parse(line, into: &record) == .record
    }
}
