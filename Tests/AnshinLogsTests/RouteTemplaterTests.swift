@testable import AnshinLogs
import Foundation
import Testing

@Suite struct RouteTemplaterTests {
    func template(_ method: String, _ path: String) -> String {
        let line = Array("\(method) \(path)".utf8)
        var output: [UInt8] = []
        line.withUnsafeBufferPointer { bytes in
            RouteTemplater.template(bytes, method: Span(0, method.utf8.count),
                                    path: Span(method.utf8.count + 1, line.count), into: &output)
        }
        return String(decoding: output, as: UTF8.self)
    }

    @Test(arguments: [
        ("/users/123/orders/9f1c2d3e4b5a69788899aabbccddeeff", "GET /users/{id}/orders/{id}"),
        ("/users/123/orders/9f1c2d3e-4b5a-6978-8899-aabbccddeeff", "GET /users/{id}/orders/{id}"),
        ("/api/v1/health", "GET /api/v1/health"),
        ("/api/v2/users/42/", "GET /api/v2/users/{id}"),
        ("/reports/2024-01-31", "GET /reports/{id}"),
        ("/files/report.pdf", "GET /files/report.pdf"),
        ("/t/eyJhbGciOiJIUzI1NiJ9abc123XYZ/confirm", "GET /t/{id}/confirm"),
        ("/commits/da39a3ee5e6b4b0d3255bfef95601890afd80709", "GET /commits/{id}"),
        ("/", "GET /"),
        ("", "GET /"),
        ("//double//slashes", "GET /double/slashes"),
        ("/users/me", "GET /users/me"),
        ("/0deadbeefcafebabe", "GET /{id}"),
        ("/deadbeefcafebabe", "GET /deadbeefcafebabe"),
        ("/facebook-integration", "GET /facebook-integration"),
    ])
    func segmentsThatIdentifyBecomeId(_ path: String, _ expected: String) {
        #expect(template("GET", path) == expected)
    }

    @Test func aMissingOrOverlongMethodIsADash() {
        #expect(template("", "/a") == "- /a")
        #expect(template(String(repeating: "X", count: 40), "/a") == "- /a")
    }

    @Test func explicitPatternsNameTheRoute() throws {
        let templater = try RouteTemplater(patterns: ["/files/{name}", "GET /users/{userId}/orders/{orderId}", "/static/**"])
        #expect(templater.match(route: "GET /files/report.pdf") == "GET /files/{name}")
        #expect(templater.match(route: "GET /users/{id}/orders/{id}") == "GET /users/{userId}/orders/{orderId}")
        #expect(templater.match(route: "POST /users/{id}/orders/{id}") == nil)
        #expect(templater.match(route: "GET /static/css/site.css") == "GET /static/**")
        #expect(templater.match(route: "GET /files/a/b") == nil)
        #expect(throws: LogConfigurationError.self) { try RouteTemplater(patterns: ["files/{name}"]) }
    }

    @Test func openAPIPathsBecomePatterns() throws {
        let yaml = """
        openapi: 3.0.3
        info: { title: Shop, version: "1" }
        servers:
          - url: https://api.example.com/v1
        paths:
          /products/{sku}:
            get: { responses: { "200": { description: ok } } }
          /carts/{cartId}/items:
            post: { responses: { "201": { description: ok } } }
        """
        let patterns = try RouteTemplater.openAPIPatterns(document: yaml, file: "shop.yaml")
        #expect(Set(patterns) == ["/v1/products/{sku}", "/v1/carts/{cartId}/items"])
        let templater = try RouteTemplater(patterns: patterns)
        #expect(templater.match(route: "GET /v1/products/ABC-123") == "GET /v1/products/{sku}")
        #expect(throws: LogConfigurationError.self) { try RouteTemplater.openAPIPatterns(document: "a: [", file: "bad.yaml") }
        #expect(throws: LogConfigurationError.self) { try RouteTemplater.openAPIPatterns(document: "openapi: 3.0.0", file: "nopaths.yaml") }
    }

    func pages(_ distinct: Int, busy: Int) -> String {
        var text = ""
        for n in 0..<distinct { text += #"10.0.0.1 - - [30/Nov/2026:22:23:00 +0000] "GET /page-\#(n)-x HTTP/1.1" 200 1 "-" "-""# + "\n" }
        for _ in 0..<busy { text += #"10.0.0.1 - - [30/Nov/2026:22:23:00 +0000] "GET /busy HTTP/1.1" 200 1 "-" "-""# + "\n" }
        return text
    }

    @Test func theBusiestRoutesAreKeptAndTheRestCountAsOther() throws {
        var options = LogAnalysisOptions()
        options.routeLimit = 10
        let aggregate = try LogAnalyzer.analyze([.bytes(name: "a", Array(pages(30, busy: 20).utf8))], format: try AccessLogFormat.nginx(), options: options)
        #expect(aggregate.routes.count == 11)
        #expect(aggregate.routes["GET /busy"]?.values.first?.count == 20)
        #expect(aggregate.routes[LogAggregate.otherRoute]?.values.first?.count == 21)
    }

    @Test func routesPastTheWorkingCapCountAsOtherFromTheStart() throws {
        var options = LogAnalysisOptions()
        options.routeLimit = 10
        // Each worker keeps at most 4 × the limit of distinct templates while reading.
        let aggregate = try LogAnalyzer.analyze([.bytes(name: "a", Array(pages(100, busy: 5).utf8))], format: try AccessLogFormat.nginx(), options: options)
        #expect(aggregate.routes.count == 11)
        let total = aggregate.routes.values.flatMap(\.values).reduce(UInt64(0)) { $0 + $1.count }
        #expect(total == 105)
        #expect(aggregate.routes[LogAggregate.otherRoute]!.values.first!.count >= 60)
    }
}
