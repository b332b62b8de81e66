/// Terraform's date and time functions over RFC 3339 timestamps. `timestamp()` and
/// `plantimestamp()` differ on every run, so they are unknown (see ``HashFunctions``); the others
/// are computed here, without the host's calendar or time zone.
enum DateFunctions {
    static let all: [Function] = [
        Function("plantimestamp", arity: 0...0) { _, _ throws(FunctionError) in .unknown(.string) },
        Function("formatdate", arity: 2...2) { args, _ throws(FunctionError) in
            let spec = try Arguments.string(args[0], "spec")
            let time = try Timestamp.parse(try Arguments.string(args[1], "timestamp"), parameter: "timestamp")
            return .string(try time.formatted(spec))
        },
        Function("timeadd", arity: 2...2) { args, _ throws(FunctionError) in
            let time = try Timestamp.parse(try Arguments.string(args[0], "timestamp"), parameter: "timestamp")
            let duration = try Timestamp.nanoseconds(of: try Arguments.string(args[1], "duration"))
            return .string(time.adding(nanoseconds: duration).rfc3339)
        },
        Function("timecmp", arity: 2...2) { args, _ throws(FunctionError) in
            let a = try Timestamp.parse(try Arguments.string(args[0], "timestamp_a"), parameter: "timestamp_a")
            let b = try Timestamp.parse(try Arguments.string(args[1], "timestamp_b"), parameter: "timestamp_b")
            let (left, right) = ((a.seconds, a.nanoseconds), (b.seconds, b.nanoseconds))
            return .int(left < right ? -1 : (left == right ? 0 : 1))
        },
    ]
}

/// An instant with the UTC offset it was written in.
struct Timestamp: Equatable {
    /// Seconds since 1970-01-01T00:00:00Z, and the nanoseconds past that second.
    var seconds: Int
    var nanoseconds: Int
    /// The offset from UTC, in seconds, the timestamp was written in.
    var offset: Int

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    static func parse(_ text: String, parameter: String) throws(FunctionError) -> Timestamp {
        let invalid = Arguments.invalid(parameter, "not a valid RFC3339 timestamp: \"\(text)\"")
        let bytes = Array(text.utf8)
        var index = 0
        func digits(_ count: Int) throws(FunctionError) -> Int {
            guard index + count <= bytes.count else { throw invalid }
            var value = 0
            for byte in bytes[index..<(index + count)] {
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { throw invalid }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += count
            return value
        }
        func expect(_ character: Character) throws(FunctionError) {
            guard index < bytes.count, bytes[index] == character.asciiValue else { throw invalid }
            index += 1
        }
        let year = try digits(4)
        try expect("-")
        let month = try digits(2)
        try expect("-")
        let day = try digits(2)
        try expect("T")
        let hour = try digits(2)
        try expect(":")
        let minute = try digits(2)
        try expect(":")
        let second = try digits(2)
        var nanoseconds = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 100_000_000
            var count = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                nanoseconds += Int(bytes[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                count += 1
                index += 1
            }
            guard count > 0 else { throw invalid }
        }
        guard index < bytes.count else { throw invalid }
        var offset = 0
        if bytes[index] == UInt8(ascii: "Z") {
            index += 1
        } else {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") else { throw invalid }
            index += 1
            let offsetHours = try digits(2)
            try expect(":")
            let offsetMinutes = try digits(2)
            guard offsetHours < 24, offsetMinutes < 60 else { throw invalid }
            offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard index == bytes.count, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { throw invalid }
        let local = daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        return Timestamp(seconds: local - offset, nanoseconds: nanoseconds, offset: offset)
    }

    /// A Go duration (`1h30m`, `-10m`, `1.5s`, `300ms`) in nanoseconds.
    static func nanoseconds(of text: String) throws(FunctionError) -> Int {
        let invalid = Arguments.invalid("duration", "time: invalid duration \"\(text)\"")
        var rest = Substring(text)
        var sign = 1
        if let first = rest.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        guard !rest.isEmpty else { throw invalid }
        let units: [(String, Double)] = [
            ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
        ]
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number != ".", number.filter({ $0 == "." }).count <= 1,
                  let value = Double(number.hasPrefix(".") ? "0" + number : String(number)) else { throw invalid }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard let unit = units.first(where: { $0.0 == unitText }) else { throw invalid }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.1
        }
        guard total < 9.2e18 else { throw invalid }
        return sign * Int(total.rounded())
    }

    func adding(nanoseconds duration: Int) -> Timestamp {
        let total = nanoseconds + duration % 1_000_000_000
        let carry = total >= 1_000_000_000 ? 1 : (total < 0 ? -1 : 0)
        return Timestamp(seconds: seconds + duration / 1_000_000_000 + carry,
                         nanoseconds: total - carry * 1_000_000_000, offset: offset)
    }

    /// The local calendar fields in the timestamp's own offset.
    private var fields: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, weekday: Int) {
        let local = seconds + offset
        let days = local >= 0 ? local / 86_400 : -((-local + 86_399) / 86_400)
        let secondOfDay = local - days * 86_400
        let (year, month, day) = Self.civil(fromDays: days)
        // 1970-01-01 was a Thursday; weekday 0 is Sunday.
        let weekday = ((days % 7) + 7 + 4) % 7
        return (year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60, weekday)
    }

    /// RFC 3339 without fractional seconds, `Z` for a zero offset (Go's `time.RFC3339` layout).
    var rfc3339: String {
        let f = fields
        return "\(Self.pad(f.year, 4))-\(Self.pad(f.month, 2))-\(Self.pad(f.day, 2))T"
            + "\(Self.pad(f.hour, 2)):\(Self.pad(f.minute, 2)):\(Self.pad(f.second, 2))\(offsetText(colon: true, utc: "Z"))"
    }

    private func offsetText(colon: Bool, utc: String?) -> String {
        if offset == 0, let utc { return utc }
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        return sign + Self.pad(magnitude / 3600, 2) + (colon ? ":" : "") + Self.pad(magnitude % 3600 / 60, 2)
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]
    static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// `formatdate`'s specification: runs of one letter are fields, text in single quotes is
    /// literal (`''` is a quote), other characters are copied.
    func formatted(_ spec: String) throws(FunctionError) -> String {
        let f = fields
        let characters = Array(spec)
        var result = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "'" {
                if index + 1 < characters.count, characters[index + 1] == "'" {
                    result.append("'")
                    index += 2
                    continue
                }
                guard let close = characters[(index + 1)...].firstIndex(of: "'") else {
                    throw Arguments.invalid("spec", "unterminated literal '")
                }
                result += String(characters[(index + 1)..<close])
                index = close + 1
                continue
            }
            guard character.isASCII, character.isLetter else {
                result.append(character)
                index += 1
                continue
            }
            var end = index
            while end < characters.count, characters[end] == character { end += 1 }
            let sequence = String(characters[index..<end])
            index = end
            let hour12 = f.hour % 12 == 0 ? 12 : f.hour % 12
            switch sequence {
            case "YYYY": result += Self.pad(f.year, 4)
            case "YY": result += Self.pad(f.year % 100, 2)
            case "MMMM": result += Self.monthNames[f.month - 1]
            case "MMM": result += String(Self.monthNames[f.month - 1].prefix(3))
            case "MM": result += Self.pad(f.month, 2)
            case "M": result += String(f.month)
            case "DD": result += Self.pad(f.day, 2)
            case "D": result += String(f.day)
            case "EEEE": result += Self.dayNames[f.weekday]
            case "EEE": result += String(Self.dayNames[f.weekday].prefix(3))
            case "hh": result += Self.pad(f.hour, 2)
            case "h": result += String(f.hour)
            case "HH": result += Self.pad(hour12, 2)
            case "H": result += String(hour12)
            case "AA": result += f.hour < 12 ? "AM" : "PM"
            case "aa": result += f.hour < 12 ? "am" : "pm"
            case "mm": result += Self.pad(f.minute, 2)
            case "m": result += String(f.minute)
            case "ss": result += Self.pad(f.second, 2)
            case "s": result += String(f.second)
            case "ZZZZZ": result += offsetText(colon: true, utc: nil)
            case "ZZZZ": result += offsetText(colon: false, utc: nil)
            case "ZZZ": result += offsetText(colon: false, utc: "UTC")
            case "Z": result += offsetText(colon: true, utc: "Z")
            default:
                throw Arguments.invalid("spec", "invalid date format verb \"\(sequence)\": unsupported format letter")
            }
        }
        return result
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(abs(value))
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - text.count)) + text
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day count since 1970-01-01.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
