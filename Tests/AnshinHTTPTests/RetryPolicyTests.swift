import AnshinCore
import AnshinHTTP
import AnshinTesting
import Foundation
import Testing

@Suite struct RetryPolicyTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    /// A policy that records its waits instead of sleeping; jitter pinned to half the ceiling.
    static func recording(attempts: Int = 3) -> (RetryPolicy, LockedValue<[Duration]>) {
        let waits = LockedValue<[Duration]>([])
        let policy = RetryPolicy(maxAttempts: attempts, sleep: { delay in waits.withLock { $0.append(delay) } }, random: { 0.5 })
        return (policy, waits)
    }

    @Test func backoffIsCappedExponentialWithJitter() {
        let (policy, _) = Self.recording()
        #expect(policy.delay(beforeRetry: 0) == .milliseconds(50))
        #expect(policy.delay(beforeRetry: 3) == .milliseconds(400))
        #expect(policy.delay(beforeRetry: 40) == .seconds(10))
    }

    @Test func whatTheServerAsksFor() {
        let seconds = HTTPResponse(status: 429, headers: [("Retry-After", " 7 ")])
        #expect(RetryPolicy.requestedDelay(seconds, now: Self.now) == .seconds(7))
        let date = HTTPResponse(status: 503, headers: [("retry-after", HTTPDate.format(Self.now.addingTimeInterval(90)))])
        #expect(RetryPolicy.requestedDelay(date, now: Self.now) == .seconds(90))
        let past = HTTPResponse(status: 503, headers: [("Retry-After", HTTPDate.format(Self.now.addingTimeInterval(-90)))])
        #expect(RetryPolicy.requestedDelay(past, now: Self.now) == .zero)
        let reset = HTTPResponse(status: 403, headers: [("x-ratelimit-remaining", "0"),
                                                        ("x-ratelimit-reset", String(Int(Self.now.timeIntervalSince1970) + 30))])
        #expect(RetryPolicy.requestedDelay(reset, now: Self.now) == .seconds(30))
        let left = HTTPResponse(status: 403, headers: [("x-ratelimit-remaining", "12"), ("x-ratelimit-reset", "1")])
        #expect(RetryPolicy.requestedDelay(left, now: Self.now) == nil)
        #expect(RetryPolicy.requestedDelay(HTTPResponse(status: 503, headers: [("Retry-After", "soon")]), now: Self.now) == nil)
        #expect(RetryPolicy.requestedDelay(HTTPResponse(status: 503), now: Self.now) == nil)
    }

    @Test func aWaitLongerThanTheLimitIsNotWaitedFor() {
        let (policy, _) = Self.recording()
        let response = HTTPResponse(status: 429, headers: [("Retry-After", "3600")])
        #expect(policy.delay(beforeRetry: 0, after: response, now: Self.now) == nil)
        #expect(policy.delay(beforeRetry: 0, after: HTTPResponse(status: 503), now: Self.now) == .milliseconds(50))
    }

    @Test func retryableStatuses() {
        #expect([408, 429, 500, 502, 503, 504].allSatisfy(RetryPolicy.isRetryable(status:)))
        #expect(![200, 301, 400, 401, 403, 404, 409, 422].contains(where: RetryPolicy.isRetryable(status:)))
    }

    /// Against a real server: a 503, then a 429 asking for a second, then success.
    @Test func sendRetriesWhatIsWorthRetrying() async throws {
        let server = try await LoopbackHTTPServer.scripted([
            HTTPResponse(status: 503), HTTPResponse(status: 429, headers: [("Retry-After", "1")]),
            HTTPResponse(status: 200, body: Array("ok".utf8)),
        ])
        defer { Task { await server.stop() } }
        let (policy, waits) = Self.recording()
        let request = HTTPRequest(method: "GET", scheme: "http", host: "127.0.0.1", port: server.port, path: "/thing")
        let response = try await HTTPClientTransport.shared.send(request, timeout: .seconds(5), retry: policy)
        #expect(response.status == 200 && response.text == "ok")
        #expect(server.requests.count == 3)
        #expect(waits.withLock { $0 } == [.milliseconds(50), .seconds(1)])
    }

    @Test func attemptsRunOutWithTheLastResponse() async throws {
        let server = try await LoopbackHTTPServer.scripted([HTTPResponse(status: 502)])
        defer { Task { await server.stop() } }
        let (policy, waits) = Self.recording(attempts: 2)
        let request = HTTPRequest(method: "GET", scheme: "http", host: "127.0.0.1", port: server.port)
        let response = try await HTTPClientTransport.shared.send(request, timeout: .seconds(5), retry: policy)
        #expect(response.status == 502)
        #expect(server.requests.count == 2)
        #expect(waits.withLock { $0.count } == 1)
        // A client error is the caller's to judge, never retried.
        let notFound = try await LoopbackHTTPServer.scripted([HTTPResponse(status: 404)])
        defer { Task { await notFound.stop() } }
        let missing = HTTPRequest(method: "GET", scheme: "http", host: "127.0.0.1", port: notFound.port)
        #expect(try await HTTPClientTransport.shared.send(missing, timeout: .seconds(5), retry: policy).status == 404)
        #expect(notFound.requests.count == 1)
    }

    @Test func anUnreachableServerIsRetriedThenReported() async throws {
        let port = try LoopbackPort.free()
        let (policy, waits) = Self.recording()
        let request = HTTPRequest(method: "GET", scheme: "http", host: "127.0.0.1", port: port)
        await #expect(throws: TransportError.self) {
            try await HTTPClientTransport.shared.send(request, timeout: .seconds(5), retry: policy)
        }
        #expect(waits.withLock { $0.count } == 2)
    }
}

@Suite struct HTTPDateTests {
    @Test func theThreeFormsOfTheRFC() {
        let expected = Date(timeIntervalSince1970: 784_111_777)
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == expected)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == expected)
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994") == expected)
        #expect(HTTPDate.format(expected) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    @Test(arguments: ["", "GMT", "Sun, 06 Nov 1994 08:49 GMT", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Nox 1994 08:49:37 GMT",
                      "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 PST", "120", "Sun, 06 Nov 1994 08:49:37 GMT extra"])
    func malformedDatesAreRefused(_ text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }

    @Test func formatAndParseRoundTrip() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let date = Date(timeIntervalSince1970: TimeInterval(random.next() % 4_102_444_800))
            #expect(HTTPDate.parse(HTTPDate.format(date)) == date)
        }
    }
}
