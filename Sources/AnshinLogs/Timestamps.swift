/// Timestamp decoding straight from bytes, without Foundation's formatters (too slow per line).
public enum Timestamps {
    /// Days from 1970-01-01 to the civil date (proleptic Gregorian), after H. Hinnant's algorithm.
    @inline(__always)
    public static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count from 1970-01-01.
    public static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    @inline(__always)
    static func digits(_ line: LineBytes, _ at: Int, _ count: Int) -> Int64? {
        guard at >= 0, at + count <= line.count else { return nil }
        var value: Int64 = 0
        for index in at..<(at + count) {
            let digit = line[index] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }

    @inline(__always)
    static func micros(year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64) -> Int64? {
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return ((days * 24 + hour) * 60 + minute) * 60_000_000 + second * 1_000_000
    }

    /// ISO 8601 as the AWS logs write it, `2026-11-30T22:23:00.186641Z`; also accepts a space for
    /// `T`, any number of fraction digits, and `Z`, `+hh:mm`, `+hhmm` or nothing (UTC) as the zone.
    public static func parseISO8601(_ line: LineBytes, _ span: Span) -> Int64? {
        let s = Int(span.start), end = Int(span.end)
        guard end - s >= 19,
              let year = digits(line, s, 4), line[s + 4] == ASCII.dash,
              let month = digits(line, s + 5, 2), line[s + 7] == ASCII.dash,
              let day = digits(line, s + 8, 2), line[s + 10] == 0x54 || line[s + 10] == ASCII.space,
              let hour = digits(line, s + 11, 2), line[s + 13] == ASCII.colon,
              let minute = digits(line, s + 14, 2), line[s + 16] == ASCII.colon,
              let second = digits(line, s + 17, 2),
              var value = micros(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else { return nil }
        var index = s + 19
        if index < end && (line[index] == ASCII.dot || line[index] == ASCII.comma) {
            index += 1
            var scale: Int64 = 100_000
            while index < end, ASCII.isDigit(line[index]) {
                value += Int64(line[index] &- 0x30) * scale
                scale /= 10
                index += 1
            }
        }
        guard index < end else { return value }
        switch line[index] {
        case 0x5A, 0x7A: return index + 1 == end ? value : nil
        case ASCII.plus, ASCII.dash:
            let sign: Int64 = line[index] == ASCII.plus ? 1 : -1
            guard let hours = digits(line, index + 1, 2) else { return nil }
            var minuteAt = index + 3
            if minuteAt < end && line[minuteAt] == ASCII.colon { minuteAt += 1 }
            guard let minutes = digits(line, minuteAt, 2), minuteAt + 2 == end else { return nil }
            return value - sign * (hours * 60 + minutes) * 60_000_000
        default:
            return nil
        }
    }

    /// Month abbreviations of the common log format, as a number 1...12.
    @inline(__always)
    static func month(_ line: LineBytes, _ at: Int) -> Int64? {
        guard at + 3 <= line.count else { return nil }
        let key = (UInt32(line[at] | 0x20) << 16) | (UInt32(line[at + 1] | 0x20) << 8) | UInt32(line[at + 2] | 0x20)
        switch key {
        case 0x6A616E: return 1   // jan
        case 0x666562: return 2   // feb
        case 0x6D6172: return 3   // mar
        case 0x617072: return 4   // apr
        case 0x6D6179: return 5   // may
        case 0x6A756E: return 6   // jun
        case 0x6A756C: return 7   // jul
        case 0x617567: return 8   // aug
        case 0x736570: return 9   // sep
        case 0x6F6374: return 10  // oct
        case 0x6E6F76: return 11  // nov
        case 0x646563: return 12  // dec
        default: return nil
        }
    }

    /// The common log format's time, `10/Oct/2000:13:55:36 -0700` (nginx `$time_local`, Apache `%t`).
    public static func parseCommonLog(_ line: LineBytes, _ span: Span) -> Int64? {
        let s = Int(span.start), end = Int(span.end)
        guard end - s >= 20,
              let day = digits(line, s, 2), line[s + 2] == ASCII.slash,
              let month = month(line, s + 3), line[s + 6] == ASCII.slash,
              let year = digits(line, s + 7, 4), line[s + 11] == ASCII.colon,
              let hour = digits(line, s + 12, 2), line[s + 14] == ASCII.colon,
              let minute = digits(line, s + 15, 2), line[s + 17] == ASCII.colon,
              let second = digits(line, s + 18, 2),
              let value = micros(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else { return nil }
        var index = s + 20
        guard index < end else { return value }
        guard line[index] == ASCII.space else { return nil }
        index += 1
        guard index + 5 <= end, line[index] == ASCII.plus || line[index] == ASCII.dash,
              let hours = digits(line, index + 1, 2), let minutes = digits(line, index + 3, 2) else { return nil }
        let sign: Int64 = line[index] == ASCII.plus ? 1 : -1
        return value - sign * (hours * 60 + minutes) * 60_000_000
    }

    /// A date and a time in two spans (`2026-11-30` and `22:23:00`), CloudFront's columns, in UTC.
    public static func parseDateAndTime(_ line: LineBytes, date: Span, time: Span) -> Int64? {
        let d = Int(date.start), t = Int(time.start)
        guard date.count == 10, time.count >= 8,
              let year = digits(line, d, 4), line[d + 4] == ASCII.dash,
              let month = digits(line, d + 5, 2), line[d + 7] == ASCII.dash,
              let day = digits(line, d + 8, 2),
              let hour = digits(line, t, 2), line[t + 2] == ASCII.colon,
              let minute = digits(line, t + 3, 2), line[t + 5] == ASCII.colon,
              let second = digits(line, t + 6, 2) else { return nil }
        return micros(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// Epoch seconds or milliseconds as a number (`1764541380`, `1764541380123`, `1764541380.5`).
    public static func parseEpoch(_ line: LineBytes, _ span: Span) -> Int64? {
        guard let micros = line.parseSecondsAsMicros(span) else { return nil }
        // Twelve or more integer digits are milliseconds (seconds would be past the year 33658).
        let seconds = micros / 1_000_000
        if seconds >= 100_000_000_000 { return micros / 1000 }
        return micros
    }

    /// ISO 8601 text of microseconds since the epoch, to the second: `2026-11-30T22:23:00Z`.
    public static func iso8601(_ micros: Int64) -> String {
        var seconds = micros / 1_000_000
        if micros < 0 && micros % 1_000_000 != 0 { seconds -= 1 }
        var days = seconds / 86400
        var rest = seconds % 86400
        if rest < 0 { rest += 86400; days -= 1 }
        let (y, m, d) = civil(fromDays: days)
        func pad(_ v: Int64, _ width: Int) -> String {
            let text = String(v)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):\(pad(rest % 60, 2))Z"
    }
}
