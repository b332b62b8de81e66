import Foundation

/// When and how long to wait before trying a failed call again.
///
/// Up to ``maxAttempts`` calls in all, after a capped exponential backoff with full jitter (the
/// AWS SDKs' "standard" mode): a random delay in `[0, min(maxDelay, baseDelay × 2^retry))`, or
/// what the server asked for with `Retry-After`. Which failures are worth retrying is the
/// caller's protocol's business (``isRetryable(status:)`` is the HTTP default; AWS adds its
/// error codes). The sleep and the random source are injectable so tests run the real policy
/// without waiting.
public struct RetryPolicy: Sendable {
    /// Calls in all, the first included (3, like the SDKs' standard mode); 1 disables retries.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// The longest `Retry-After` worth waiting for.
    public var maxRequestedDelay: Duration
    /// Waits between attempts; `Task.sleep` in production.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A number in `[0, 1)`; the jitter.
    public var random: @Sendable () -> Double

    public init(maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(20),
                maxRequestedDelay: Duration = .seconds(120),
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRequestedDelay = maxRequestedDelay
        self.sleep = sleep
        self.random = random
    }

    /// The SDKs' standard mode: 3 attempts, 100 ms base, 20 s cap.
    public static let standard = RetryPolicy()

    /// The delay before retry number `retry` (0 for the first retry).
    public func delay(beforeRetry retry: Int) -> Duration {
        let ceiling = min(maxDelay, baseDelay * (1 << min(retry, 30)))
        let nanoseconds = Double(ceiling.components.seconds) * 1e9 + Double(ceiling.components.attoseconds) / 1e9
        return .nanoseconds(Int64((nanoseconds * min(max(random(), 0), 1)).rounded(.down)))
    }

    /// Whether a response with `status` is worth another attempt: 429 (too many requests), 408
    /// (request timeout) and every 5xx.
    public static func isRetryable(status: Int) -> Bool {
        status == 429 || status == 408 || status >= 500
    }

    /// How long `response` asks the caller to wait before trying again: its `Retry-After` header
    /// (seconds, or an HTTP date), else GitHub-style `x-ratelimit-reset` (epoch seconds) when
    /// `x-ratelimit-remaining` is 0; nil when it asks nothing. Never negative.
    public static func requestedDelay(_ response: HTTPResponse, now: Date) -> Duration? {
        if let value = response.header("Retry-After")?.trimmingCharacters(in: .whitespaces) {
            if let seconds = Int(value) { return .seconds(max(0, seconds)) }
            if let date = HTTPDate.parse(value) { return .seconds(max(0, Int(date.timeIntervalSince(now).rounded(.up)))) }
        }
        if response.header("x-ratelimit-remaining")?.trimmingCharacters(in: .whitespaces) == "0",
           let reset = response.header("x-ratelimit-reset").flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) {
            return .seconds(max(0, Int((reset - now.timeIntervalSince1970).rounded(.up))))
        }
        return nil
    }

    /// The wait before retry number `retry` after `response`: what the server asked for when it
    /// asked (up to ``maxRequestedDelay``; more than that is not worth waiting for, and the call
    /// fails instead: nil), else the backoff.
    public func delay(beforeRetry retry: Int, after response: HTTPResponse, now: Date) -> Duration? {
        guard let requested = Self.requestedDelay(response, now: now) else { return delay(beforeRetry: retry) }
        return requested <= maxRequestedDelay ? requested : nil
    }
}

extension HTTPTransport {
    /// Sends `request` and retries what `retry` says is worth it: transport failures (except a
    /// request that cannot be built) and responses `isRetryable` accepts, after the server's
    /// `Retry-After` or the policy's backoff. Returns the last response, whatever its status,
    /// for the caller's protocol to judge.
    public func send(_ request: HTTPRequest, timeout: Duration, retry: RetryPolicy,
                     now: @Sendable () -> Date = { Date() },
                     isRetryable: (HTTPResponse) -> Bool = { RetryPolicy.isRetryable(status: $0.status) })
        async throws(TransportError) -> HTTPResponse {
        var attempt = 0
        while true {
            attempt += 1
            let response: HTTPResponse
            do {
                response = try await send(request, timeout: timeout)
            } catch {
                guard attempt < retry.maxAttempts, error.kind != .invalidRequest else { throw error }
                try await pause(retry.delay(beforeRetry: attempt - 1), retry: retry, request: request)
                continue
            }
            guard attempt < retry.maxAttempts, isRetryable(response),
                  let wait = retry.delay(beforeRetry: attempt - 1, after: response, now: now()) else { return response }
            try await pause(wait, retry: retry, request: request)
        }
    }

    private func pause(_ delay: Duration, retry: RetryPolicy, request: HTTPRequest) async throws(TransportError) {
        do {
            try await retry.sleep(delay)
        } catch {
            throw TransportError(kind: .cancelled, endpoint: request.endpoint, reason: "cancelled while waiting to retry")
        }
    }
}
