import AnshinCore
import Foundation

/// Resolves what the user asked (a format name or `auto`, a format string, a customer key, route
/// patterns) into a format and options, reading the inputs' first bytes to detect the format.
public enum LogSetup {
    /// The format to read `inputs` with: `type` by name, or detected from the first input when `auto`.
    public static func format(type: String, logFormat: String?, customer: CustomerKey?, jsonMapping: JSONFieldMapping,
                              inputs: [LogInput]) throws(LogConfigurationError) -> any LogFormat {
        let capture = customer?.capturedField
        if type != "auto" {
            return try LogFormatCatalog.make(type, logFormat: logFormat, capture: capture, jsonMapping: jsonMapping)
        }
        if logFormat != nil {
            return try LogFormatCatalog.make("nginx", logFormat: logFormat, capture: capture, jsonMapping: jsonMapping)
        }
        guard let first = inputs.first(where: { $0 != .standardInput }) else {
            throw LogConfigurationError("the format of standard input cannot be detected: name it with --type (\(LogFormatCatalog.names.joined(separator: ", ")))")
        }
        let head = try self.head(of: first)
        guard !head.isEmpty else { return try LogFormatCatalog.make("alb", capture: capture) }
        guard let format = LogFormatCatalog.detect(head, capture: capture, jsonMapping: jsonMapping) else {
            var reason = "no known format reads most of its first lines"
            if let capture { reason += " with the field \(capture)" }
            throw LogConfigurationError("\(first.name): \(reason); name the format with --type (\(LogFormatCatalog.names.joined(separator: ", "))) or give --log-format")
        }
        return format
    }

    /// The first 64 KiB of an input, decompressed.
    public static func head(of input: LogInput, limit: Int = 65536) throws(LogConfigurationError) -> [UInt8] {
        var result: [UInt8] = []
        do {
            try LineReader.forEachLine(input) { line, _ in
                result.append(contentsOf: line)
                result.append(ASCII.newline)
                if result.count >= limit { throw HeadFull() }
            }
        } catch is HeadFull {
        } catch let error as LogConfigurationError {
            throw error
        } catch {
            throw LogConfigurationError("\(input.name): \(error)")
        }
        return Array(result.prefix(limit))
    }

    struct HeadFull: Error {}

    /// Route patterns from `--route` values and an OpenAPI document.
    public static func templater(patterns: [String], openAPI: String?) throws(LogConfigurationError) -> RouteTemplater {
        var all = patterns
        if let openAPI {
            let text: String
            do {
                text = try String(contentsOfFile: openAPI, encoding: .utf8)
            } catch {
                throw LogConfigurationError("\(openAPI): cannot read: \(SystemErrorText.describe(error))")
            }
            all += try RouteTemplater.openAPIPatterns(document: text, file: openAPI)
        }
        return try RouteTemplater(patterns: all)
    }

    /// Seconds in `5m`, `1h`, `1d`, `7d`, `90s`, `2w`.
    public static func duration(_ text: String) throws(LogConfigurationError) -> Int64 {
        guard let unit = text.last, let value = Int64(text.dropLast()), value > 0 else {
            throw LogConfigurationError("\(text): expected a duration such as 5m, 1h, 1d or 7d")
        }
        switch unit {
        case "s": return value
        case "m": return value * 60
        case "h": return value * 3600
        case "d": return value * 86400
        case "w": return value * 7 * 86400
        default: throw LogConfigurationError("\(text): expected a duration such as 5m, 1h, 1d or 7d")
        }
    }

    /// Microseconds of an instant: `2026-11-30`, `2026-11-30T12:00:00Z` (a time without a zone is
    /// UTC), or a duration before `now` (`7d`).
    public static func instant(_ text: String, now: Date) throws(LogConfigurationError) -> Int64 {
        var bytes = Array(text.utf8)
        if bytes.count == 10 { bytes += Array("T00:00:00Z".utf8) }
        if let micros = bytes.withUnsafeBufferPointer({ Timestamps.parseISO8601($0, Span(0, $0.count)) }) { return micros }
        if let seconds = try? duration(text) {
            return Int64(now.timeIntervalSince1970) * 1_000_000 - seconds * 1_000_000
        }
        throw LogConfigurationError("\(text): expected a date (2026-11-30), a time (2026-11-30T12:00:00Z) or a duration before now (7d)")
    }
}
