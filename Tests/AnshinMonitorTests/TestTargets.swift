import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import X509

/// A TLS server on 127.0.0.1 with a fresh self-signed certificate valid for `lifetime`; it answers
/// HTTP requests with 200 and "secure".
final class LoopbackTLSServer: Sendable {
    let channel: any Channel
    let port: Int
    let notValidAfter: Date

    static func start(lifetime: TimeInterval) async throws -> LoopbackTLSServer {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("anshin monitor test") }
        let now = Date()
        // X.509 times have whole seconds.
        let notAfter = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + lifetime).rounded(.down))
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: now.addingTimeInterval(-60), notValidAfter: notAfter, issuer: name, subject: name,
            signatureAlgorithm: .ecdsaWithSHA256, extensions: Certificate.Extensions(), issuerPrivateKey: Certificate.PrivateKey(key))
        let pem = try certificate.serializeAsPEM().pemString
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(pem.utf8), format: .pem))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(key.pemRepresentation.utf8), format: .pem)))
        let context = try NIOSSLContext(configuration: configuration)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(FixedResponder(body: "secure"))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return LoopbackTLSServer(channel: channel, notValidAfter: notAfter)
    }

    init(channel: any Channel, notValidAfter: Date) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        self.notValidAfter = notValidAfter
    }

    func stop() async { try? await channel.close() }
}

/// Answers every request with 200 and a fixed body.
final class FixedResponder: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let body: String

    init(body: String) { self.body = body }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        let head = HTTPResponseHead(version: .http1_1, status: .ok, headers: ["Content-Length": String(body.utf8.count)])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}

/// Accepts connections on 127.0.0.1 and never answers: the target of timeouts.
final class SilentServer: Sendable {
    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    init() async throws {
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { $0.eventLoop.makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func stop() async { try? await channel.close() }
}

/// A DNS server on UDP 127.0.0.1 answering from a fixed zone, built byte by byte from RFC 1035
/// (not with the code under test), NXDOMAIN for names it does not know.
final class LoopbackDNSResponder: Sendable {
    struct Record: Sendable {
        var type: UInt16
        var data: [UInt8]
    }

    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    init(zone: [String: [Record]]) async throws {
        channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(zone: zone))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func stop() async { try? await channel.close() }

    static func name(_ text: String) -> [UInt8] {
        text.split(separator: ".").flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) } + [0]
    }

    final class Handler: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>
        let zone: [String: [Record]]

        init(zone: [String: [Record]]) { self.zone = zone }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            let query = Array(envelope.data.readableBytesView)
            guard query.count > 12 else { return }
            // The question: labels from byte 12, then type and class.
            var index = 12
            var labels: [String] = []
            while index < query.count, query[index] != 0 {
                let length = Int(query[index])
                labels.append(String(decoding: query[(index + 1)...(index + length)], as: UTF8.self))
                index += length + 1
            }
            let questionEnd = index + 5
            let type = UInt16(query[index + 1]) << 8 | UInt16(query[index + 2])
            let records = zone[labels.joined(separator: ".").lowercased()]
            let answers = (records ?? []).filter { $0.type == type }
            var reply: [UInt8] = [query[0], query[1], 0x81, records == nil ? 0x83 : 0x80, 0, 1, 0, UInt8(answers.count), 0, 0, 0, 0]
            reply += query[12..<questionEnd]
            for answer in answers {
                reply += [0xC0, 12, UInt8(answer.type >> 8), UInt8(answer.type & 0xFF), 0, 1, 0, 0, 0, 60]
                reply += [UInt8(answer.data.count >> 8), UInt8(answer.data.count & 0xFF)] + answer.data
            }
            context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: ByteBuffer(bytes: reply))),
                                  promise: nil)
        }
    }
}
