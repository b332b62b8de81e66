import AnshinCore
@testable import AnshinRibbon
import AnshinTesting
import Foundation
import Testing

@Suite struct URLRuleTests {
    @Test(arguments: [
        ("https://app.acme.example", URLRule(scheme: "https", host: "app.acme.example")),
        ("https://App.ACME.example/", URLRule(scheme: "https", host: "app.acme.example")),
        ("https://*.stg.acme.example", URLRule(scheme: "https", host: "stg.acme.example", includesSubdomains: true)),
        ("http://localhost:3000/admin/", URLRule(scheme: "http", host: "localhost", port: 3000, pathPrefix: "/admin")),
        ("https://app.acme.example:443/x?tab=1#top", URLRule(scheme: "https", host: "app.acme.example", pathPrefix: "/x")),
        ("http://10.0.0.5:80", URLRule(scheme: "http", host: "10.0.0.5")),
    ])
    func parses(_ text: String, _ expected: URLRule) throws {
        #expect(try URLRule(parsing: text) == expected)
    }

    @Test(arguments: [
        ("https://a.*.example", "a wildcard may only open the host name"),
        ("https://*", "a wildcard may only open the host name"),
        ("https://*.", "a wildcard may only open the host name"),
        ("http://[::1]:8080", ""),
        ("ftp://files.acme.example", "not an http(s) URL with a host"),
        ("https://app.acme.example/admin*", "a path is a prefix already"),
        ("https://ex ample.com", ""),
        ("https://bücher.example", ""),
        ("https://app..example", "not a plain host name"),
    ])
    func refuses(_ text: String, _ problem: String) {
        do {
            _ = try URLRule(parsing: text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(problem.isEmpty || error.problem.contains(problem), "\(text): \(error.problem)")
        }
    }

    @Test func matchPatternsNameSchemeAndHostOnly() throws {
        #expect(try URLRule(parsing: "https://*.stg.acme.example:8443/admin").matchPattern == "https://*.stg.acme.example/*")
        #expect(try URLRule(parsing: "http://localhost:3000").matchPattern == "http://localhost/*")
    }

    @Test(arguments: [
        ("https://app.acme.example", "https://app.acme.example/", true),
        ("https://app.acme.example", "https://app.acme.example/orders/7?x=1", true),
        ("https://app.acme.example", "https://app.acme.example:443/", true),
        ("https://app.acme.example", "http://app.acme.example/", false),
        ("https://app.acme.example", "https://app.acme.example:8443/", false),
        ("https://app.acme.example", "https://www.app.acme.example/", false),
        ("https://app.acme.example", "https://app.acme.example.evil.example/", false),
        ("https://*.stg.acme.example", "https://stg.acme.example/", true),
        ("https://*.stg.acme.example", "https://a.b.stg.acme.example/", true),
        ("https://*.stg.acme.example", "https://xstg.acme.example/", false),
        ("http://localhost:3000/admin", "http://localhost:3000/admin", true),
        ("http://localhost:3000/admin", "http://localhost:3000/admin/users", true),
        ("http://localhost:3000/admin", "http://localhost:3000/administrator", false),
        ("http://localhost:3000/admin", "http://localhost:3000/", false),
        ("http://localhost:3000/admin", "http://localhost/admin", false),
    ])
    func matches(_ rule: String, _ page: String, _ expected: Bool) throws {
        #expect(try URLRule(parsing: rule).matches(URL(string: page)!) == expected)
    }

    /// Random strings built from URL-ish pieces: parsing never crashes, and whatever parses
    /// matches its own normalised form and produces a valid match pattern.
    @Test func malformedInputIsRefusedOrNormalised() {
        var random = SplitMix64(seed: 21)
        let pieces = ["http", "https", "ftp", "://", ":", "/", "*", ".", "..", "*.", "a", "acme", "example", "-", "8080", "99999",
                      "?", "#", "@", "%", "%2F", " ", "[", "]", "::1", "é", "\u{0}", "admin", "//"]
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 1...9, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            guard let rule = try? URLRule(parsing: text) else { continue }
            #expect(!rule.host.isEmpty && !rule.host.contains("*"), "\(text)")
            #expect(rule.matchPattern.hasSuffix("/*") && rule.matchPattern.hasPrefix(rule.scheme + "://"), "\(text)")
            if let url = URL(string: "\(rule.scheme)://\(rule.host)\(rule.port.map { ":\($0)" } ?? "")\(rule.pathPrefix)") {
                #expect(rule.matches(url), "\(text) does not match its own URL \(url)")
            }
        }
    }
}
