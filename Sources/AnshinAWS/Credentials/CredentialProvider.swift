import Foundation

/// Hands out credentials and keeps temporary ones fresh.
///
/// Temporary credentials (STS, SSO, a process, the container or instance endpoints) are fetched
/// once and reused until ``refreshMargin`` before they expire; then the next caller fetches new
/// ones. Concurrent callers share one fetch: an audit that starts fifty calls at once makes one
/// `AssumeRole` call, not fifty.
public actor CredentialProvider {
    public typealias Fetch = @Sendable () async throws(AWSError) -> AWSCredentials

    /// What the credentials are, for messages (never the secret).
    public nonisolated let source: String
    /// How long before expiry credentials are replaced: 5 minutes, as the SDKs do.
    public nonisolated let refreshMargin: TimeInterval
    private let fetch: Fetch
    private let now: @Sendable () -> Date
    private var cached: AWSCredentials?
    private var inFlight: Task<AWSCredentials, any Error>?

    public init(source: String, refreshMargin: TimeInterval = 300, now: @escaping @Sendable () -> Date = { Date() },
                fetch: @escaping Fetch) {
        self.source = source
        self.refreshMargin = refreshMargin
        self.now = now
        self.fetch = fetch
    }

    /// Long-term or already-fetched credentials that never refresh.
    public init(_ credentials: AWSCredentials, source: String = "static credentials") {
        self.init(source: source, fetch: { credentials })
    }

    /// Valid credentials, fetched when there are none or they are about to expire.
    public func credentials() async throws(AWSError) -> AWSCredentials {
        if let cached, !needsRefresh(cached) { return cached }
        if let inFlight { return try await Self.result(of: inFlight) }
        let fetch = self.fetch
        let task = Task { () async throws -> AWSCredentials in try await fetch() }
        inFlight = task
        defer { inFlight = nil }
        let credentials = try await Self.result(of: task)
        cached = credentials
        return credentials
    }

    /// Drops the cached credentials, so the next call fetches new ones (after an `ExpiredToken`).
    public func invalidate() {
        cached = nil
    }

    /// Whether the provider can fetch new credentials (it is not a fixed key pair).
    public var refreshes: Bool {
        get async {
            guard let cached else { return true }
            return cached.expiration != nil
        }
    }

    private func needsRefresh(_ credentials: AWSCredentials) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return expiration.timeIntervalSince(now()) <= refreshMargin
    }

    private static func result(of task: Task<AWSCredentials, any Error>) async throws(AWSError) -> AWSCredentials {
        do {
            return try await task.value
        } catch let error as AWSError {
            throw error
        } catch {
            throw .credentials(String(describing: error))
        }
    }
}
