@testable import AnshinMonitor
import AnshinHTTP
import AnshinTesting
import Foundation
import Testing

/// Alerts delivered to a real webhook receiver on loopback, through the shared HTTP transport.
@Suite struct AlertTests {
    static let start = Date(timeIntervalSince1970: 1_796_644_800)
    let sender = AlertSender(transport: HTTPClientTransport(environment: [:]), timeout: .seconds(10))

    @Test func slackAndGenericWebhooksGetTheirDocuments() async throws {
        let receiver = try await LoopbackHTTPServer.start { _ in HTTPResponse(status: 200) }
        defer { Task { await receiver.stop() } }
        let down = Scheduler.Event.down(monitor: "api/prd", reason: "[STATUS] (503) == 200", at: Self.start)
        try await sender.send(down, to: .slack(URL(string: receiver.endpoint + "/slack")!))
        let recovered = Scheduler.Event.recovered(monitor: "api/prd", since: Self.start, at: Self.start.addingTimeInterval(250))
        try await sender.send(recovered, to: .webhook(URL(string: receiver.endpoint + "/hook")!))
        let requests = receiver.requests
        #expect(requests.count == 2)
        #expect(requests[0].method == "POST" && requests[0].path == "/slack")
        #expect(requests[0].header("Content-Type") == "application/json")
        let slack = try #require(try JSONSerialization.jsonObject(with: Data(requests[0].body)) as? [String: String])
        #expect(slack == ["text": "🔴 api/prd is down: [STATUS] (503) == 200"])
        let hook = try #require(try JSONSerialization.jsonObject(with: Data(requests[1].body)) as? [String: String])
        #expect(hook["event"] == "recovered" && hook["monitor"] == "api/prd")
        #expect(hook["since"] == "2026-12-07T12:00:00Z" && hook["at"] == "2026-12-07T12:04:10Z")
        #expect(hook["text"] == "✅ api/prd recovered after 4m10s")
    }

    @Test func aServerErrorIsTriedOnceMoreAndAFailureSaysWhy() async throws {
        let flaky = try await LoopbackHTTPServer.scripted([HTTPResponse(status: 503), HTTPResponse(status: 204)])
        defer { Task { await flaky.stop() } }
        let reminder = Scheduler.Event.reminder(monitor: "db", reason: "refused", since: Self.start, at: Self.start.addingTimeInterval(3600))
        try await sender.send(reminder, to: .webhook(URL(string: flaky.endpoint + "/")!))
        #expect(flaky.requests.count == 2)

        let refusing = try await LoopbackHTTPServer.start { _ in HTTPResponse(status: 404) }
        defer { Task { await refusing.stop() } }
        do {
            try await sender.send(reminder, to: .slack(URL(string: refusing.endpoint + "/gone")!))
            Issue.record("a 404 is not a delivery")
        } catch {
            #expect(error.message.contains("answered HTTP 404"), "\(error)")
            #expect(refusing.requests.count == 1, "a client error is not retried")
        }
        let closed = try LoopbackPort.free()
        do {
            try await sender.send(reminder, to: .webhook(URL(string: "http://127.0.0.1:\(closed)/")!))
            Issue.record("nothing listens there")
        } catch {
            #expect(error.message.contains("could not be delivered to 127.0.0.1"), "\(error)")
        }
    }
}
