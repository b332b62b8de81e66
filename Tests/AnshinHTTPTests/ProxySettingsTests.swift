import AnshinHTTP
import AnshinTesting
import Foundation
import Testing

@Suite("Proxies")
struct ProxyTests {
    @Test("HTTPS_PROXY and HTTP_PROXY by scheme, either case, with credentials that never print")
    func settings() {
        let settings = ProxySettings(environment: ["https_proxy": "http://ana:p%40ss@proxy.corp:3128", "HTTP_PROXY": "plain.corp"])
        let https = settings.proxy(scheme: "https", host: "iam.amazonaws.com")
        #expect(https?.host == "proxy.corp" && https?.port == 3128 && https?.credentials == "ana:p@ss")
        #expect(https.map { "\($0)" } == "[redacted]@proxy.corp:3128")
        var dumped = ""
        dump(settings, to: &dumped)
        #expect(!dumped.contains("p@ss") && !"\(settings)".contains("p@ss"))
        #expect(settings.proxy(scheme: "http", host: "169.254.169.254")?.host == "plain.corp")
        #expect(settings.proxy(scheme: "http", host: "x")?.port == 80)
        #expect(ProxySettings(environment: [:]).proxy(scheme: "https", host: "iam.amazonaws.com") == nil)
    }

    @Test("NO_PROXY: exact hosts, domains with or without a dot, ports ignored, * for everything")
    func noProxy() {
        let settings = ProxySettings(environment: ["HTTPS_PROXY": "proxy:8080", "NO_PROXY": " 169.254.169.254, .internal.corp , amazonaws.com:443"])
        #expect(settings.proxy(scheme: "https", host: "169.254.169.254") == nil)
        #expect(settings.proxy(scheme: "https", host: "api.internal.corp") == nil)
        #expect(settings.proxy(scheme: "https", host: "s3.eu-west-1.amazonaws.com") == nil)
        #expect(settings.proxy(scheme: "https", host: "notamazonaws.com") != nil)
        #expect(settings.proxy(scheme: "https", host: "example.com")?.host == "proxy")
        #expect(ProxySettings(environment: ["HTTPS_PROXY": "proxy:8080", "no_proxy": "*"]).proxy(scheme: "https", host: "a") == nil)
    }

    @Test("requests open a CONNECT tunnel through the proxy, with its credentials; NO_PROXY hosts go direct")
    func throughProxy() async throws {
        // The proxy refuses the tunnel: enough to see that, and how, the request went to it.
        let proxy = try await LoopbackHTTPServer.scripted([HTTPResponse(status: 403)])
        let direct = try await LoopbackHTTPServer.scripted([HTTPResponse(status: 200, body: Array("direct".utf8))])
        defer { Task { await proxy.stop(); await direct.stop() } }
        let proxyURL = "http://ana:proxy-secret@127.0.0.1:\(proxy.port)"
        let transport = HTTPClientTransport(environment: ["HTTPS_PROXY": proxyURL, "HTTP_PROXY": proxyURL, "NO_PROXY": "127.0.0.1"])
        await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(method: "GET", host: "sts.us-east-1.amazonaws.com"), timeout: .seconds(5))
        }
        let connect = try #require(proxy.requests.first)
        #expect(connect.method == "CONNECT" && connect.uri == "sts.us-east-1.amazonaws.com:443")
        #expect(connect.header("Proxy-Authorization") == "Basic " + Data("ana:proxy-secret".utf8).base64EncodedString())
        let directly = try await transport.send(HTTPRequest(method: "GET", scheme: "http", host: "127.0.0.1", port: direct.port), timeout: .seconds(5))
        #expect(directly.text == "direct")
        #expect(proxy.requests.count == 1)
    }
}
