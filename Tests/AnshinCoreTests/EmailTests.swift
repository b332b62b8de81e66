@testable import AnshinCore
import AnshinTesting
import Foundation
import Testing

@Suite struct EmailTests {
    func email() throws -> Email {
        try Email(from: "reports@shop.example", to: ["pm@shop.example", "cs@shop.example"], subject: "Traffic report – week 48",
                        text: "42 requests\n.hidden line\n", html: "<!DOCTYPE html><html><body><h1>Report</h1></body></html>")
    }

    @Test func aPlainTextMessageHasOnePart() throws {
        let mail = try Email(from: "monitor@shop.example", to: ["oncall@shop.example"], subject: "api is down", text: "api is down: 503\n")
        let message = mail.message(date: Date(timeIntervalSince1970: 1_795_770_000), boundary: "b0", messageID: "m@anshin")
        #expect(message.contains("Subject: api is down\r\nDate: ") && !message.contains("multipart"))
        let body = message.components(separatedBy: "\r\n\r\n")[1].replacingOccurrences(of: "\r\n", with: "")
        #expect(String(decoding: Data(base64Encoded: body)!, as: UTF8.self) == "api is down: 503\n")
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
        #expect(throws: MailError.self) { try Email(from: "x", to: ["a@b.c"], subject: "", text: "", html: "") }
        #expect(throws: MailError.self) { try Email(from: "a@b.c", to: ["a@b.c>\r\nRCPT TO:<x@y.z"], subject: "", text: "", html: "") }
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
        #expect(throws: MailError.self) { try refused.next(code: 554, reply: "554 no service") }
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
