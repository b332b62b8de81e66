import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on a free loopback port that answers GET requests from a closure,
/// for pages a test opens in ``HeadlessChromium`` (map any host name to it with the browser's
/// host rules; the closure sees the `Host` header). One thread per connection, `Connection: close`.
public final class PageServer: @unchecked Sendable {
    /// What the closure answers.
    public struct Response: Sendable {
        public var status: Int
        public var contentType: String
        public var body: Data

        public init(status: Int = 200, contentType: String = "text/html; charset=utf-8", body: String) {
            self.status = status
            self.contentType = contentType
            self.body = Data(body.utf8)
        }
    }

    /// One request: the `Host` header (with its port) and the path with its query.
    public struct Request: Sendable {
        public var host: String
        public var path: String
    }

    public let port: Int
    private let listener: Int32
    private let state: State

    /// What the connection threads share; they never hold the server itself, so releasing the
    /// server stops it.
    private final class State: @unchecked Sendable {
        let handler: @Sendable (Request) -> Response
        let lock = NSLock()
        var served: [Request] = []
        var stopped = false

        init(handler: @escaping @Sendable (Request) -> Response) {
            self.handler = handler
        }
    }

    /// Starts listening on 127.0.0.1 at once.
    public init(handler: @escaping @Sendable (Request) -> Response) throws {
        state = State(handler: handler)
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw PageServerError(message: "socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listener = listener
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 64) == 0 && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(listener)
            throw PageServerError(message: "cannot listen on 127.0.0.1: errno \(errno)")
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        let state = state
        Thread { Self.acceptConnections(listener, state) }.start()
    }

    deinit {
        stop()
    }

    /// Every request answered so far, in order.
    public var requests: [Request] {
        state.lock.lock()
        defer { state.lock.unlock() }
        return state.served
    }

    /// Stops accepting connections.
    public func stop() {
        state.lock.lock()
        let first = !state.stopped
        state.stopped = true
        state.lock.unlock()
        if first { shutdown(listener, Int32(SHUT_RDWR)) }
    }

    private static func acceptConnections(_ listener: Int32, _ state: State) {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                break
            }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            Thread { serve(connection, state) }.start()
        }
        Glibc.close(listener)
    }

    private static func serve(_ connection: Int32, _ state: State) {
        defer { Glibc.close(connection) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: received, as: UTF8.self).contains("\r\n\r\n") {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0, received.count < 1 << 16 else { return }
            received += chunk[0..<count]
        }
        let lines = String(decoding: received, as: UTF8.self).components(separatedBy: "\r\n")
        let words = lines[0].split(separator: " ")
        guard words.count == 3 else { return }
        let host = lines.dropFirst().first { $0.lowercased().hasPrefix("host:") }.map {
            $0.dropFirst(5).trimmingCharacters(in: .whitespaces)
        } ?? ""
        let request = Request(host: host, path: String(words[1]))
        state.lock.lock()
        state.served.append(request)
        state.lock.unlock()
        let response = words[0] == "GET" || words[0] == "HEAD"
            ? state.handler(request) : Response(status: 405, contentType: "text/plain", body: "only GET")
        var head = "HTTP/1.1 \(response.status) \(response.status == 200 ? "OK" : "Status")\r\n"
        head += "Content-Type: \(response.contentType)\r\nContent-Length: \(response.body.count)\r\n"
        head += "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
        var bytes = Data(head.utf8)
        if words[0] == "GET" { bytes += response.body }
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let sent = send(connection, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if sent < 0 && errno == EINTR { continue }
                if sent <= 0 { return }
                offset += sent
            }
        }
    }
}

/// Why the server could not start.
public struct PageServerError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
