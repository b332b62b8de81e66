import AnshinHTTP

extension RetryPolicy {
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

    /// Whether a response with `status` and error `code` is worth another attempt.
    public static func isRetryable(status: Int, code: String?) -> Bool {
        if let code, throttlingCodes.contains(code) || transientCodes.contains(code) { return true }
        return status == 429 || status >= 500
    }
}
