/// Application logs as JSON lines (one object per line), read through a configurable mapping of
/// field names to roles. Names may be dotted (`http.status`) for one level of nesting; each role
/// takes the first of its names that the object has.
public struct JSONLinesFormat: LogFormat {
    public var name: String { "json" }
    public let mapping: JSONFieldMapping

    enum Role: UInt8 {
        case timestamp, method, path, status, duration, bytes, level, source, host, captured
    }

    /// Names as bytes, each with its role and rank (lower wins when an object has several names of one role).
    struct Name {
        var parent: [UInt8]?
        var leaf: [UInt8]
        var role: Role
        var rank: UInt8
    }

    let names: [Name]
    let durationDivisor: Int64

    public init(mapping: JSONFieldMapping = JSONFieldMapping()) {
        self.mapping = mapping
        var names: [Name] = []
        func add(_ list: [String], _ role: Role) {
            for (rank, name) in list.enumerated() {
                let parts = name.split(separator: ".", maxSplits: 1)
                if parts.count == 2 {
                    names.append(Name(parent: Array(parts[0].utf8), leaf: Array(parts[1].utf8), role: role, rank: UInt8(min(rank, 250))))
                } else {
                    names.append(Name(parent: nil, leaf: Array(name.utf8), role: role, rank: UInt8(min(rank, 250))))
                }
            }
        }
        add(mapping.timestamp, .timestamp)
        add(mapping.method, .method)
        add(mapping.path, .path)
        add(mapping.status, .status)
        add(mapping.duration, .duration)
        add(mapping.bytes, .bytes)
        add(mapping.level, .level)
        add(mapping.source, .source)
        add(mapping.host, .host)
        if let customer = mapping.customer { add([customer], .captured) }
        self.names = names
        durationDivisor = mapping.durationUnit.divisor
    }

    @inline(__always)
    static func equal(_ line: LineBytes, _ span: Span, _ bytes: [UInt8]) -> Bool {
        guard span.count == bytes.count else { return false }
        var index = 0
        let start = Int(span.start)
        while index < bytes.count {
            if line[start + index] != bytes[index] { return false }
            index += 1
        }
        return true
    }

    /// Scans a string starting at the opening quote; returns the content span and moves past it.
    @inline(__always)
    static func string(_ line: LineBytes, _ index: inout Int, _ end: Int) -> Span? {
        let start = index + 1
        var cursor = start
        while cursor < end {
            let byte = line[cursor]
            if byte == ASCII.backslash { cursor += 2; continue }
            if byte == ASCII.quote {
                index = cursor + 1
                return Span(start, cursor)
            }
            cursor += 1
        }
        return nil
    }

    @inline(__always)
    static func skipSpace(_ line: LineBytes, _ index: inout Int, _ end: Int) {
        while index < end, line[index] == ASCII.space || line[index] == ASCII.tab || line[index] == ASCII.cr { index += 1 }
    }

    /// Skips any JSON value; returns its span (strings without quotes) and whether it was a string.
    static func value(_ line: LineBytes, _ index: inout Int, _ end: Int) -> (Span, Bool)? {
        guard index < end else { return nil }
        let byte = line[index]
        if byte == ASCII.quote {
            guard let span = string(line, &index, end) else { return nil }
            return (span, true)
        }
        let start = index
        if byte == ASCII.openBrace || byte == ASCII.openBracket {
            var depth = 0
            while index < end {
                let current = line[index]
                if current == ASCII.quote {
                    guard string(line, &index, end) != nil else { return nil }
                    continue
                }
                if current == ASCII.openBrace || current == ASCII.openBracket { depth += 1 }
                if current == ASCII.closeBrace || current == ASCII.closeBracket {
                    depth -= 1
                    if depth == 0 { index += 1; return (Span(start, index), false) }
                }
                index += 1
            }
            return nil
        }
        while index < end {
            let current = line[index]
            if current == ASCII.comma || current == ASCII.closeBrace || current == ASCII.space || current == ASCII.closeBracket { break }
            index += 1
        }
        return index > start ? (Span(start, index), false) : nil
    }

    public mutating func parse(_ line: LineBytes, into record: inout LogRecord) -> LineOutcome {
        let end = line.contentEnd
        var index = 0
        JSONLinesFormat.skipSpace(line, &index, end)
        if index == end { return .skip }
        guard line[index] == ASCII.openBrace else { return .invalid }
        var ranks = (UInt8.max, UInt8.max, UInt8.max, UInt8.max, UInt8.max, UInt8.max, UInt8.max, UInt8.max, UInt8.max, UInt8.max)
        var spans = (Span.empty, Span.empty, Span.empty, Span.empty, Span.empty, Span.empty, Span.empty, Span.empty, Span.empty, Span.empty)
        var strings: UInt16 = 0
        func assign(_ role: Role, _ rank: UInt8, _ span: Span, _ isString: Bool) {
            func set(_ current: inout UInt8, _ slot: inout Span) {
                if rank < current { current = rank; slot = span; if isString { strings |= 1 << role.rawValue } else { strings &= ~(1 << role.rawValue) } }
            }
            switch role {
            case .timestamp: set(&ranks.0, &spans.0)
            case .method: set(&ranks.1, &spans.1)
            case .path: set(&ranks.2, &spans.2)
            case .status: set(&ranks.3, &spans.3)
            case .duration: set(&ranks.4, &spans.4)
            case .bytes: set(&ranks.5, &spans.5)
            case .level: set(&ranks.6, &spans.6)
            case .source: set(&ranks.7, &spans.7)
            case .host: set(&ranks.8, &spans.8)
            case .captured: set(&ranks.9, &spans.9)
            }
        }
        guard scanObject(line, &index, end, parent: nil, assign: assign) else { return .invalid }
        JSONLinesFormat.skipSpace(line, &index, end)
        guard index == end else { return .invalid }

        if ranks.0 != .max {
            let span = spans.0
            let time = strings & 1 != 0 ? Timestamps.parseISO8601(line, span) : Timestamps.parseEpoch(line, span)
            guard let time else { return .invalid }
            record.timestamp = time
        }
        record.method = spans.1
        if ranks.2 != .max { HTTPFields.parseTarget(line, spans.2, into: &record) }
        if ranks.3 != .max {
            guard let status = line.parseInt(spans.3) else { return .invalid }
            record.status = Int(status)
            record.backendStatus = Int(status)
        }
        if ranks.4 != .max {
            guard let micros = line.parseSecondsAsMicros(spans.4) else { return .invalid }
            record.duration = micros / durationDivisor
        }
        if ranks.5 != .max { record.bytesSent = line.parseInt(spans.5) ?? 0 }
        if ranks.6 != .max { record.level = LogLevel.parse(line, spans.6) ?? .none }
        record.source = spans.7
        if ranks.8 != .max { record.host = spans.8 }
        record.captured = spans.9
        return .record
    }

    /// Scans an object at `index` (an opening brace), reporting mapped fields; nested objects are
    /// scanned one level deep for dotted names.
    func scanObject(_ line: LineBytes, _ index: inout Int, _ end: Int, parent: Span?,
                    assign: (Role, UInt8, Span, Bool) -> Void) -> Bool {
        index += 1
        JSONLinesFormat.skipSpace(line, &index, end)
        if index < end && line[index] == ASCII.closeBrace { index += 1; return true }
        while index < end {
            JSONLinesFormat.skipSpace(line, &index, end)
            guard index < end, line[index] == ASCII.quote, let key = JSONLinesFormat.string(line, &index, end) else { return false }
            JSONLinesFormat.skipSpace(line, &index, end)
            guard index < end, line[index] == ASCII.colon else { return false }
            index += 1
            JSONLinesFormat.skipSpace(line, &index, end)
            guard index < end else { return false }
            if line[index] == ASCII.openBrace && parent == nil {
                guard scanObject(line, &index, end, parent: key, assign: assign) else { return false }
            } else {
                guard let (span, isString) = JSONLinesFormat.value(line, &index, end) else { return false }
                for name in names {
                    if let parentName = name.parent {
                        guard let parent, JSONLinesFormat.equal(line, parent, parentName) else { continue }
                    } else if parent != nil {
                        continue
                    }
                    if JSONLinesFormat.equal(line, key, name.leaf) { assign(name.role, name.rank, span, isString) }
                }
            }
            JSONLinesFormat.skipSpace(line, &index, end)
            guard index < end else { return false }
            if line[index] == ASCII.comma { index += 1; continue }
            if line[index] == ASCII.closeBrace { index += 1; return true }
            return false
        }
        return false
    }
}

/// Which JSON fields play which role; each role lists names to try in order.
public struct JSONFieldMapping: Sendable, Equatable {
    public var timestamp = ["timestamp", "time", "@timestamp", "ts"]
    public var method = ["method", "http.method", "request_method"]
    public var path = ["path", "url", "uri", "request_uri", "http.path", "http.url"]
    public var status = ["status", "status_code", "statusCode", "http.status_code", "http.status"]
    public var duration = ["duration_ms", "latency_ms", "response_time_ms", "elapsed_ms", "duration", "latency"]
    public var durationUnit: DurationUnit = .milliseconds
    public var bytes = ["bytes", "bytes_sent", "response_size"]
    public var level = ["level", "severity", "lvl", "log.level"]
    public var source = ["logger", "source", "service", "logger_name"]
    public var host = ["host", "hostname", "http.host"]
    /// The field holding the customer key, if any.
    public var customer: String?

    public init() {}

    /// The unit of the duration field.
    public enum DurationUnit: String, Sendable, CaseIterable {
        case seconds = "s", milliseconds = "ms", microseconds = "us", nanoseconds = "ns"

        /// A number read as if it were seconds, in microseconds, divided by this is microseconds.
        var divisor: Int64 {
            switch self {
            case .seconds: 1
            case .milliseconds: 1000
            case .microseconds: 1_000_000
            case .nanoseconds: 1_000_000_000
            }
        }
    }

    /// Applies `role=name[,role=name…]` overrides (`timestamp=ts,duration=took:us,customer=tenant`).
    public mutating func apply(_ specification: String) throws(LogConfigurationError) {
        for pair in specification.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[1].isEmpty else {
                throw LogConfigurationError("JSON mapping \(pair): expected role=field (roles: timestamp, method, path, status, duration, bytes, level, source, host, customer)")
            }
            let field = parts[1]
            switch parts[0] {
            case "timestamp": timestamp = [field]
            case "method": method = [field]
            case "path": path = [field]
            case "status": status = [field]
            case "duration":
                let pieces = field.split(separator: ":")
                duration = [String(pieces[0])]
                if pieces.count == 2 {
                    guard let unit = DurationUnit(rawValue: String(pieces[1])) else {
                        throw LogConfigurationError("JSON mapping \(pair): unknown duration unit \(pieces[1]) (s, ms, us, ns)")
                    }
                    durationUnit = unit
                }
            case "bytes": bytes = [field]
            case "level": level = [field]
            case "source": source = [field]
            case "host": host = [field]
            case "customer": customer = field
            default:
                throw LogConfigurationError("JSON mapping \(pair): unknown role \(parts[0]) (roles: timestamp, method, path, status, duration, bytes, level, source, host, customer)")
            }
        }
    }
}

import Foundation
