/// Web-server access logs described by a format string: nginx `log_format` (`$remote_addr - …`) or
/// Apache `LogFormat` (`%h %l %u %t …`). The string is compiled once into literals and variables;
/// a variable's value runs to where the next literal matches (the last literal anchors at the end
/// of the line), so quoted fields may contain spaces and, in Apache's escaping, `\"`.
public struct AccessLogFormat: LogFormat {
    public let name: String
    /// The format string it was compiled from.
    public let formatString: String

    /// nginx's predefined `combined` format (also Apache's `combined` output).
    public static let nginxCombined = #"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent""#
    /// Apache's `combined` LogFormat.
    public static let apacheCombined = #"%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i""#
    /// Apache's `common` LogFormat.
    public static let apacheCommon = #"%h %l %u %t "%r" %>s %b"#

    enum Role: UInt8 {
        case none, client, timeCommon, timeISO, timeEpoch, requestLine, method, target, path, query, status
        case bytesSent, bytesReceived, agent, host, durationSeconds, durationMicros, durationMillis, upstreamSeconds, captured
    }

    enum Token: Sendable {
        case literal([UInt8])
        case variable(Role)
    }

    let tokens: [Token]

    /// Compiles an nginx or Apache format string; `capture` names the variable (nginx name without
    /// `$`, e.g. `http_x_customer_id`; Apache `%{X-Customer-Id}i` is `http_x_customer_id` too) whose
    /// value is the customer key.
    public init(name: String = "nginx", format: String, capture: String? = nil) throws(LogConfigurationError) {
        self.name = name
        formatString = format
        let isApache = !format.contains("$") && format.contains("%")
        var tokens: [Token] = []
        var literal: [UInt8] = []
        func flush() {
            if !literal.isEmpty { tokens.append(.literal(literal)); literal = [] }
        }
        func add(_ role: Role) throws(LogConfigurationError) {
            flush()
            if case .variable = tokens.last {
                throw LogConfigurationError("format string \(format) has two fields with nothing between them; they cannot be told apart")
            }
            tokens.append(.variable(role))
        }
        let bytes = Array(format.utf8)
        var index = 0
        var capturedFound = capture == nil
        while index < bytes.count {
            let byte = bytes[index]
            if !isApache && byte == 0x24 {  // $
                var cursor = index + 1
                var braced = false
                if cursor < bytes.count && bytes[cursor] == ASCII.openBrace { braced = true; cursor += 1 }
                let start = cursor
                while cursor < bytes.count && (ASCII.isAlpha(bytes[cursor]) || ASCII.isDigit(bytes[cursor]) || bytes[cursor] == 0x5F) {
                    cursor += 1
                }
                let variable = String(decoding: bytes[start..<cursor], as: UTF8.self)
                guard !variable.isEmpty else { throw LogConfigurationError("format string \(format): `$` without a variable name at offset \(index)") }
                if braced {
                    guard cursor < bytes.count && bytes[cursor] == ASCII.closeBrace else { throw LogConfigurationError("format string \(format): unclosed ${") }
                    cursor += 1
                }
                let role: Role = variable == capture ? .captured : AccessLogFormat.nginxRole(variable)
                if variable == capture { capturedFound = true }
                try add(role)
                index = cursor
            } else if isApache && byte == 0x25 {  // %
                var cursor = index + 1
                var argument: String?
                // Modifiers: status conditions (`%400,501{…}i`), `<` and `>`.
                while cursor < bytes.count && (bytes[cursor] == 0x3C || bytes[cursor] == 0x3E || bytes[cursor] == 0x21
                                                || bytes[cursor] == ASCII.comma || ASCII.isDigit(bytes[cursor])) {
                    cursor += 1
                }
                if cursor < bytes.count && bytes[cursor] == ASCII.openBrace {
                    let start = cursor + 1
                    guard let close = bytes[start...].firstIndex(of: ASCII.closeBrace) else {
                        throw LogConfigurationError("format string \(format): unclosed %{")
                    }
                    argument = String(decoding: bytes[start..<close], as: UTF8.self)
                    cursor = close + 1
                }
                guard cursor < bytes.count else { throw LogConfigurationError("format string \(format) ends inside a % directive") }
                let directive = bytes[cursor]
                index = cursor + 1
                if directive == 0x25 { literal.append(0x25); continue }
                if directive == 0x74 && argument == nil {  // %t prints [time]
                    literal.append(ASCII.openBracket)
                    try add(.timeCommon)
                    literal.append(ASCII.closeBracket)
                    continue
                }
                let key = AccessLogFormat.apacheCaptureName(directive: directive, argument: argument)
                let role: Role = key != nil && key == capture ? .captured : AccessLogFormat.apacheRole(directive: directive, argument: argument)
                if key != nil && key == capture { capturedFound = true }
                try add(role)
            } else if byte == ASCII.backslash && index + 1 < bytes.count && bytes[index + 1] == ASCII.quote {
                literal.append(ASCII.quote)
                index += 2
            } else {
                literal.append(byte)
                index += 1
            }
        }
        flush()
        if !capturedFound, let capture {
            throw LogConfigurationError("format string \(format) has no field \(capture) to take the customer key from")
        }
        guard tokens.contains(where: { if case .variable = $0 { return true } else { return false } }) else {
            throw LogConfigurationError("format string \(format) has no field")
        }
        self.tokens = tokens
    }

    /// The nginx combined format.
    public static func nginx(capture: String? = nil) throws(LogConfigurationError) -> AccessLogFormat {
        try AccessLogFormat(name: "nginx", format: nginxCombined, capture: capture)
    }

    static func nginxRole(_ variable: String) -> Role {
        switch variable {
        case "remote_addr", "binary_remote_addr", "realip_remote_addr", "http_x_forwarded_for": return .client
        case "time_local": return .timeCommon
        case "time_iso8601": return .timeISO
        case "msec": return .timeEpoch
        case "request": return .requestLine
        case "request_method": return .method
        case "request_uri": return .target
        case "uri", "document_uri": return .path
        case "args", "query_string": return .query
        case "status": return .status
        case "body_bytes_sent", "bytes_sent": return .bytesSent
        case "request_length": return .bytesReceived
        case "http_user_agent": return .agent
        case "host", "http_host", "server_name": return .host
        case "request_time": return .durationSeconds
        case "upstream_response_time": return .upstreamSeconds
        default: return .none
        }
    }

    /// The name a header directive is captured by: `%{X-Customer-Id}i` is `http_x_customer_id`,
    /// as nginx names the same header.
    static func apacheCaptureName(directive: UInt8, argument: String?) -> String? {
        guard directive == 0x69, let argument else { return nil }  // i
        return "http_" + argument.lowercased().replacingOccurrences(of: "-", with: "_")
    }

    static func apacheRole(directive: UInt8, argument: String?) -> Role {
        switch directive {
        case 0x68, 0x61: return .client                  // %h %a
        case 0x72: return .requestLine                    // %r
        case 0x73: return .status                         // %s %>s
        case 0x62, 0x42, 0x4F: return .bytesSent          // %b %B %O
        case 0x49: return .bytesReceived                  // %I
        case 0x44: return .durationMicros                 // %D
        case 0x54:                                        // %T, %{ms}T, %{us}T
            switch argument {
            case "ms": return .durationMillis
            case "us": return .durationMicros
            default: return .durationSeconds
            }
        case 0x6D: return .method                         // %m
        case 0x55: return .path                           // %U
        case 0x71: return .query                          // %q
        case 0x76, 0x56: return .host                     // %v %V
        case 0x69:                                        // %{Header}i
            switch argument?.lowercased() {
            case "user-agent": return .agent
            case "host": return .host
            default: return .none
            }
        default: return .none
        }
    }

    @inline(__always)
    static func matches(_ line: LineBytes, at index: Int, end: Int, _ literal: [UInt8]) -> Bool {
        guard index + literal.count <= end else { return false }
        var offset = 0
        while offset < literal.count {
            if line[index + offset] != literal[offset] { return false }
            offset += 1
        }
        return true
    }

    public mutating func parse(_ line: LineBytes, into record: inout LogRecord) -> LineOutcome {
        let end = line.contentEnd
        if end == 0 { return .skip }
        var index = 0
        var tokenIndex = 0
        var sawTime = false, sawRequest = false
        while tokenIndex < tokens.count {
            switch tokens[tokenIndex] {
            case .literal(let literal):
                guard AccessLogFormat.matches(line, at: index, end: end, literal) else { return .invalid }
                index += literal.count
            case .variable(let role):
                let start = index
                var valueEnd = end
                if tokenIndex + 1 < tokens.count, case .literal(let next) = tokens[tokenIndex + 1] {
                    if tokenIndex + 2 == tokens.count {
                        // The last literal anchors at the end of the line.
                        valueEnd = end - next.count
                        guard valueEnd >= start, AccessLogFormat.matches(line, at: valueEnd, end: end, next) else { return .invalid }
                    } else {
                        let first = next[0]
                        var cursor = start
                        let quoted = start > 0 && line[start - 1] == ASCII.quote && first == ASCII.quote
                        while true {
                            guard cursor < end else { return .invalid }
                            let byte = line[cursor]
                            if quoted && byte == ASCII.backslash { cursor += 2; continue }
                            if byte == first && AccessLogFormat.matches(line, at: cursor, end: end, next) { break }
                            cursor += 1
                        }
                        valueEnd = cursor
                    }
                }
                let span = Span(start, valueEnd)
                switch role {
                case .none: break
                case .client: record.client = span
                case .timeCommon:
                    guard let time = Timestamps.parseCommonLog(line, span) else { return .invalid }
                    record.timestamp = time
                    sawTime = true
                case .timeISO:
                    guard let time = Timestamps.parseISO8601(line, span) else { return .invalid }
                    record.timestamp = time
                    sawTime = true
                case .timeEpoch:
                    guard let time = Timestamps.parseEpoch(line, span) else { return .invalid }
                    record.timestamp = time
                    sawTime = true
                case .requestLine:
                    HTTPFields.parseRequestLine(line, span, into: &record)
                    sawRequest = true
                case .method: record.method = span
                case .target: HTTPFields.parseTarget(line, span, into: &record); sawRequest = true
                case .path: record.path = span; sawRequest = true
                case .query:
                    var query = span
                    if query.count > 0 && line[Int(query.start)] == ASCII.question { query.start += 1 }
                    if !(query.count == 1 && line[Int(query.start)] == ASCII.dash) { record.query = query }
                case .status:
                    guard let status = HTTPFields.status(line, span) else { return .invalid }
                    record.status = status
                    record.backendStatus = status
                case .bytesSent:
                    guard let bytes = HTTPFields.byteCount(line, span) else { return .invalid }
                    record.bytesSent = bytes
                case .bytesReceived:
                    guard let bytes = HTTPFields.byteCount(line, span) else { return .invalid }
                    record.bytesReceived = bytes
                case .agent: record.userAgent = span
                case .host: record.host = span
                case .durationSeconds:
                    if let micros = line.parseSecondsAsMicros(span) { record.duration = micros }
                case .durationMicros:
                    if let micros = line.parseInt(span) { record.duration = micros }
                case .durationMillis:
                    if let millis = line.parseInt(span) { record.duration = millis * 1000 }
                case .upstreamSeconds:
                    // `0.010, 0.020` after a retry, `-` when no upstream answered: the last attempt counts.
                    var from = Int(span.start)
                    var cursor = from
                    while cursor < Int(span.end) {
                        if line[cursor] == ASCII.comma || line[cursor] == ASCII.space || line[cursor] == ASCII.colon { from = cursor + 1 }
                        cursor += 1
                    }
                    if let micros = line.parseSecondsAsMicros(Span(from, Int(span.end))) { record.targetTime = micros }
                case .captured: record.captured = span
                }
                index = valueEnd
            }
            tokenIndex += 1
        }
        guard index == end, sawTime, sawRequest else { return .invalid }
        return .record
    }
}
