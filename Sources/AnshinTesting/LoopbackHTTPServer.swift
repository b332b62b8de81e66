import AnshinHTTP
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP/1.1 server on 127.0.0.1 for what cannot run here (GitHub's API, the AWS SSO
/// portal, the container and instance metadata endpoints) and for scripted failures (503,
/// throttling). Each request is answered by the test's handler and recorded.
public final class LoopbackHTTPServer: @unchecked Sendable {
    public struct Request: Sendable {
        public let method: String
        /// Path and query as sent.
        public let uri: String
        public let headers: [(name: String, value: String)]
        public let body: [UInt8]

        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
        public var path: String { String(uri.split(separator: "?", maxSplits: 1).first ?? "") }
        public var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    public typealias Handler = @Sendable (Request) -> HTTPResponse

    private let channel: any Channel
    private let box: ServerBox
    private let lock = NSLock()
    private var recorded: [Request] = []
    public let port: Int

    public var endpoint: String { "http://127.0.0.1:\(port)" }
    public var requests: [Request] { lock.withLock { recorded } }

    private init(channel: any Channel, box: ServerBox) {
        self.channel = channel
        self.box = box
        port = channel.localAddress?.port ?? 0
    }

    /// Starts a server answering with `handler`.
    public static func start(_ handler: @escaping Handler) async throws -> LoopbackHTTPServer {
        let box = ServerBox()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                box.accepted(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(RequestHandler(box: box, handler: handler))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = LoopbackHTTPServer(channel: channel, box: box)
        box.server = server
        return server
    }

    /// A server that answers each request with the next of `responses`, then repeats the last.
    public static func scripted(_ responses: [HTTPResponse]) async throws -> LoopbackHTTPServer {
        let counter = Counter()
        return try await start { _ in
            let index = min(counter.next(), responses.count - 1)
            return responses[index]
        }
    }

    /// Stops listening and closes every connection it accepted: a client's pooled keep-alive
    /// connection must not outlive the server and reach its handler from a later test that got
    /// the same port.
    public func stop() async {
        try? await channel.close()
        for connection in box.connections { try? await connection.close() }
    }

    fileprivate func record(_ request: Request) {
        lock.withLock { recorded.append(request) }
    }
}

/// A thread-safe counter from 0.
public final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    public init() {}

    public func next() -> Int { lock.withLock { defer { value += 1 }; return value } }
    public var count: Int { lock.withLock { value } }
}

/// Lets handlers record into the server created after the bootstrap.
private final class ServerBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: LoopbackHTTPServer?
    private var children: [any Channel] = []
    var server: LoopbackHTTPServer? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    func accepted(_ channel: any Channel) { lock.withLock { children.append(channel) } }
    var connections: [any Channel] { lock.withLock { children } }
}

private final class RequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let box: ServerBox
    let handler: LoopbackHTTPServer.Handler
    var head: HTTPRequestHead?
    var body: [UInt8] = []

    init(box: ServerBox, handler: @escaping LoopbackHTTPServer.Handler) {
        self.box = box
        self.handler = handler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            let request = LoopbackHTTPServer.Request(method: head.method.rawValue, uri: head.uri,
                                                     headers: head.headers.map { (name: $0.name, value: $0.value) }, body: body)
            box.server?.record(request)
            let response = handler(request)
            var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
            headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
            let responseHead = HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: response.status),
                                                headers: headers)
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            self.head = nil
        }
    }
}
