@testable import AnshinLogs
import Foundation
import Testing

/// A one-message SMTP sink on loopback: answers like a mail server and keeps what it was sent.
final class SMTPSink: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var transcript = ""
    private let done = DispatchSemaphore(value: 0)

    init(rejectRecipient: Bool = false) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        guard bound == 0, listen(descriptor, 1) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        listener = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        let listener = descriptor
        Thread.detachNewThread { [self] in
            let client = accept(listener, nil, nil)
            defer { close(client); done.signal() }
            var time = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
            func say(_ text: String) { _ = text.withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }
            say("220 sink.test ESMTP\r\n")
            var buffer = ""
            var inData = false
            while true {
                var chunk = [UInt8](repeating: 0, count: 65536)
                let count = recv(client, &chunk, chunk.count, 0)
                if count <= 0 { return }
                buffer += String(decoding: chunk[..<count], as: UTF8.self)
                while true {
                    if inData {
                        guard let end = buffer.range(of: "\r\n.\r\n") else { break }
                        record(String(buffer[..<end.upperBound]))
                        buffer.removeSubrange(..<end.upperBound)
                        inData = false
                        say("250 2.0.0 queued\r\n")
                        continue
                    }
                    guard let end = buffer.range(of: "\r\n") else { break }
                    let line = String(buffer[..<end.lowerBound])
                    buffer.removeSubrange(..<end.upperBound)
                    record(line + "\r\n")
                    if line.hasPrefix("EHLO") { say("250-sink.test\r\n250 8BITMIME\r\n") }
                    else if line.hasPrefix("MAIL FROM:") { say("250 2.1.0 ok\r\n") }
                    else if line.hasPrefix("RCPT TO:") { say(rejectRecipient ? "550 5.1.1 no such user\r\n" : "250 2.1.5 ok\r\n") }
                    else if line == "DATA" { inData = true; say("354 go ahead\r\n") }
                    else if line == "QUIT" { say("221 2.0.0 bye\r\n"); return }
                    else { say("500 unknown\r\n") }
                }
            }
        }
    }

    private func record(_ text: String) { lock.lock(); transcript += text; lock.unlock() }

    /// What the client sent, once the conversation ended (at most 10 seconds).
    func received() -> String {
        _ = done.wait(timeout: .now() + 10)
        lock.lock(); defer { lock.unlock() }
        return transcript
    }

    deinit { close(listener) }
}

@Suite struct ReportEmailTests {
    func email() throws -> ReportEmail {
        try ReportEmail(from: "reports@shop.example", to: ["pm@shop.example", "cs@shop.example"], subject: "Traffic report – week 48",
                        text: "42 requests\n.hidden line\n", html: "<!DOCTYPE html><html><body><h1>Report</h1></body></html>")
    }

    @Test func theMessageIsMultipartWithBothReports() throws {
        let message = try email().message(date: Date(timeIntervalSince1970: 1_795_770_000), boundary: "b0", messageID: "m@anshin")
        #expect(message.contains("Date: Fri, 27 Nov 2026 09:00:00 +0000\r\n"))
        #expect(message.contains("Subject: =?utf-8?B?"))
        #expect(message.contains("Content-Type: multipart/alternative; boundary=\"b0\""))
        let parts = message.components(separatedBy: "--b0\r\n").dropFirst()
        #expect(parts.count == 2)
        let decoded = parts.map { part -> String in
            let body = part.components(separatedBy: "\r\n\r\n")[1].replacingOccurrences(of: "--b0--\r\n", with: "")
            return String(decoding: Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: ""))!, as: UTF8.self)
        }
        #expect(decoded == ["42 requests\n.hidden line\n", "<!DOCTYPE html><html><body><h1>Report</h1></body></html>"])
        #expect(message.split(separator: "\r\n").allSatisfy { $0.count <= 998 })
        #expect(throws: LogConfigurationError.self) { try ReportEmail(from: "x", to: ["a@b.c"], subject: "", text: "", html: "") }
        #expect(throws: LogConfigurationError.self) { try ReportEmail(from: "a@b.c", to: ["a@b.c>\r\nRCPT TO:<x@y.z"], subject: "", text: "", html: "") }
    }

    @Test func theConversationFollowsTheProtocolAndStuffsDots() throws {
        var conversation = SMTPConversation(email: try email(), message: "a\r\n.b\r\n")
        #expect(try conversation.next(code: 220, reply: "220 hi") == "EHLO localhost\r\n")
        #expect(try conversation.next(code: 250, reply: "250 ok") == "MAIL FROM:<reports@shop.example>\r\n")
        #expect(try conversation.next(code: 250, reply: "250 ok") == "RCPT TO:<pm@shop.example>\r\n")
        #expect(try conversation.next(code: 250, reply: "250 ok") == "RCPT TO:<cs@shop.example>\r\n")
        #expect(try conversation.next(code: 251, reply: "251 forwarded") == "DATA\r\n")
        #expect(try conversation.next(code: 354, reply: "354 go") == "a\r\n..b\r\n.\r\n")
        #expect(try conversation.next(code: 250, reply: "250 queued") == "QUIT\r\n")
        #expect(try conversation.next(code: 221, reply: "221 bye") == nil)
        #expect(conversation.isDone)
        var refused = SMTPConversation(email: try email(), message: "")
        #expect(throws: LogConfigurationError.self) { try refused.next(code: 554, reply: "554 no service") }
    }

    @Test func theReportReachesAnSMTPServerOnLoopback() throws {
        let sink = try SMTPSink()
        let mail = try email()
        let message = mail.message(date: Date(timeIntervalSince1970: 0), boundary: "b1", messageID: "id@anshin")
        try SMTPClient.send(mail, message: message, host: "127.0.0.1", port: sink.port, timeout: 10)
        let transcript = sink.received()
        #expect(transcript.hasPrefix("EHLO localhost\r\nMAIL FROM:<reports@shop.example>\r\nRCPT TO:<pm@shop.example>\r\nRCPT TO:<cs@shop.example>\r\nDATA\r\n"))
        #expect(transcript.contains(SMTPConversation.dotStuffed(message) + ".\r\n"))
        #expect(transcript.hasSuffix("QUIT\r\n"))
    }

    @Test func aRefusedRecipientIsAnErrorSayingSo() throws {
        let sink = try SMTPSink(rejectRecipient: true)
        let mail = try email()
        #expect {
            try SMTPClient.send(mail, message: "x\r\n", host: "127.0.0.1", port: sink.port, timeout: 10)
        } throws: { "\($0)".contains("refused the recipient pm@shop.example: 550 5.1.1 no such user") }
    }
}
