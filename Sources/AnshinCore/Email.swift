import Foundation

/// An email anshin sends (the weekly log report, a monitor's alert): plain text, or a MIME
/// `multipart/alternative` message whose rich part is a self-contained HTML page (so nothing is
/// fetched when it is read).
public struct Email: Sendable, Equatable {
    public var from: String
    public var to: [String]
    public var subject: String
    public var text: String
    public var html: String?

    public init(from: String, to: [String], subject: String, text: String, html: String? = nil) throws(MailError) {
        for address in [from] + to {
            guard Email.isAddress(address) else { throw MailError("\(address) is not an email address") }
        }
        guard !to.isEmpty else { throw MailError("an email needs at least one recipient address") }
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
    }

    /// `local@domain` without spaces, angle brackets or line breaks (what may go in an SMTP command).
    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
    }

    /// The message in RFC 5322 form with CRLF line endings; `date` (RFC 5322 date) and `boundary` are
    /// given so the message is reproducible.
    public func message(date: Date, boundary: String, messageID: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        var lines = [
            "From: \(from)",
            "To: \(to.joined(separator: ", "))",
            "Subject: \(Email.encodedHeader(subject))",
            "Date: \(formatter.string(from: date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
        ]
        guard let html else {
            lines += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", ""]
            lines += Email.base64Lines(text)
            return lines.joined(separator: "\r\n") + "\r\n"
        }
        lines += [
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
            "This is a MIME message: the content is in its text and HTML parts.",
        ]
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            lines += ["--\(boundary)", "Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""]
            lines += Email.base64Lines(body)
        }
        lines.append("--\(boundary)--")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// An RFC 2047 encoded word when the header is not plain ASCII.
    static func encodedHeader(_ text: String) -> String {
        if text.allSatisfy({ $0.isASCII && !$0.isNewline }) { return text }
        return "=?utf-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    static func base64Lines(_ text: String) -> [String] {
        let encoded = Data(text.utf8).base64EncodedString()
        var lines: [String] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[index..<end]))
            index = end
        }
        return lines
    }
}

/// The SMTP conversation (RFC 5321) of one message, without a socket: what to send next given what
/// the server said, so it is tested line by line and the socket code only moves bytes.
public struct SMTPConversation: Sendable {
    enum Step: Sendable { case greeting, hello, mailFrom, recipient(Int), data, body, quit, done }

    let email: Email
    let message: String
    let hostname: String
    var step = Step.greeting

    public init(email: Email, message: String, hostname: String = "localhost") {
        self.email = email
        self.message = message
        self.hostname = hostname
    }

    public var isDone: Bool { if case .done = step { return true } else { return false } }

    /// Given the server's complete reply (its code), returns what to send, or throws when the server refused.
    public mutating func next(code: Int, reply: String) throws(MailError) -> String? {
        func expect(_ codes: ClosedRange<Int>, _ what: String) throws(MailError) {
            guard codes.contains(code) else { throw MailError("the SMTP server refused \(what): \(reply.trimmingCharacters(in: .whitespacesAndNewlines))") }
        }
        switch step {
        case .greeting:
            try expect(220...220, "the connection")
            step = .hello
            return "EHLO \(hostname)\r\n"
        case .hello:
            try expect(250...250, "EHLO")
            step = .mailFrom
            return "MAIL FROM:<\(email.from)>\r\n"
        case .mailFrom:
            try expect(250...250, "the sender \(email.from)")
            step = .recipient(0)
            return "RCPT TO:<\(email.to[0])>\r\n"
        case .recipient(let index):
            try expect(250...251, "the recipient \(email.to[index])")
            if index + 1 < email.to.count {
                step = .recipient(index + 1)
                return "RCPT TO:<\(email.to[index + 1])>\r\n"
            }
            step = .data
            return "DATA\r\n"
        case .data:
            try expect(354...354, "DATA")
            step = .body
            return SMTPConversation.dotStuffed(message) + ".\r\n"
        case .body:
            try expect(250...250, "the message")
            step = .quit
            return "QUIT\r\n"
        case .quit:
            step = .done
            return nil
        case .done:
            return nil
        }
    }

    /// A line starting with a dot gets another, so it is not read as the end of the message.
    static func dotStuffed(_ message: String) -> String {
        message.split(separator: "\r\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
            .joined(separator: "\r\n")
    }
}

/// Sends one message to an SMTP server over plain TCP (a local relay such as Postfix, which then
/// delivers with TLS): no STARTTLS or AUTH here, so credentials never cross the wire in clear.
public enum SMTPClient {
    public static func send(_ email: Email, message: String, host: String, port: Int,
                            timeout: TimeInterval = 30) throws(MailError) {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw MailError("SMTP server \(host):\(port): cannot resolve the host")
        }
        defer { freeaddrinfo(list) }
        var descriptor: Int32 = -1
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            descriptor = socket(current.pointee.ai_family, current.pointee.ai_socktype, current.pointee.ai_protocol)
            if descriptor >= 0 {
                var time = timeval(tv_sec: Int(timeout), tv_usec: 0)
                setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
                if connect(descriptor, current.pointee.ai_addr, current.pointee.ai_addrlen) == 0 { break }
                close(descriptor)
                descriptor = -1
            }
            entry = current.pointee.ai_next
        }
        guard descriptor >= 0 else {
            throw MailError("SMTP server \(host):\(port): cannot connect: \(SystemErrorText.describe(errno: errno))")
        }
        defer { close(descriptor) }
        var conversation = SMTPConversation(email: email, message: message)
        var pending = [UInt8]()
        while !conversation.isDone {
            // Read one complete reply: lines until one whose fourth byte is a space ("250 ok", not "250-…").
            var replyLines: [String] = []
            while true {
                if let newline = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    replyLines.append(line)
                    let bytes = Array(line.utf8)
                    if bytes.count < 4 || bytes[3] != UInt8(ascii: "-") { break }
                    continue
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = recv(descriptor, &chunk, chunk.count, 0)
                guard count > 0 else { throw MailError("SMTP server \(host):\(port) closed the connection or timed out") }
                pending += chunk[..<count]
            }
            let last = replyLines.last ?? ""
            let code = Int(last.prefix(3)) ?? 0
            guard let command = try conversation.next(code: code, reply: replyLines.joined(separator: "\n")) else { break }
            var bytes = Array(command.utf8)
            var sent = 0
            while sent < bytes.count {
                let count = bytes.withUnsafeMutableBytes { raw in Foundation.send(descriptor, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL)) }
                guard count > 0 else { throw MailError("SMTP server \(host):\(port): cannot send: \(SystemErrorText.describe(errno: errno))") }
                sent += count
            }
            bytes.removeAll()
        }
    }
}

/// An SMTP relay and who a mail is from and to: `--email`, `--smtp` and `--from`, or `email:`
/// of a monitor's alerts.
public struct MailRoute: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var from: String
    public var to: [String]

    /// Checks the addresses (a route that cannot carry a mail is a mistake when it is written).
    public init(host: String, port: Int, from: String, to: [String]) throws(MailError) {
        _ = try Email(from: from, to: to, subject: "", text: "")
        self.host = host
        self.port = port
        self.from = from
        self.to = to
    }

    /// Sends `subject` and `text` (and the rich `html`) along this route; `now` dates the message.
    public func send(subject: String, text: String, html: String? = nil, now: Date = Date(), timeout: TimeInterval = 30) throws(MailError) {
        let email = try Email(from: from, to: to, subject: subject, text: text, html: html)
        let id = UUID().uuidString.lowercased()
        try SMTPClient.send(email, message: email.message(date: now, boundary: "anshin-\(id)", messageID: "\(id)@anshin"),
                            host: host, port: port, timeout: timeout)
    }
}

/// Why a mail could not be made or sent; the message names the server and what it said.
public struct MailError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
