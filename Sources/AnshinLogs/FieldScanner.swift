/// Splits a line of space-separated fields where a field may be double-quoted (the load balancers'
/// layout): `a "b c" d`. A quoted field ends at a quote followed by a space or the end of the line,
/// so a stray quote inside it does not end it early.
struct FieldScanner {
    var index: Int
    let end: Int

    @inline(__always) init(_ line: LineBytes) {
        index = 0
        end = line.contentEnd
    }

    @inline(__always) var atEnd: Bool { index >= end }

    /// The next field (without its quotes), or nil when the line has no more fields.
    @inline(__always)
    mutating func next(_ line: LineBytes) -> Span? {
        guard index < end else { return nil }
        if line[index] == ASCII.quote {
            let start = index + 1
            var cursor = start
            while cursor < end {
                if line[cursor] == ASCII.quote && (cursor + 1 == end || line[cursor + 1] == ASCII.space) {
                    index = cursor + 2
                    return Span(start, cursor)
                }
                cursor += 1
            }
            // An unterminated quote: the line was cut.
            index = end
            return nil
        }
        let start = index
        var cursor = index
        while cursor < end && line[cursor] != ASCII.space { cursor += 1 }
        index = cursor + 1
        return Span(start, cursor)
    }

    /// Whether the next field starts with a quote (the request and user agent must).
    @inline(__always) func nextIsQuoted(_ line: LineBytes) -> Bool { index < end && line[index] == ASCII.quote }
}

/// Shared pieces of the HTTP formats.
enum HTTPFields {
    /// Splits a request line, `GET https://host:443/path?q HTTP/1.1` or `GET /path?q HTTP/1.1`, into
    /// method, host (when the target is absolute), path and query.
    @inline(__always)
    static func parseRequestLine(_ line: LineBytes, _ span: Span, into record: inout LogRecord) {
        var index = Int(span.start)
        let end = Int(span.end)
        let methodStart = index
        while index < end && line[index] != ASCII.space { index += 1 }
        record.method = Span(methodStart, index)
        index += 1
        // `- - -`: a TCP listener's entry, or a request the load balancer could not read.
        guard index < end, !(index - methodStart == 2 && line[methodStart] == ASCII.dash) else { return }
        // The target runs to the last space (before the protocol), or to the end for HTTP/0.9.
        var targetEnd = end
        var back = end - 1
        while back > index && line[back] != ASCII.space { back -= 1 }
        if back > index { targetEnd = back }
        parseTarget(line, Span(index, targetEnd), into: &record)
    }

    /// Splits a request target (`/p?q`, `https://host:443/p?q`) into host, path and query.
    @inline(__always)
    static func parseTarget(_ line: LineBytes, _ span: Span, into record: inout LogRecord) {
        var index = Int(span.start)
        let end = Int(span.end)
        guard index < end else { return }
        if line[index] != ASCII.slash {
            // Absolute form: scheme://host[:port]/path
            var cursor = index
            while cursor + 2 < end && !(line[cursor] == ASCII.colon && line[cursor + 1] == ASCII.slash && line[cursor + 2] == ASCII.slash) {
                cursor += 1
            }
            guard cursor + 2 < end else {
                record.path = Span(index, end)
                return
            }
            cursor += 3
            let hostStart = cursor
            while cursor < end && line[cursor] != ASCII.colon && line[cursor] != ASCII.slash && line[cursor] != ASCII.question {
                cursor += 1
            }
            record.host = Span(hostStart, cursor)
            while cursor < end && line[cursor] != ASCII.slash && line[cursor] != ASCII.question { cursor += 1 }
            index = cursor
        }
        let pathStart = index
        while index < end && line[index] != ASCII.question { index += 1 }
        record.path = Span(pathStart, index)
        if index < end { record.query = Span(index + 1, end) }
    }

    /// A status code field: up to three digits (`0` and `000` for none), or `-` for none.
    @inline(__always)
    static func status(_ line: LineBytes, _ span: Span) -> Int? {
        if span.count == 1 && line[Int(span.start)] == ASCII.dash { return 0 }
        guard span.count >= 1 && span.count <= 3, let value = line.parseInt(span) else { return nil }
        return Int(value)
    }

    /// A byte count: digits, or `-` for none.
    @inline(__always)
    static func byteCount(_ line: LineBytes, _ span: Span) -> Int64? {
        if span.count == 1 && line[Int(span.start)] == ASCII.dash { return 0 }
        return line.parseInt(span)
    }

    /// A load balancer timing in seconds, `-1` when it could not be measured.
    @inline(__always)
    static func timing(_ line: LineBytes, _ span: Span) -> Int64?? {
        if span.count == 2 && line[Int(span.start)] == ASCII.dash && line[Int(span.start) + 1] == 0x31 { return .some(nil) }
        guard let micros = line.parseSecondsAsMicros(span) else { return nil }
        return .some(micros)
    }

    /// The total of the three load balancer timings when all were measured, else -1.
    @inline(__always)
    static func total(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
        a >= 0 && b >= 0 && c >= 0 ? a + b + c : -1
    }
}
