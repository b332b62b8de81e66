/// AWS Application Load Balancer access logs, as delivered to S3 (one line per request, `.log.gz`).
///
/// Fields, in the documented order: ``fieldNames``. Fields appended by AWS later are tolerated (and
/// ignored), older lines that stop after the user agent are accepted, timings of `-1` (no target
/// reached, connection closed) are unknown rather than negative.
public struct ALBFormat: LogFormat {
    public var name: String { "alb" }

    /// The documented fields of an ALB access log entry, in order.
    public static let fieldNames = [
        "type", "time", "elb", "client:port", "target:port", "request_processing_time", "target_processing_time",
        "response_processing_time", "elb_status_code", "target_status_code", "received_bytes", "sent_bytes",
        "request", "user_agent", "ssl_cipher", "ssl_protocol", "target_group_arn", "trace_id", "domain_name",
        "chosen_cert_arn", "matched_rule_priority", "request_creation_time", "actions_executed", "redirect_url",
        "error_reason", "target:port_list", "target_status_code_list", "classification", "classification_reason",
        "conn_trace_id", "transformed_host", "transformed_uri", "request_transform_status",
    ]

    /// The field captured into ``LogRecord/captured`` (index into ``fieldNames``), if any.
    let captureIndex: Int

    /// - Parameter capture: a field name of ``fieldNames`` to capture as the customer key.
    public init(capture: String? = nil) throws(LogConfigurationError) {
        if let capture {
            guard let index = ALBFormat.fieldNames.firstIndex(of: capture) else {
                throw LogConfigurationError("the ALB format has no field \(capture); its fields are \(ALBFormat.fieldNames.joined(separator: ", "))")
            }
            captureIndex = index
        } else {
            captureIndex = -1
        }
    }

    @inline(__always)
    static func isType(_ line: LineBytes, _ span: Span) -> Bool {
        line.equals(span, "http") || line.equals(span, "https") || line.equals(span, "h2")
            || line.equals(span, "grpcs") || line.equals(span, "ws") || line.equals(span, "wss")
    }

    public mutating func parse(_ line: LineBytes, into record: inout LogRecord) -> LineOutcome {
        var fields = FieldScanner(line)
        if fields.atEnd { return .skip }
        guard let type = fields.next(line), ALBFormat.isType(line, type),
              let time = fields.next(line), let timestamp = Timestamps.parseISO8601(line, time),
              fields.next(line) != nil,
              let client = fields.next(line), fields.next(line) != nil,
              let requestSpan = fields.next(line), let requestTime = HTTPFields.timing(line, requestSpan),
              let targetSpan = fields.next(line), let targetTime = HTTPFields.timing(line, targetSpan),
              let responseSpan = fields.next(line), let responseTime = HTTPFields.timing(line, responseSpan),
              let statusSpan = fields.next(line), let status = HTTPFields.status(line, statusSpan),
              let backendSpan = fields.next(line), let backend = HTTPFields.status(line, backendSpan),
              let receivedSpan = fields.next(line), let received = HTTPFields.byteCount(line, receivedSpan),
              let sentSpan = fields.next(line), let sent = HTTPFields.byteCount(line, sentSpan),
              fields.nextIsQuoted(line), let request = fields.next(line),
              fields.nextIsQuoted(line), let agent = fields.next(line)
        else { return .invalid }
        record.timestamp = timestamp
        record.client = client
        record.requestTime = requestTime ?? -1
        record.targetTime = targetTime ?? -1
        record.responseTime = responseTime ?? -1
        record.duration = HTTPFields.total(record.requestTime, record.targetTime, record.responseTime)
        record.status = status
        record.backendStatus = backend
        record.bytesReceived = received
        record.bytesSent = sent
        record.userAgent = agent
        HTTPFields.parseRequestLine(line, request, into: &record)
        if captureIndex >= 0 {
            switch captureIndex {
            case 1: record.captured = time
            case 3: record.captured = client
            case 12: record.captured = request
            case 13: record.captured = agent
            case 14...:
                var index = 14
                while let field = fields.next(line) {
                    if index == captureIndex { record.captured = field; break }
                    index += 1
                }
            default: break
            }
        }
        return .record
    }

    /// Every field of `line` by name, for tests and for inspecting one entry; appended fields get
    /// names `field_N`. Nil when the line is not an ALB entry.
    public static func fields(of line: LineBytes) -> [(name: String, value: String)]? {
        var format = try! ALBFormat()
        var record = LogRecord()
        guard format.parse(line, into: &record) == .record else { return nil }
        var scanner = FieldScanner(line)
        var result: [(String, String)] = []
        while let field = scanner.next(line) {
            let name = result.count < fieldNames.count ? fieldNames[result.count] : "field_\(result.count + 1)"
            result.append((name, field.string(in: line)))
        }
        return result
    }
}

/// Classic Load Balancer (ELB) access logs: the older layout, starting with the timestamp.
public struct ClassicELBFormat: LogFormat {
    public var name: String { "elb" }

    /// The documented fields of a Classic Load Balancer access log entry, in order.
    public static let fieldNames = [
        "timestamp", "elb", "client:port", "backend:port", "request_processing_time", "backend_processing_time",
        "response_processing_time", "elb_status_code", "backend_status_code", "received_bytes", "sent_bytes",
        "request", "user_agent", "ssl_cipher", "ssl_protocol",
    ]

    let captureIndex: Int

    public init(capture: String? = nil) throws(LogConfigurationError) {
        if let capture {
            guard let index = ClassicELBFormat.fieldNames.firstIndex(of: capture) else {
                throw LogConfigurationError("the classic ELB format has no field \(capture); its fields are \(ClassicELBFormat.fieldNames.joined(separator: ", "))")
            }
            captureIndex = index
        } else {
            captureIndex = -1
        }
    }

    public mutating func parse(_ line: LineBytes, into record: inout LogRecord) -> LineOutcome {
        var fields = FieldScanner(line)
        if fields.atEnd { return .skip }
        guard let time = fields.next(line), let timestamp = Timestamps.parseISO8601(line, time),
              fields.next(line) != nil,
              let client = fields.next(line), fields.next(line) != nil,
              let requestSpan = fields.next(line), let requestTime = HTTPFields.timing(line, requestSpan),
              let backendTimeSpan = fields.next(line), let backendTime = HTTPFields.timing(line, backendTimeSpan),
              let responseSpan = fields.next(line), let responseTime = HTTPFields.timing(line, responseSpan),
              let statusSpan = fields.next(line), let status = HTTPFields.status(line, statusSpan),
              let backendSpan = fields.next(line), let backend = HTTPFields.status(line, backendSpan),
              let receivedSpan = fields.next(line), let received = HTTPFields.byteCount(line, receivedSpan),
              let sentSpan = fields.next(line), let sent = HTTPFields.byteCount(line, sentSpan),
              fields.nextIsQuoted(line), let request = fields.next(line)
        else { return .invalid }
        var agent = Span.empty
        if fields.nextIsQuoted(line), let field = fields.next(line) { agent = field }
        record.timestamp = timestamp
        record.client = client
        record.requestTime = requestTime ?? -1
        record.targetTime = backendTime ?? -1
        record.responseTime = responseTime ?? -1
        record.duration = HTTPFields.total(record.requestTime, record.targetTime, record.responseTime)
        record.status = status
        record.backendStatus = backend
        record.bytesReceived = received
        record.bytesSent = sent
        record.userAgent = agent
        HTTPFields.parseRequestLine(line, request, into: &record)
        if captureIndex >= 0 {
            var scanner = FieldScanner(line)
            var index = 0
            while let field = scanner.next(line) {
                if index == captureIndex { record.captured = field; break }
                index += 1
            }
        }
        return .record
    }
}
