import AnshinCore
import AnshinHTTP
import Foundation

/// How far AWS's clock is from ours, learned from a response that rejected the signature's time.
///
/// SigV4 signatures are valid for five minutes around AWS's time; a laptop whose clock drifted
/// further gets every call refused. Like the SDKs, the client then reads AWS's `Date` header,
/// signs later requests with the corrected time and retries the refused one. Shared by the copies
/// of a client (``AWSClient/inRegion(_:)``), so it is learned once.
final class ClockSkew: Sendable {
    private let offset = LockedValue(0.0)

    /// Error codes AWS returns for a request signed too far from its time.
    static let codes: Set<String> = [
        "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException",
        "SignatureDoesNotMatch", "AuthFailure",
    ]

    /// Skews under this do not cause refusals and are left alone.
    static let tolerance: TimeInterval = 240

    /// Our time corrected by the learned offset.
    func corrected(_ date: Date) -> Date {
        date.addingTimeInterval(offset.withLock { $0 })
    }

    /// Learns the offset from a refused response; returns whether it changed enough to retry.
    func learn(from response: HTTPResponse, code: String?, now: Date) -> Bool {
        guard let code, Self.codes.contains(code), let header = response.header("Date"),
              let serverDate = Self.parseHTTPDate(header) else { return false }
        let skew = serverDate.timeIntervalSince(now)
        return offset.withLock { current in
            guard abs(skew - current) > Self.tolerance else { return false }
            current = skew
            return true
        }
    }

    /// An RFC 7231 date: `Fri, 27 Nov 2026 18:20:00 GMT`.
    static func parseHTTPDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
