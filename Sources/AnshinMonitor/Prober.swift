import AnshinCore
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOTLS

/// Runs probes over SwiftNIO and reports what it saw as a ``ProbeResult``; it never throws,
/// a failure is a result with `error` set.
///
/// HTTP is spoken directly on a NIO channel rather than through a pooled client so each phase
/// (DNS, connect, TLS, first byte) is timed on its own, on a fresh connection as a user's first
/// request would see it.
public struct Prober: Sendable {
    let group: any EventLoopGroup
    /// The most of a body kept for conditions; the rest is read and dropped.
    public var bodyLimit = 1 << 20
    /// The most redirects followed.
    public var redirectLimit = 10

    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
    }

    public func probe(_ monitor: Monitor) async -> ProbeResult {
        let started = Date()
        let clock = Stopwatch()
        var result: ProbeResult
        switch monitor.probe {
        case .http(let spec): result = await http(spec, timeout: monitor.timeout, clock: clock)
        case .tcp(let host, let port): result = await connection(host: host, port: port, tls: nil, timeout: monitor.timeout, clock: clock)
        case .tls(let host, let port, let verify):
            result = await connection(host: host, port: port, tls: verify, timeout: monitor.timeout, clock: clock)
        case .dns(let spec): result = await dns(spec, timeout: monitor.timeout, clock: clock)
        }
        result.startedAt = started
        result.timings.total = clock.elapsed
        return result
    }

    // MARK: TCP and TLS

    func connection(host: String, port: Int, tls verify: Bool?, timeout: Double, clock: Stopwatch) async -> ProbeResult {
        var result = ProbeResult()
        let deadline = clock.deadline(after: timeout)
        do {
            let (address, dnsTime) = try await resolve(host: host, port: port)
            result.timings.dns = dnsTime
            result.address = address.ipAddress
            let channel = try await connect(to: address, deadline: deadline)
            result.timings.connect = clock.elapsed
            defer { channel.close(promise: nil) }
            if let verify {
                result.certificateExpiry = try await handshake(channel, host: host, verify: verify, deadline: deadline)
                result.timings.tls = clock.elapsed
            }
            result.connected = true
        } catch {
            result.error = ProbeFailure.describe(error, timeout: timeout, deadline: deadline)
        }
        return result
    }

    // MARK: HTTP

    func http(_ spec: HTTPProbeSpec, timeout: Double, clock: Stopwatch) async -> ProbeResult {
        var result = ProbeResult()
        let deadline = clock.deadline(after: timeout)
        var url = spec.url
        var method = spec.method
        var body = spec.body
        for _ in 0...redirectLimit {
            do {
                let hop = try await exchange(url: url, method: method, headers: spec.headers, body: body, verify: spec.verifyTLS,
                                             deadline: deadline, clock: clock)
                let redirects = result.redirects
                result = hop
                result.redirects = redirects
            } catch {
                result.error = ProbeFailure.describe(error, timeout: timeout, deadline: deadline)
                return result
            }
            guard spec.followRedirects, let status = result.status, [301, 302, 303, 307, 308].contains(status),
                  let location = result.header("Location"), let base = URL(string: url),
                  let next = URL(string: location, relativeTo: base)?.absoluteURL.absoluteString else {
                return result
            }
            if status == 303 || (status <= 302 && method == "POST") {
                method = "GET"
                body = nil
            }
            result.redirects.append(next)
            url = next
        }
        result.error = "more than \(redirectLimit) redirects"
        return result
    }

    /// One request and its response on a new connection.
    func exchange(url text: String, method: String, headers: [ProbeResult.Header], body: String?, verify: Bool,
                  deadline: NIODeadline, clock: Stopwatch) async throws -> ProbeResult {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else {
            throw ProbeFailure(description: "not an http(s) URL: \(text)")
        }
        let secure = scheme == "https"
        let port = url.port ?? (secure ? 443 : 80)
        var result = ProbeResult()
        let (address, dnsTime) = try await resolve(host: host, port: port)
        result.timings.dns = dnsTime
        result.address = address.ipAddress
        let channel = try await connect(to: address, deadline: deadline)
        defer { channel.close(promise: nil) }
        result.timings.connect = clock.elapsed
        if secure {
            result.certificateExpiry = try await handshake(channel, host: host, verify: verify, deadline: deadline)
            result.timings.tls = clock.elapsed
        }
        result.connected = true

        let response = channel.eventLoop.makePromise(of: CollectedResponse.self)
        let limit = bodyLimit
        try await channel.eventLoop.submit {
            let operations = channel.pipeline.syncOperations
            try operations.addHandler(HTTPRequestEncoder())
            try operations.addHandler(ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes)))
            try operations.addHandler(ResponseCollector(promise: response, limit: limit))
        }.get()
        let timer = channel.eventLoop.scheduleTask(deadline: deadline) {
            response.fail(ProbeTimeout())
            channel.close(promise: nil)
        }
        defer { timer.cancel() }

        var path = url.path.isEmpty ? "/" : url.path
        if let query = url.query { path += "?" + query }
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: path)
        let defaultPort = secure ? 443 : 80
        head.headers.add(name: "Host", value: port == defaultPort ? host : "\(host):\(port)")
        head.headers.add(name: "User-Agent", value: "anshin-monitor")
        head.headers.add(name: "Connection", value: "close")
        for header in headers { head.headers.replaceOrAdd(name: header.name, value: header.value) }
        if let body {
            if !head.headers.contains(name: "Content-Length") { head.headers.add(name: "Content-Length", value: String(body.utf8.count)) }
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(string: body))), promise: nil)
        } else {
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
        }
        try await channel.writeAndFlush(HTTPClientRequestPart.end(nil)).get()
        let collected = try await response.futureResult.get()
        result.timings.firstByte = clock.since(collected.firstByte)
        result.status = Int(collected.head.status.code)
        result.headers = collected.head.headers.map { ProbeResult.Header(name: $0.name, value: $0.value) }
        result.body = collected.body
        return result
    }

    // MARK: DNS

    func dns(_ spec: DNSProbeSpec, timeout: Double, clock: Stopwatch) async -> ProbeResult {
        var result = ProbeResult()
        do {
            guard let resolverText = spec.resolver ?? Self.systemResolver(),
                  case let (host, port)? = HostPort.parse(resolverText, defaultPort: 53) else {
                throw ProbeFailure(description: "no nameserver in /etc/resolv.conf; set the monitor's resolver")
            }
            let (resolver, _) = try await resolve(host: host, port: port)
            result.address = resolver.ipAddress
            let id = UInt16.random(in: 1...UInt16.max)
            let reply = group.next().makePromise(of: [UInt8].self)
            let channel = try await DatagramBootstrap(group: group)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(DNSReplyHandler(id: id, promise: reply))
                    }
                }
                .bind(host: resolver.protocol == .inet6 ? "::" : "0.0.0.0", port: 0).get()
            defer { channel.close(promise: nil) }
            let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(timeout * 1_000_000_000))) { reply.fail(ProbeTimeout()) }
            defer { timer.cancel() }
            let query = DNSMessage.query(id: id, name: spec.name, type: spec.record)
            try await channel.writeAndFlush(AddressedEnvelope(remoteAddress: resolver, data: ByteBuffer(bytes: query))).get()
            let response = try DNSMessage.parse(try await reply.futureResult.get())
            result.connected = true
            result.dnsCode = response.responseCode
            result.dnsAnswers = response.answers
            result.body = Array(response.answers.joined(separator: "\n").utf8)
        } catch {
            result.error = ProbeFailure.describe(error, timeout: timeout)
        }
        return result
    }

    /// The first `nameserver` of /etc/resolv.conf.
    static func systemResolver() -> String? {
        guard let text = try? String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if words.count >= 2, words[0] == "nameserver" {
                let address = String(words[1])
                return address.contains(":") ? "[\(address)]:53" : address
            }
        }
        return nil
    }

    // MARK: Shared steps

    /// The address of `host` (resolved by the system unless it is one), and how long the lookup took.
    func resolve(host: String, port: Int) async throws -> (SocketAddress, Double?) {
        if let address = try? SocketAddress(ipAddress: host, port: port) { return (address, nil) }
        let clock = Stopwatch()
        do {
            let address = try await NIOThreadPool.singleton.runIfActive {
                try SocketAddress.makeAddressResolvingHost(host, port: port)
            }
            return (address, clock.elapsed)
        } catch {
            throw ProbeFailure(description: "cannot resolve \(host)")
        }
    }

    func connect(to address: SocketAddress, deadline: NIODeadline) async throws -> any Channel {
        let remaining = max(deadline - .now(), .milliseconds(1))
        return try await ClientBootstrap(group: group)
            .connectTimeout(remaining)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(to: address).get()
    }

    /// Adds TLS to `channel`, waits for the handshake and returns the peer certificate's expiry.
    func handshake(_ channel: any Channel, host: String, verify: Bool, deadline: NIODeadline) async throws -> Date? {
        let context = try TLSContexts.shared.context(verify: verify)
        let done = channel.eventLoop.makePromise(of: Void.self)
        let serverName: String? = (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverName))
            try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(promise: done))
        }.get()
        let timer = channel.eventLoop.scheduleTask(deadline: deadline) {
            done.fail(ProbeTimeout())
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        try await done.futureResult.get()
        guard let certificate = try await channel.nioSSL_peerCertificate().get() else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(certificate.notValidAfter))
    }
}

/// Measures from its creation, in milliseconds.
struct Stopwatch: Sendable {
    let start = NIODeadline.now()

    var elapsed: Double { Double((NIODeadline.now() - start).nanoseconds) / 1_000_000 }
    func since(_ instant: NIODeadline) -> Double { Double((instant - start).nanoseconds) / 1_000_000 }
    func deadline(after seconds: Double) -> NIODeadline { start + .nanoseconds(Int64(seconds * 1_000_000_000)) }
}

/// One verifying and one trusting TLS context, made once: loading the system's roots is slow.
final class TLSContexts: Sendable {
    static let shared = TLSContexts()
    private let verifying: Result<NIOSSLContext, ProbeFailure>
    private let trusting: Result<NIOSSLContext, ProbeFailure>

    init() {
        verifying = Self.make(.makeClientConfiguration())
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        trusting = Self.make(configuration)
    }

    private static func make(_ configuration: TLSConfiguration) -> Result<NIOSSLContext, ProbeFailure> {
        do {
            return .success(try NIOSSLContext(configuration: configuration))
        } catch {
            return .failure(ProbeFailure(description: "cannot set up TLS: \(error)"))
        }
    }

    func context(verify: Bool) throws(ProbeFailure) -> NIOSSLContext { try (verify ? verifying : trusting).get() }
}

struct ProbeTimeout: Error {}

/// A probe's failure in words.
struct ProbeFailure: Error, CustomStringConvertible {
    var description: String

    /// `error` in words, or a timeout when `deadline` has passed: the deadline's timer closes the
    /// channel, so whatever was waiting on it then fails with the closed channel's error instead.
    static func describe(_ error: any Error, timeout: Double, deadline: NIODeadline) -> String {
        if !(error is ProbeFailure), NIODeadline.now() >= deadline { return "timed out after \(MonitorDuration.format(timeout))" }
        return describe(error, timeout: timeout)
    }

    static func describe(_ error: any Error, timeout: Double) -> String {
        switch error {
        case let failure as ProbeFailure: return failure.description
        case is ProbeTimeout: return "timed out after \(MonitorDuration.format(timeout))"
        case let error as ChannelError:
            if case .connectTimeout = error { return "connection timed out after \(MonitorDuration.format(timeout))" }
            return "connection failed: \(error)"
        case let error as IOError:
            return "connection failed: " + String(cString: strerror(error.errnoCode)).lowercased()
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first { return describe(first.error, timeout: timeout) }
            return "connection failed"
        case let error as NIOSSLError:
            let text = "\(error)"
            if text.contains("CERTIFICATE_VERIFY_FAILED") { return "TLS certificate not trusted (verification failed)" }
            return "TLS handshake failed: " + (text.count > 160 ? String(text.prefix(157)) + "..." : text)
        case let error as DNSMessage.MalformedMessage:
            return "malformed DNS response: \(error.description)"
        case let error as HTTPParserError:
            return "malformed HTTP response: \(error)"
        default:
            return "\(error)"
        }
    }
}

struct CollectedResponse: Sendable {
    var head: HTTPResponseHead
    var body: [UInt8]
    var firstByte: NIODeadline
    var end: NIODeadline
}

/// Gathers one response: its head, when it arrived, and the body up to a limit.
final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    let promise: EventLoopPromise<CollectedResponse>
    let limit: Int
    var head: HTTPResponseHead?
    var firstByte = NIODeadline.now()
    var body: [UInt8] = []

    init(promise: EventLoopPromise<CollectedResponse>, limit: Int) {
        self.promise = promise
        self.limit = limit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            firstByte = .now()
        case .body(let buffer):
            let room = limit - body.count
            if room > 0 { body.append(contentsOf: buffer.readableBytesView.prefix(room)) }
        case .end:
            if let head { promise.succeed(CollectedResponse(head: head, body: body, firstByte: firstByte, end: .now())) }
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ProbeFailure(description: head == nil ? "the connection closed before a response" : "the connection closed mid-response"))
        context.fireChannelInactive()
    }
}

/// Completes its promise when the TLS handshake has, or fails it with the handshake's error.
final class HandshakeWatcher: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let promise: EventLoopPromise<Void>

    init(promise: EventLoopPromise<Void>) { self.promise = promise }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event { promise.succeed() }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ProbeFailure(description: "the connection closed during the TLS handshake"))
        context.fireChannelInactive()
    }
}

/// Hands on the reply that answers our query (by id); others are ignored.
final class DNSReplyHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let id: UInt16
    let promise: EventLoopPromise<[UInt8]>

    init(id: UInt16, promise: EventLoopPromise<[UInt8]>) {
        self.id = id
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = Array(unwrapInboundIn(data).data.readableBytesView)
        guard bytes.count >= 2, UInt16(bytes[0]) << 8 | UInt16(bytes[1]) == id else { return }
        promise.succeed(bytes)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
    }
}
