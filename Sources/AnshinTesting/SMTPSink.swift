import Foundation

/// A one-message SMTP sink on loopback: answers like a mail server and keeps what it was sent.
public final class SMTPSink: @unchecked Sendable {
    public let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var transcript = ""
    private let done = DispatchSemaphore(value: 0)

    public init(rejectRecipient: Bool = false) throws {
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
    public func received() -> String {
        _ = done.wait(timeout: .now() + 10)
        lock.lock(); defer { lock.unlock() }
        return transcript
    }

    deinit { close(listener) }
}
