@testable import AnshinMonitor
import AnshinCore
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

    @Test func emailGoesThroughTheRelayWithTheEventAsSubject() async throws {
        let sink = try SMTPSink()
        let route = try MailRoute(host: "127.0.0.1", port: sink.port, from: "monitor@acme.example", to: ["oncall@acme.example"])
        let burn = Scheduler.Event.budgetBurn(monitor: "api/prd", alert: "page: 14.4× over 1h and 5m", budgetRemaining: 0.42, at: Self.start)
        try await sender.send(burn, to: .email(route))
        let transcript = sink.received()
        #expect(transcript.contains("MAIL FROM:<monitor@acme.example>\r\nRCPT TO:<oncall@acme.example>\r\n"))
        let headers = transcript.components(separatedBy: "\r\n\r\n")[0]
        #expect(headers.contains("Subject: =?utf-8?B?"), "the subject holds a ×, so it is encoded")
        let subject = try #require(headers.split(separator: "\r\n").first { $0.hasPrefix("Subject: ") })
        let encoded = subject.dropFirst("Subject: =?utf-8?B?".count).dropLast(2)
        #expect(String(decoding: Data(base64Encoded: String(encoded))!, as: UTF8.self)
                == "api/prd burns its error budget too fast (page: 14.4× over 1h and 5m), 42.0 % of the error budget left")
        let body = transcript.components(separatedBy: "\r\n\r\n")[1].components(separatedBy: "\r\n.\r\n")[0]
        let text = String(decoding: Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: ""))!, as: UTF8.self)
        #expect(text.contains("event: budget-burn\n") && text.contains("budget_remaining: 0.4200\n") && text.contains("monitor: api/prd\n"))

        // A relay that is not there: the error names the addresses and the reason.
        let closed = try MailRoute(host: "127.0.0.1", port: try LoopbackPort.free(), from: "monitor@acme.example", to: ["oncall@acme.example"])
        do {
            try await sender.send(burn, to: .email(closed))
            Issue.record("a relay that is not there cannot take a mail")
        } catch {
            #expect(error.message.contains("could not be mailed to oncall@acme.example") && error.message.contains("connection refused"),
                    "\(error.message)")
        }
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
