import AnshinHTTP
import Foundation

/// What a GitHub response means for the caller: use it, wait and send it again, or fail.
///
/// GitHub's documented rules: a primary rate limit is a 403 or 429 with
/// `x-ratelimit-remaining: 0`, to wait out until `x-ratelimit-reset` (epoch seconds); a
/// secondary rate limit is a 403 or 429 that may carry `Retry-After` (seconds) and otherwise
/// asks for at least a minute's wait, growing exponentially while it persists. A rate-limited
/// request was not processed, so even a write is safe to send again. Other 403s are
/// permissions. 5xx and 408 are transient, but a write that met one may have been applied.
public enum GitHubResponseVerdict: Sendable, Equatable {
    case success
    /// Rate limited: wait `delay` before sending again; `resetsAt` is when the limit lifts.
    case rateLimited(delay: Duration, resetsAt: Date)
    /// Worth another attempt after a backoff (5xx, 408).
    case transient
    /// A final error.
    case failure

    /// The shortest wait after a secondary limit without `Retry-After`, doubled each time it
    /// persists (GitHub: "wait for at least one minute").
    public static let secondaryBaseDelay: Duration = .seconds(60)

    /// Judges `response`; `limitedBefore` counts the rate-limit waits already spent on this call.
    public static func of(_ response: HTTPResponse, now: Date, limitedBefore: Int = 0) -> GitHubResponseVerdict {
        switch response.status {
        case 200..<400:
            return .success
        case 403, 429:
            let remaining = response.header("x-ratelimit-remaining")?.trimmingCharacters(in: .whitespaces)
            let hasRetryAfter = response.header("retry-after") != nil
            let mentionsLimit = response.text.lowercased().contains("rate limit")
            guard response.status == 429 || remaining == "0" || hasRetryAfter || mentionsLimit else { return .failure }
            var delay = RetryPolicy.requestedDelay(response, now: now)
            if delay == nil {
                // A secondary limit that names no time: a minute, doubled while it persists.
                delay = secondaryBaseDelay * (1 << min(limitedBefore, 6))
            }
            let wait = delay ?? secondaryBaseDelay
            // A reset in the past still needs a moment: clocks differ by a little.
            let padded = remaining == "0" && !hasRetryAfter ? wait + .seconds(1) : wait
            return .rateLimited(delay: padded, resetsAt: now.addingTimeInterval(seconds(padded)))
        case 408, 500...599:
            return .transient
        default:
            return .failure
        }
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
