/// Plain-text application logs (`2026-11-30 22:23:00.123 DEBUG [worker] message`): a timestamp
/// near the start of the line when there is one, and the first level word among the first few
/// words. A line without a level (a stack trace's) counts at the level of the line before it, so
/// volume by level includes the traces that errors print. The source is the input (file): one log
/// file is one CloudWatch log group or stream.
public struct TextLogFormat: LogFormat {
    public var name: String { "text" }
    var lastLevel = LogLevel.none

    public init() {}

    public mutating func parse(_ line: LineBytes, into record: inout LogRecord) -> LineOutcome {
        let end = line.contentEnd
        if end == 0 { return .skip }
        // A timestamp in the first 40 bytes: ISO 8601 (space or T).
        var index = 0
        let limit = min(end, 40)
        while index + 19 <= end && index < limit {
            if ASCII.isDigit(line[index]) && index + 4 < end && line[index + 4] == ASCII.dash {
                var stop = index + 19
                while stop < end && line[stop] != ASCII.space && line[stop] != ASCII.closeBracket { stop += 1 }
                // Try the longest form first (with fraction and zone), then the plain seconds.
                if let time = Timestamps.parseISO8601(line, Span(index, stop)) ?? Timestamps.parseISO8601(line, Span(index, index + 19)) {
                    record.timestamp = time
                    index = stop
                    break
                }
            }
            index += 1
        }
        // A level word among the next six words.
        var words = 0
        var found = false
        var cursor = record.timestamp == nil ? 0 : index
        while cursor < end && words < 6 {
            while cursor < end && !ASCII.isAlpha(line[cursor]) { cursor += 1 }
            let start = cursor
            while cursor < end && ASCII.isAlpha(line[cursor]) { cursor += 1 }
            guard cursor > start else { break }
            words += 1
            if let level = LogLevel.parse(line, Span(start, cursor)) {
                record.level = level
                found = true
                break
            }
        }
        if found {
            lastLevel = record.level
        } else {
            record.level = lastLevel == .none ? .info : lastLevel
        }
        return .record
    }

    public func recognises(_ line: LineBytes) -> Bool { false }
}
