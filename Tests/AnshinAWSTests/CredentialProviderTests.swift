import AnshinAWS
import AnshinTesting
import Foundation
import Testing

@Suite("Credential provider")
struct CredentialProviderTests {
    /// A settable clock.
    final class Now: @unchecked Sendable {
        private let lock = NSLock()
        private var date = Date(timeIntervalSince1970: 1_800_000_000)
        var value: Date { lock.withLock { date } }
        func advance(_ seconds: TimeInterval) { lock.withLock { date += seconds } }
    }

    static func provider(now: Now, fetches: Counter, lifetime: TimeInterval = 3600, delay: Duration = .zero) -> CredentialProvider {
        CredentialProvider(source: "test", now: { now.value }) { () async throws(AWSError) -> AWSCredentials in
            let number = fetches.next()
            if delay > .zero { try? await Task.sleep(for: delay) }
            return AWSCredentials(accessKeyID: "ASIA\(number)", secretAccessKey: "s", sessionToken: "t",
                                  expiration: now.value.addingTimeInterval(lifetime))
        }
    }

    @Test("temporary credentials are reused until five minutes before they expire")
    func refreshBeforeExpiry() async throws {
        let now = Now(), fetches = Counter()
        let provider = Self.provider(now: now, fetches: fetches)
        #expect(try await provider.credentials().accessKeyID == "ASIA0")
        now.advance(3600 - 301)
        #expect(try await provider.credentials().accessKeyID == "ASIA0")
        now.advance(2)
        #expect(try await provider.credentials().accessKeyID == "ASIA1")
        #expect(fetches.count == 2)
    }

    @Test("concurrent callers share one fetch")
    func sharedRefresh() async throws {
        let now = Now(), fetches = Counter()
        let provider = Self.provider(now: now, fetches: fetches, delay: .milliseconds(50))
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await provider.credentials().accessKeyID } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(keys) == ["ASIA0"])
        #expect(fetches.count == 1)
    }

    @Test("a failed fetch is reported and the next call tries again")
    func failureThenRetry() async throws {
        let attempts = Counter()
        let provider = CredentialProvider(source: "flaky") { () async throws(AWSError) -> AWSCredentials in
            if attempts.next() == 0 { throw .credentials("first fetch fails") }
            return AWSCredentials(accessKeyID: "AKID", secretAccessKey: "s")
        }
        await #expect(throws: AWSError.credentials("first fetch fails")) { try await provider.credentials() }
        #expect(try await provider.credentials().accessKeyID == "AKID")
    }

    @Test("long-term keys never refresh")
    func staticKeys() async throws {
        let provider = CredentialProvider(AWSCredentials(accessKeyID: "AKID", secretAccessKey: "s"))
        #expect(try await provider.credentials().accessKeyID == "AKID")
        #expect(await provider.refreshes == false)
    }
}
