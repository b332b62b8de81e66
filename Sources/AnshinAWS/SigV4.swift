import AnshinHTTP
import Crypto
import Foundation

/// The building blocks of Signature Version 4: path and query canonicalisation,
/// hashing, the signing key and the timestamp formats.
///
/// Source of the rules: "Create a canonical request for Signature Version 4" in the IAM User
/// Guide and, for S3, "Authenticating Requests (AWS Signature Version 4)" in the S3 API Reference.
public enum SigV4 {
    /// The algorithm name that starts the string to sign and the `Authorization` header.
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// The payload hash S3 and presigned URLs accept in place of the body's hash.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// The hex SHA-256 of an empty body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The canonical URI of `path` (the path as sent on the wire).
    ///
    /// With `doubleEncode` (every service but S3) each segment of the wire path is encoded once
    /// more, so a space sent as `%20` signs as `%2520`. Without it (S3) each segment is decoded and
    /// encoded once, so `$` and `%24` both sign as `%24`. With `normalize` (every service but S3)
    /// empty and `.` segments are dropped and `..` removes the segment before it, as RFC 3986
    /// section 5.2.4; a trailing slash is kept.
    public static func canonicalURI(path: String, doubleEncode: Bool, normalize: Bool) -> String {
        guard !path.isEmpty else { return "/" }
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if normalize {
            let trailingSlash = path.hasSuffix("/") || path.hasSuffix("/.") || path.hasSuffix("/..")
            var kept = [String]()
            for segment in segments {
                switch segment {
                case "", ".": continue
                case "..": if !kept.isEmpty { kept.removeLast() }
                default: kept.append(segment)
                }
            }
            if kept.isEmpty { return "/" }
            segments = [""] + kept + (trailingSlash ? [""] : [])
        }
        let encoded = segments.map { segment in
            doubleEncode ? PercentEncoding.encode(segment) : PercentEncoding.encode(bytes: PercentEncoding.decodedBytes(segment))
        }
        let joined = encoded.joined(separator: "/")
        return joined.hasPrefix("/") ? joined : "/" + joined
    }

    /// The canonical query string: names and values RFC 3986-encoded, sorted by name then value
    /// (byte order of the encoded forms), `name=value` joined by `&`.
    public static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        let encoded: [(name: String, value: String)] = query.map { pair in
            (name: PercentEncoding.encode(pair.name), value: PercentEncoding.encode(pair.value))
        }
        let sorted = encoded.sorted { left, right in
            left.name == right.name ? left.value < right.value : left.name < right.name
        }
        return sorted.map { pair in pair.name + "=" + pair.value }.joined(separator: "&")
    }

    /// A header value as SigV4 signs it: trimmed, and every run of whitespace (folded lines
    /// included) reduced to one space.
    public static func canonicalHeaderValue(_ value: String) -> String {
        var output = ""
        output.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for scalar in value.unicodeScalars {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace { output.append(" ") }
                pendingSpace = false
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    // MARK: Hashing and keys

    /// The lower-case hex SHA-256 of `bytes`.
    public static func sha256Hex<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// The lower-case hex SHA-256 of `text`'s UTF-8.
    public static func sha256Hex(_ text: String) -> String {
        sha256Hex(Array(text.utf8))
    }

    /// The signing key: HMAC chained over date (`YYYYMMDD`), region, service and `aws4_request`,
    /// starting from `"AWS4" + secret`.
    public static func signingKey(secretAccessKey: String, date: String, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(secretAccessKey)".utf8))
        for part in [date, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    /// The lower-case hex HMAC-SHA256 of `text` under `key`.
    public static func hmacHex(_ text: String, key: SymmetricKey) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key))
    }

    // MARK: Time

    /// `date` as `YYYYMMDD'T'HHMMSS'Z'` in UTC (the `X-Amz-Date` format).
    public static func timestamp(_ date: Date) -> String {
        let parts = utcParts(date)
        return pad(parts.year, 4) + pad(parts.month, 2) + pad(parts.day, 2) + "T"
            + pad(parts.hour, 2) + pad(parts.minute, 2) + pad(parts.second, 2) + "Z"
    }

    /// `date` as `YYYYMMDD` in UTC (the credential scope's date).
    public static func dateStamp(_ date: Date) -> String {
        String(timestamp(date).prefix(8))
    }

    /// Parses an `X-Amz-Date` timestamp (`20150830T123600Z`).
    public static func date(fromTimestamp text: String) -> Date? {
        let digits = Array(text.utf8)
        guard digits.count == 16, digits[8] == UInt8(ascii: "T"), digits[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: digits[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
              let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: year, month: month, day: day,
                                                  hour: hour, minute: minute, second: second))
    }

    // MARK: Private

    private static let hexDigitsLower = Array("0123456789abcdef".utf8)

    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var output = [UInt8]()
        for byte in bytes {
            output.append(hexDigitsLower[Int(byte >> 4)])
            output.append(hexDigitsLower[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func utcParts(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                       from: Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
        return (parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
