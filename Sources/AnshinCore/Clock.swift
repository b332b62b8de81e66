import Foundation

/// The time anshin believes it is: the system clock, or `SOURCE_DATE_EPOCH` when set, so that
/// reports and expiry decisions are reproducible (the reproducible-builds convention).
public struct Clock: Sendable {
    public let now: Date

    public init(now: Date) { self.now = now }

    /// Reads `SOURCE_DATE_EPOCH` (seconds since 1970) from `environment`, else the system time.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> Clock {
        guard let text = environment["SOURCE_DATE_EPOCH"], !text.isEmpty else { return Clock(now: Date()) }
        guard let seconds = Int(text) else {
            throw ConfigurationError(field: "SOURCE_DATE_EPOCH", message: "expected seconds since 1970, got \"\(text)\"")
        }
        return Clock(now: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// Today in UTC as `YYYY-MM-DD`.
    public var today: String { Day.of(now) }

    /// The instant as ISO 8601 in UTC, to the second.
    public var timestamp: String { Day.timestamp(now) }
}
