/// Amazon CloudFront standard (legacy) access logs: tab-separated, with `#Version` and `#Fields`
/// header lines that name the columns. The columns are read by name from the latest `#Fields` line
/// (the documented order when an input has none), so files with fewer or more columns parse too.
public struct CloudFrontFormat: LogFormat {
    public var name: String { "cloudfront" }

    /// The documented columns of a standard log file, in order.
    public static let fieldNames = [
        "date", "time", "x-edge-location", "sc-bytes", "c-ip", "cs-method", "cs(Host)", "cs-uri-stem", "sc-status",
        "cs(Referer)", "cs(User-Agent)", "cs-uri-query", "cs(Cookie)", "x-edge-result-type", "x-edge-request-id",
        "x-host-header", "cs-protocol", "cs-bytes", "time-taken", "x-forwarded-for", "ssl-protocol", "ssl-cipher",
        "x-edge-response-result-type", "cs-protocol-version", "fle-status", "fle-encrypted-fields", "c-port",
        "time-to-first-byte", "x-edge-detailed-result-type", "sc-content-type", "sc-content-len", "sc-range-start",
        "sc-range-end",
    ]

    enum Role: UInt8 {
        case none, date, time, bytesSent, client, method, path, status, agent, query, host, bytesReceived, duration, captured
    }

    let capture: String?
    /// The role of each column, up to the last column with a role.
    var roles: [Role] = []

    public init(capture: String? = nil) throws(LogConfigurationError) {
        if let capture, !CloudFrontFormat.fieldNames.contains(capture) {
            throw LogConfigurationError("the CloudFront format has no field \(capture); its fields are \(CloudFrontFormat.fieldNames.joined(separator: ", "))")
        }
        self.capture = capture
        roles = CloudFrontFormat.roles(for: CloudFrontFormat.fieldNames, capture: capture)
    }

    static func roles(for names: [String], capture: String?) -> [Role] {
        var roles = names.map { name -> Role in
            if name == capture { return .captured }
            switch name {
            case "date": return .date
            case "time": return .time
            case "sc-bytes": return .bytesSent
            case "c-ip": return .client
            case "cs-method": return .method
            case "cs-uri-stem": return .path
            case "sc-status": return .status
            case "cs(User-Agent)": return .agent
            case "cs-uri-query": return .query
            case "x-host-header": return .host
            case "cs-bytes": return .bytesReceived
            case "time-taken": return .duration
            default: return .none
            }
        }
        while roles.last == Role.none { roles.removeLast() }
        return roles
    }

    public mutating func begin(head: LineBytes) {
        // Use the first #Fields line of the input, wherever the chunk being parsed starts.
        var start = 0
        while start < head.count {
            var end = start
            while end < head.count && head[end] != ASCII.newline { end += 1 }
            let line = LineBytes(rebasing: head[start..<end])
            if !configure(fromHeader: line) && line.count > 0 && line[0] != ASCII.hash { return }
            start = end + 1
        }
    }

    /// Adopts the columns of a `#Fields:` line; false when `line` is not one.
    mutating func configure(fromHeader line: LineBytes) -> Bool {
        let prefix = Array("#Fields:".utf8)
        guard line.count > prefix.count, Array(line[0..<prefix.count]) == prefix else { return false }
        let text = String(decoding: line[prefix.count...], as: UTF8.self)
        let names = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
        guard !names.isEmpty else { return false }
        roles = CloudFrontFormat.roles(for: names, capture: capture)
        return true
    }

    public mutating func parse(_ line: LineBytes, into record: inout LogRecord) -> LineOutcome {
        let end = line.contentEnd
        if end == 0 { return .skip }
        if line[0] == ASCII.hash {
            _ = configure(fromHeader: LineBytes(rebasing: line[0..<end]))
            return .skip
        }
        var date = Span.empty, time = Span.empty
        var column = 0, index = 0
        var sawStatus = false, sawPath = false
        while column < roles.count {
            guard index <= end else { return .invalid }
            let start = index
            while index < end && line[index] != ASCII.tab { index += 1 }
            let span = Span(start, index)
            index += 1
            switch roles[column] {
            case .none: break
            case .date: date = span
            case .time: time = span
            case .bytesSent:
                guard let value = HTTPFields.byteCount(line, span) else { return .invalid }
                record.bytesSent = value
            case .bytesReceived:
                guard let value = HTTPFields.byteCount(line, span) else { return .invalid }
                record.bytesReceived = value
            case .client: record.client = span
            case .method: record.method = span
            case .path: record.path = span; sawPath = true
            case .status:
                // 000: the viewer closed the connection before CloudFront answered.
                guard span.count == 3, let value = line.parseInt(span) else { return .invalid }
                record.status = Int(value)
                sawStatus = true
            case .agent: record.userAgent = span
            case .query: if !(span.count == 1 && line[Int(span.start)] == ASCII.dash) { record.query = span }
            case .host: record.host = span
            case .duration:
                guard let value = line.parseSecondsAsMicros(span) else { return .invalid }
                record.duration = value
            case .captured: record.captured = span
            }
            column += 1
        }
        guard sawStatus, sawPath, let timestamp = Timestamps.parseDateAndTime(line, date: date, time: time) else { return .invalid }
        record.timestamp = timestamp
        record.backendStatus = record.status
        return .record
    }

    public func recognises(_ line: LineBytes) -> Bool {
        let prefix = Array("#Version:".utf8)
        if line.count >= prefix.count && Array(line[0..<prefix.count]) == prefix { return true }
        var copy = self
        var record = LogRecord()
        return copy.parse(line, into: &record) == .record
    }
}
