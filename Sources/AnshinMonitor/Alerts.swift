import AnshinCore
import AnshinHTTP
import Foundation

/// Where a monitor's alerts go.
public enum AlertChannel: Sendable, Hashable {
    /// A Slack incoming webhook, or any service that takes Slack's `{"text": …}` (Mattermost,
    /// Rocket.Chat, Discord's `/slack` endpoints).
    case slack(URL)
    /// Any URL that takes a JSON document per event (`event`, `monitor`, `reason`, `at`, `since`).
    case webhook(URL)
    /// Email through an SMTP relay.
    case email(MailRoute)

    /// Where it goes, for messages: a URL's host (its path may hold a secret), or the addresses.
    public var destination: String {
        switch self {
        case .slack(let url), .webhook(let url): url.host ?? "the webhook"
        case .email(let route): route.to.joined(separator: ", ")
        }
    }
}

/// Sends scheduler events to alert channels over the shared HTTP transport.
public struct AlertSender: Sendable {
    public var transport: any HTTPTransport
    /// The longest one delivery may take.
    public var timeout: Duration

    public init(transport: any HTTPTransport, timeout: Duration = .seconds(10)) {
        self.transport = transport
        self.timeout = timeout
    }

    /// Delivers `event` to `channel`, once more after a transport error or a 5xx answer; the
    /// error says why it could not be delivered.
    public func send(_ event: Scheduler.Event, to channel: AlertChannel) async throws(AlertError) {
        let url: URL
        let body: [UInt8]
        switch channel {
        case .slack(let target):
            url = target
            body = AlertMessage.slack(event)
        case .webhook(let target):
            url = target
            body = AlertMessage.json(event)
        case .email(let route):
            try await mail(event, route)
            return
        }
        let request = HTTPRequest(method: "POST", url: url, headers: [("Content-Type", "application/json")], body: .bytes(body))
        var problem = ""
        for _ in 0..<2 {
            do {
                let response = try await transport.send(request, timeout: timeout)
                if (200..<300).contains(response.status) { return }
                problem = "answered HTTP \(response.status)"
                if response.status < 500 { break }
            } catch {
                problem = "\(error)"
            }
        }
        throw AlertError(message: "the alert for \(event.monitor) could not be delivered to \(channel.destination): \(problem)")
    }

    /// Mails `event` through the route's relay, off the cooperative threads (the SMTP client blocks).
    private func mail(_ event: Scheduler.Event, _ route: MailRoute) async throws(AlertError) {
        let seconds = Double(timeout.components.seconds)
        let result: Result<Void, MailError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { () throws(MailError) in
                    try route.send(subject: AlertMessage.subject(event), text: AlertMessage.text(event) + "\n\n" + AlertMessage.details(event),
                                   timeout: max(seconds, 1))
                })
            }
        }
        if case .failure(let error) = result {
            throw AlertError(message: "the alert for \(event.monitor) could not be mailed to \(route.to.joined(separator: ", ")): \(error)")
        }
    }
}

public struct AlertError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// What an alert says, for people and for programs.
public enum AlertMessage {
    /// One line: "🔴 api is down: [STATUS] (503) == 200", "✅ api recovered after 4m10s".
    public static func text(_ event: Scheduler.Event) -> String {
        switch event {
        case .down(let monitor, let reason, _):
            return "🔴 \(monitor) is down: \(reason)"
        case .reminder(let monitor, let reason, let since, let at):
            return "🔴 \(monitor) is still down after \(MonitorDuration.format(at.timeIntervalSince(since))): \(reason)"
        case .recovered(let monitor, let since, let at):
            return "✅ \(monitor) recovered after \(MonitorDuration.format(at.timeIntervalSince(since)))"
        case .budgetBurn(let monitor, let alert, let remaining, _):
            let left = remaining.map { ", \(String(format: "%.1f", $0 * 100)) % of the error budget left" } ?? ""
            return "🔥 \(monitor) burns its error budget too fast (\(alert))\(left)"
        case .budgetBurnEnded(let monitor, _):
            return "✅ \(monitor) no longer burns its error budget too fast"
        }
    }

    /// A mail's subject: the line without its emoji.
    public static func subject(_ event: Scheduler.Event) -> String {
        let line = text(event)
        return line.unicodeScalars.first.map { $0.properties.isEmojiPresentation } == true
            ? String(line.drop { !$0.isLetter && !$0.isNumber }) : line
    }

    /// The event's fields, one per line, for a mail's body.
    public static func details(_ event: Scheduler.Event) -> String {
        let fields = (try? JSONSerialization.jsonObject(with: Data(json(event)))) as? [String: String] ?? [:]
        return fields.filter { $0.key != "text" }.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "\n") + "\n"
    }

    /// Slack's incoming-webhook document: `{"text": …}`.
    public static func slack(_ event: Scheduler.Event) -> [UInt8] {
        encode(["text": text(event)])
    }

    /// The generic document: `event` (`down`, `reminder`, `recovered`, `budget-burn`,
    /// `budget-burn-ended`), `monitor`, `text`, `at`, and `reason`, `since`, `alert` and
    /// `budget_remaining` where they apply; times in ISO 8601 UTC.
    public static func json(_ event: Scheduler.Event) -> [UInt8] {
        var document: [String: String] = ["monitor": event.monitor, "text": text(event)]
        switch event {
        case .down(_, let reason, let at):
            document["event"] = "down"
            document["reason"] = reason
            document["at"] = iso(at)
        case .reminder(_, let reason, let since, let at):
            document["event"] = "reminder"
            document["reason"] = reason
            document["since"] = iso(since)
            document["at"] = iso(at)
        case .recovered(_, let since, let at):
            document["event"] = "recovered"
            document["since"] = iso(since)
            document["at"] = iso(at)
        case .budgetBurn(_, let alert, let remaining, let at):
            document["event"] = "budget-burn"
            document["alert"] = alert
            if let remaining { document["budget_remaining"] = String(format: "%.4f", remaining) }
            document["at"] = iso(at)
        case .budgetBurnEnded(_, let at):
            document["event"] = "budget-burn-ended"
            document["at"] = iso(at)
        }
        return encode(document)
    }

    private static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    private static func encode(_ document: [String: String]) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(document)) ?? Data("{}".utf8))
    }
}
