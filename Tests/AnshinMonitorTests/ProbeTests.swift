@testable import AnshinMonitor
import AnshinHTTP
import AnshinTesting
import Foundation
import Testing

/// Probes against real targets on 127.0.0.1, started by the tests.
@Suite struct ProbeTests {
    let runner = CheckRunner()

    /// The default timeout is generous: the whole suite runs in parallel on small machines, and only
    /// the tests about timeouts set a short one.
    func monitor(_ probe: Probe, _ conditions: [String] = [], health: Bool = false, timeout: Double = 60, retries: Int = 0) throws -> Monitor {
        Monitor(name: "m", probe: probe, conditions: try conditions.map { try Condition.parse($0) }, health: health, timeout: timeout,
                retries: retries)
    }

    @Test func httpMethodHeadersBodyAndConditions() async throws {
        let server = try await LoopbackHTTPServer.start { request in
            let body = #"{"echo":"\#(request.bodyText)","method":"\#(request.method)","token":"\#(request.header("X-Token") ?? "")"}"#
            return HTTPResponse(status: 201, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
        }
        defer { Task { await server.stop() } }
        let spec = HTTPProbeSpec(url: server.endpoint + "/orders?x=1", method: "POST",
                                 headers: [.init(name: "X-Token", value: "t1")], body: "hello")
        let outcome = await runner.check(try monitor(.http(spec), [
            "[STATUS] == 201", "[BODY].method == POST && [BODY].echo == hello && [BODY].token == t1",
            "[HEADER].content-type == application/json", "[RESPONSE_TIME] < 10m",
        ]))
        #expect(outcome.passed, "\(outcome.conditions)")
        #expect(server.requests.first?.uri == "/orders?x=1")
        let timings = outcome.result.timings
        #expect(timings.dns == nil, "an address needs no lookup")
        let connect = try #require(timings.connect), firstByte = try #require(timings.firstByte)
        #expect(connect > 0 && connect <= firstByte && firstByte <= timings.total)
        #expect(timings.tls == nil)
    }

    @Test func failingConditionsNameTheValueSeen() async throws {
        let server = try await LoopbackHTTPServer.scripted([HTTPResponse(status: 503, body: Array("busy".utf8))])
        defer { Task { await server.stop() } }
        let outcome = await runner.check(try monitor(.http(HTTPProbeSpec(url: server.endpoint + "/")), ["[STATUS] == 200"], retries: 2))
        #expect(!outcome.passed)
        #expect(outcome.reason == "[STATUS] (503) == 200")
        #expect(outcome.attempts == 3, "retried twice before counting as failed")
        #expect(server.requests.count == 3)
    }

    @Test func aRetryThatPassesCountsAsPassed() async throws {
        let server = try await LoopbackHTTPServer.scripted([HTTPResponse(status: 502), HTTPResponse(status: 200)])
        defer { Task { await server.stop() } }
        let outcome = await runner.check(try monitor(.http(HTTPProbeSpec(url: server.endpoint + "/")), retries: 1))
        #expect(outcome.passed)
        #expect(outcome.attempts == 2)
    }

    @Test func redirectsAreFollowedOrNot() async throws {
        let server = try await LoopbackHTTPServer.start { request in
            switch request.path {
            case "/old": HTTPResponse(status: 301, headers: [("Location", "/middle")])
            case "/middle": HTTPResponse(status: 302, headers: [("Location", "/new")])
            default: HTTPResponse(status: 200, body: Array("arrived".utf8))
            }
        }
        defer { Task { await server.stop() } }
        let followed = await runner.check(try monitor(.http(HTTPProbeSpec(url: server.endpoint + "/old")), ["[BODY] == arrived"]))
        #expect(followed.passed)
        #expect(followed.result.redirects == [server.endpoint + "/middle", server.endpoint + "/new"])
        let kept = await runner.check(try monitor(.http(HTTPProbeSpec(url: server.endpoint + "/old", followRedirects: false)),
                                                  ["[STATUS] == 301", "[HEADER].location == /middle"]))
        #expect(kept.passed, "\(kept.conditions)")
    }

    @Test func aSilentServerTimesOut() async throws {
        let server = try await SilentServer()
        defer { Task { await server.stop() } }
        let outcome = await runner.check(try monitor(.http(HTTPProbeSpec(url: "http://127.0.0.1:\(server.port)/")), timeout: 0.3))
        #expect(!outcome.passed)
        #expect(outcome.reason == "timed out after 300ms")
    }

    @Test func tcpConnectsOrIsRefused() async throws {
        let server = try await SilentServer()
        defer { Task { await server.stop() } }
        let open = await runner.check(try monitor(.tcp(host: "127.0.0.1", port: server.port)))
        #expect(open.passed)
        #expect(open.result.address == "127.0.0.1")
        let closedPort = try LoopbackPort.free()
        let closed = await runner.check(try monitor(.tcp(host: "127.0.0.1", port: closedPort)))
        #expect(!closed.passed)
        #expect(closed.reason == "connection failed: connection refused")
        let expectedClosed = await runner.check(try monitor(.tcp(host: "127.0.0.1", port: closedPort), ["[CONNECTED] == false"]))
        #expect(expectedClosed.passed, "a monitor may require a port to be closed")
    }

    @Test func tlsCertificateExpiryIsRead() async throws {
        let server = try await LoopbackTLSServer.start(lifetime: 2 * 3600)
        defer { Task { await server.stop() } }
        let soon = await runner.check(try monitor(.tls(host: "127.0.0.1", port: server.port, verify: false),
                                                  ["[CERTIFICATE_EXPIRATION] > 1h", "[CERTIFICATE_EXPIRATION] < 3h"]))
        #expect(soon.passed, "\(soon.conditions) \(soon.reason ?? "")")
        #expect(soon.result.certificateExpiry == server.notValidAfter)
        #expect(soon.result.timings.tls != nil)
        let strict = await runner.check(try monitor(.tls(host: "127.0.0.1", port: server.port, verify: false),
                                                    ["[CERTIFICATE_EXPIRATION] > 48h"]))
        #expect(!strict.passed)
        #expect(strict.reason?.hasPrefix("[CERTIFICATE_EXPIRATION] (") == true)
    }

    @Test func httpsVerifiesUnlessToldNot() async throws {
        let server = try await LoopbackTLSServer.start(lifetime: 3600)
        defer { Task { await server.stop() } }
        let url = "https://127.0.0.1:\(server.port)/"
        let verified = await runner.check(try monitor(.http(HTTPProbeSpec(url: url))))
        #expect(!verified.passed)
        #expect(verified.reason == "TLS certificate not trusted (verification failed)")
        let trusting = await runner.check(try monitor(.http(HTTPProbeSpec(url: url, verifyTLS: false)),
                                                      ["[STATUS] == 200 && [BODY] == secure", "[CERTIFICATE_EXPIRATION] < 2h"]))
        #expect(trusting.passed, "\(trusting.conditions) \(trusting.reason ?? "")")
        let timings = trusting.result.timings
        let connect = try #require(timings.connect), tls = try #require(timings.tls), firstByte = try #require(timings.firstByte)
        #expect(connect <= tls && tls <= firstByte && firstByte <= timings.total)
    }

    @Test func dnsRecordsFromALoopbackResponder() async throws {
        let responder = try await LoopbackDNSResponder(zone: [
            "app.acme.test": [.init(type: 1, data: [192, 0, 2, 10]), .init(type: 1, data: [192, 0, 2, 11])],
            "acme.test": [.init(type: 15, data: [0, 10] + LoopbackDNSResponder.name("mail.acme.test")),
                          .init(type: 16, data: [11] + Array("v=spf1 -all".utf8)),
                          .init(type: 28, data: [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1])],
        ])
        defer { Task { await responder.stop() } }
        let resolver = "127.0.0.1:\(responder.port)"
        let a = await runner.check(try monitor(.dns(DNSProbeSpec(name: "app.acme.test", record: .a, resolver: resolver)),
                                               ["[DNS_RCODE] == NOERROR", "[DNS_ANSWERS] == 192.0.2.11", "len([DNS_ANSWERS]) == 2"]))
        #expect(a.passed, "\(a.conditions) \(a.reason ?? "")")
        #expect(a.result.dnsAnswers == ["192.0.2.10", "192.0.2.11"])
        let mx = await runner.check(try monitor(.dns(DNSProbeSpec(name: "acme.test", record: .mx, resolver: resolver)),
                                                ["[BODY] == \"10 mail.acme.test.\""]))
        #expect(mx.passed, "\(mx.result.dnsAnswers)")
        let txt = await runner.check(try monitor(.dns(DNSProbeSpec(name: "acme.test", record: .txt, resolver: resolver)),
                                                 ["[DNS_ANSWERS] == pat(\"v=spf1*\")"]))
        #expect(txt.passed, "\(txt.result.dnsAnswers)")
        let aaaa = await runner.check(try monitor(.dns(DNSProbeSpec(name: "acme.test", record: .aaaa, resolver: resolver))))
        #expect(aaaa.result.dnsAnswers == ["2001:db8::1"])
        let missing = await runner.check(try monitor(.dns(DNSProbeSpec(name: "nope.acme.test", record: .a, resolver: resolver))))
        #expect(!missing.passed)
        #expect(missing.reason == "[DNS_RCODE] (NXDOMAIN) == NOERROR")
    }

    @Test func healthBodiesNameTheFailedComponent() async throws {
        let failing = #"{"status":"fail","checks":{"postgres:connections":[{"status":"fail","output":"too many clients"}],"redis":[{"status":"pass"}],"queue":[{"status":"warn"}]}}"#
        let server = try await LoopbackHTTPServer.scripted([
            HTTPResponse(status: 200, headers: [("Content-Type", "application/health+json")], body: Array(failing.utf8)),
            HTTPResponse(status: 200, body: Array(#"{"status":"warn","checks":{"queue":[{"status":"warn","output":"slow"}]}}"#.utf8)),
            HTTPResponse(status: 200, body: Array("<html>ok</html>".utf8)),
        ])
        defer { Task { await server.stop() } }
        let health = try monitor(.http(HTTPProbeSpec(url: server.endpoint + "/health")), health: true)
        let down = await runner.check(health)
        #expect(!down.passed)
        #expect(down.reason == "health fail: postgres:connections (fail: too many clients), queue (warn)")
        let warn = await runner.check(health)
        #expect(warn.passed, "warn is not down")
        #expect(warn.health?.summary == "warn: queue (warn: slow)")
        let notHealth = await runner.check(health)
        #expect(!notHealth.passed)
        #expect(notHealth.reason?.contains("not a health document") == true)
    }
}
