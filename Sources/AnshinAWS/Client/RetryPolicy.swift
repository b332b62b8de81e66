/// When and how long to wait before trying a failed call again: the SDKs' "standard" mode.
///
/// Throttling errors, HTTP 5xx and transport failures are retried, up to ``maxAttempts`` calls
/// in all, after a capped exponential backoff with full jitter: a random delay in
/// `[0, min(maxDelay, baseDelay × 2^retry))`. The sleep and the random source are injectable so
/// tests run the real policy without waiting.
public struct RetryPolicy: Sendable {
    /// Calls in all, the first included (3, like the SDKs' standard mode); 1 disables retries.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Waits between attempts; `Task.sleep` in production.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A number in `[0, 1)`; the jitter.
    public var random: @Sendable () -> Double

    public init(maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(20),
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.sleep = sleep
        self.random = random
    }

    /// The SDKs' standard mode: 3 attempts, 100 ms base, 20 s cap.
    public static let standard = RetryPolicy()

    /// Error codes that mean "slow down" across AWS services.
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// Error codes of transient server-side failures, retried whatever their status.
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable",
        "IDPCommunicationError",
    ]

    /// The delay before retry number `retry` (0 for the first retry).
    public func delay(beforeRetry retry: Int) -> Duration {
        let ceiling = min(maxDelay, baseDelay * (1 << min(retry, 30)))
        let nanoseconds = Double(ceiling.components.seconds) * 1e9 + Double(ceiling.components.attoseconds) / 1e9
        return .nanoseconds(Int64((nanoseconds * min(max(random(), 0), 1)).rounded(.down)))
    }

    /// Whether a response with `status` and error `code` is worth another attempt.
    public static func isRetryable(status: Int, code: String?) -> Bool {
        if let code, throttlingCodes.contains(code) || transientCodes.contains(code) { return true }
        return status == 429 || status >= 500
    }
}
