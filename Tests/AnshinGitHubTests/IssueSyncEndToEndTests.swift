import AnshinCore
import AnshinHTTP
import AnshinTesting
@testable import AnshinGitHub
import Foundation
import Testing

/// The sync against a stateful fake GitHub on a loopback port: real HTTP, pagination and
/// rate-limit headers, with waits recorded instead of slept.
@Suite struct IssueSyncEndToEndTests {
    static let repository = GitHubRepository(owner: "acme", name: "app")
    let findings = [Samples.versioning("prd"), Samples.versioning("stg"), Samples.publicDatabase(), Samples.secret()]

    /// Waits asked of the client, in order.
    final class Waits: @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [Duration] = []
        var all: [Duration] { lock.withLock { recorded } }
        func record(_ duration: Duration) { lock.withLock { recorded.append(duration) } }
    }

    func sync(_ fake: FakeGitHub, waits: Waits = Waits(), maxNew: Int? = nil, token: String? = nil) throws -> IssueSync {
        let retry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), sleep: { waits.record($0) }, random: { 0.5 })
        let client = GitHubClient(api: try GitHubAPI(parsing: fake.apiURL), token: token ?? fake.token,
                                  transport: HTTPClientTransport.shared, retry: retry)
        return IssueSync(client: client, repository: Self.repository, options: SyncOptions(maxNew: maxNew), spacing: .zero)
    }

    @Test func firstRunCreatesSecondIsANoOpFixedClosesRegressionReopens() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        fake.addRepository("acme/app")

        let first = try await sync(fake).run(findings)
        #expect(first.outcome.failure == nil)
        #expect(first.outcome.created == [1, 2, 3])
        #expect(fake.labels("acme/app").map(\.name).sorted() == IssueLabels.all.map(\.name).sorted())
        #expect(fake.labels("acme/app").first { $0.name == "security" }?.color == "b60205", "created with the fixed colour, before any issue names it")
        let issues = fake.issues("acme/app")
        #expect(issues.map(\.title) == ["RDS instance is publicly accessible: aws_db_instance.main", "AWS access key: config/app.env",
                                        "S3 bucket versioning is not enabled: aws_s3_bucket.logs"])
        #expect(issues[0].labels == ["security", "severity:critical"])

        let writesBefore = fake.writes.count
        let second = try await sync(fake).run(findings)
        #expect(second.plan.isEmpty && second.outcome.applied.isEmpty)
        #expect(fake.writes.count == writesBefore, "a second run writes nothing")

        let fixed = try await sync(fake).run(findings.filter { $0.ruleID != "rds-publicly-accessible" })
        #expect(fixed.plan.closes == 1 && fixed.outcome.failure == nil)
        let closed = fake.issues("acme/app")[0]
        #expect(closed.state == "closed" && closed.stateReason == "completed")
        #expect(closed.comments.count == 1 && closed.comments[0].contains("no longer finds this"))

        let regression = try await sync(fake).run(findings)
        #expect(regression.plan.reopens == 1 && regression.plan.creates.isEmpty)
        let reopened = fake.issues("acme/app")[0]
        #expect(reopened.state == "open" && reopened.comments.count == 2)
        #expect(fake.issues("acme/app").count == 3, "nothing duplicated")
    }

    @Test func aRateLimitInTheMiddleIsWaitedOutAndNothingIsDuplicated() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        fake.addRepository("acme/app")
        // An issue creation meets the secondary limit, then a later listing the primary one.
        let waits = Waits()
        let client = try sync(fake, waits: waits)
        let plan = try await client.plan(findings)
        fake.inject(.secondaryRateLimit(method: "POST", path: "/issues", retryAfter: 3))
        let outcome = await SyncExecutor(client: client.client, repository: Self.repository, spacing: .zero).apply(plan)
        #expect(outcome.failure == nil)
        #expect(waits.all == [.seconds(3)], "Retry-After was honoured")
        #expect(fake.issues("acme/app").count == 3)

        let injected = Date()
        fake.inject(.primaryRateLimit(method: "GET", path: "/issues", reset: injected.addingTimeInterval(30)))
        let again = try await client.run(findings)
        // The header holds whole seconds and the client counts from when the answer came, so the
        // wait is 30 s less the time the run took to reach the limited listing (a loaded machine
        // takes seconds), and never more than 31 s.
        let elapsed = Duration.seconds(Date().timeIntervalSince(injected))
        #expect(again.plan.isEmpty)
        #expect(waits.all.count == 2 && waits.all[1] >= .seconds(29) - elapsed && waits.all[1] <= .seconds(32),
                "waited for x-ratelimit-reset: \(waits.all), \(elapsed) after the fault was set")
        #expect(fake.issues("acme/app").count == 3)
    }

    @Test func a429WithoutRetryAfterOnACloseWaitsAMinuteAndClosesOnce() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        fake.addRepository("acme/app")
        _ = try await sync(fake).run(findings)
        // GitHub's secondary limit may answer 429 with no Retry-After: wait at least a minute.
        fake.inject(FakeGitHub.Fault(method: "PATCH", path: "/issues/1", response: HTTPResponse(
            status: 429, headers: [("Content-Type", "application/json; charset=utf-8")],
            body: Array(#"{"message":"You have exceeded a secondary rate limit."}"#.utf8))))
        let waits = Waits()
        let result = try await sync(fake, waits: waits).run(findings.filter { $0.ruleID != "rds-publicly-accessible" })
        #expect(result.outcome.failure == nil)
        #expect(waits.all == [.seconds(60)], "\(waits.all)")
        let closed = fake.issues("acme/app")[0]
        #expect(closed.state == "closed" && closed.comments.count == 1)
        #expect(fake.requests.filter { $0.method == "PATCH" }.count == 2, "the limited PATCH was sent again once")
    }

    @Test func aFailureHalfWayIsFinishedByTheNextRun() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        fake.addRepository("acme/app")
        // After the labels and the first issue, creations fail (a 503 on each of the three tries).
        let sync = try sync(fake)
        let plan = try await sync.plan(findings)
        let executor = SyncExecutor(client: sync.client, repository: Self.repository, spacing: .zero)
        let firstCreate = try #require(plan.steps.firstIndex { if case .create = $0 { true } else { false } })
        _ = await executor.apply(SyncPlan(steps: Array(plan.steps.prefix(firstCreate + 1))))
        fake.inject(.serverError(method: "POST", path: "/issues", status: 503, times: 3))
        let stopped = await executor.apply(SyncPlan(steps: Array(plan.steps.dropFirst(firstCreate + 1))))
        #expect(stopped.failure?.kind == .unavailable)
        #expect(fake.issues("acme/app").count == 1)

        let next = try await sync.run(findings)
        #expect(next.outcome.failure == nil)
        #expect(next.plan.creates.count == 2 && next.plan.labelsToCreate.isEmpty)
        #expect(fake.issues("acme/app").count == 3)
        #expect(Set(fake.issues("acme/app").compactMap { $0.body.flatMap(IssueMarker.find)?.group }).count == 3)
    }

    @Test func aCreationWhoseAnswerIsLostIsNotSentTwice() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        fake.addRepository("acme/app")
        fake.inject(.serverError(method: "POST", path: "/issues", status: 502, times: 1, applied: true))
        let result = try await sync(fake).run(findings)
        #expect(result.outcome.failure == nil)
        #expect(fake.issues("acme/app").count == 3, "the lost answer was looked up, not re-sent")
        #expect(result.outcome.created == [1, 2, 3])
    }

    @Test func aCloseInterruptedAfterItsCommentDoesNotCommentTwice() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        fake.addRepository("acme/app")
        _ = try await sync(fake).run(findings)
        fake.inject(.serverError(method: "PATCH", path: "/issues/1", status: 503, times: 3))
        let stopped = try await sync(fake).run(Array(findings.dropLast(2)))
        #expect(stopped.outcome.failure != nil)
        #expect(fake.issues("acme/app")[0].comments.count == 1 && fake.issues("acme/app")[0].state == "open")
        let finished = try await sync(fake).run(Array(findings.dropLast(2)))
        #expect(finished.outcome.failure == nil)
        #expect(fake.issues("acme/app")[0].comments.count == 1, "the comment posted before the failure is not repeated")
        #expect(fake.issues("acme/app")[0].state == "closed")
    }

    @Test func issuesEditedOrFiledByPeopleArePaginatedAndRespected() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        // 250 issues filed by people: three pages of 100, with a pull request among them.
        for index in 1...250 {
            fake.seedIssue("acme/app", title: "chore \(index)", labels: index % 2 == 0 ? ["security"] : [], isPullRequest: index == 5)
        }
        _ = try await sync(fake).run(findings)
        let ours = fake.issues("acme/app").filter { $0.body.flatMap(IssueMarker.find) != nil }
        #expect(ours.count == 3)
        fake.editIssue("acme/app", number: ours[0].number) { $0.title = "Fix the DB exposure"; $0.labels = ["p1"] }
        let again = try await sync(fake).run(findings)
        #expect(again.plan.isEmpty && again.plan.handFiled == 125)
        #expect(fake.issues("acme/app").count == 253)
        #expect(fake.issues("acme/app")[ours[0].number - 1].title == "Fix the DB exposure")
        #expect(fake.requests.contains { $0.uri.contains("page=3") }, "followed the Link header to the last page")
    }

    @Test func maxNewCapsEachRunAndLaterRunsCatchUp() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        fake.addRepository("acme/app")
        let first = try await sync(fake, maxNew: 1).run(findings)
        #expect(first.plan.deferred.count == 2 && fake.issues("acme/app").count == 1)
        _ = try await sync(fake, maxNew: 1).run(findings)
        _ = try await sync(fake, maxNew: 1).run(findings)
        #expect(fake.issues("acme/app").count == 3)
    }

    @Test func enterpriseServerPathsAndABadTokenSayWhatIsWrong() async throws {
        let fake = try await FakeGitHub.start(prefix: "/api/v3")
        defer { Task { await fake.stop() } }
        fake.addRepository("acme/app")
        _ = try await sync(fake).run(findings)
        #expect(fake.requests.allSatisfy { $0.path.hasPrefix("/api/v3/") })
        #expect(fake.issues("acme/app").count == 3)
        do {
            _ = try await sync(fake, token: "wrong").plan(findings)
            Issue.record("a bad token must fail")
        } catch let error as GitHubError {
            #expect(error.kind == .unauthorized && error.description.contains("Bad credentials"))
        }
    }

    @Test func theBoardListsBothKindsSecurityFirst() async throws {
        let fake = try await FakeGitHub.start()
        defer { Task { await fake.stop() } }
        fake.seedIssue("acme/app", title: "Backups are untested", labels: ["reliability"])
        fake.seedIssue("acme/app", title: "Unlabelled chore")
        _ = try await sync(fake).run(findings)
        let client = try sync(fake).client
        let board = IssueBoard(issues: try await client.issues(Self.repository, state: "open"))
        #expect(board.entries.map(\.pillar) == [.security, .security, .reliability, .reliability])
        #expect(board.entries.map(\.severity) == [.critical, .high, .medium, nil])
        let text = board.renderText(repository: "acme/app")
        #expect(text.contains("[by hand]") && !text.contains("Unlabelled chore"))
        let markdown = board.renderMarkdown(repository: "acme/app")
        #expect(markdown.contains("### Security (2)") && markdown.contains("| unrated | #1 | Backups are untested | hand |"))
        #expect(markdown.range(of: "### Security")!.lowerBound < markdown.range(of: "### Reliability")!.lowerBound)
    }
}
