import AnshinHTTP
import AnshinTesting
import Foundation
import Testing

/// The browser driver itself, against pages served on loopback under made-up host names.
@Suite(.serialized) struct HeadlessChromiumTests {
    static let page = """
        <!doctype html><html><head><title>Driver test</title>
        <style>body { margin: 0; background: #ffffff; } #box { position: absolute; left: 100px; top: 100px;
        width: 200px; height: 100px; background: #1565c0; }</style></head>
        <body><div id="box"></div><script>
        window.clicks = [];
        document.getElementById('box').addEventListener('click', (event) => window.clicks.push([event.clientX, event.clientY, event.isTrusted]));
        </script></body></html>
        """

    struct Mixed: Decodable, Equatable, Sendable {
        let number: Int
        let text: String
        let nothing: String?
    }

    @Test func opensEvaluatesClicksAndCaptures() async throws {
        let server = try await LoopbackHTTPServer.start { request in
            HTTPResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")],
                         body: Array((request.path == "/box" ? Self.page : "<title>other</title>").utf8))
        }
        let browser = try await HeadlessChromium.launch(.init(hostRules: ["MAP www.driver.example:80 127.0.0.1:\(server.port)"]))
        defer { browser.close() }
        let page = try await browser.newPage()

        try await page.open("http://www.driver.example/box")
        #expect(try await page.evaluate("document.title") == "Driver test")
        #expect(try await page.evaluate("location.host") == "www.driver.example", "the host name is kept, only resolved to loopback")
        let mixed: Mixed = try await page.evaluate("({ number: 1 + 1, text: 'two', nothing: null })")
        #expect(mixed == Mixed(number: 2, text: "two", nothing: nil), "results come back as JSON, decoded")
        let sum: Int = try await page.evaluate("new Promise(resolve => setTimeout(() => resolve(40 + 2), 10))")
        #expect(sum == 42, "promises are awaited")

        try await page.click(x: 150, y: 120)
        try await page.click(x: 20, y: 20)
        let clicks: [[Double]] = try await page.evaluate("window.clicks.map(c => [c[0], c[1], c[2] ? 1 : 0])")
        #expect(clicks == [[150, 120, 1]], "one trusted click on the box, none outside it")

        let shot = try await page.screenshot("headless-chromium-driver")
        #expect(FileManager.default.fileExists(atPath: shot.url.path))
        #expect(shot.image.width == 1280 && shot.image.height == 800)
        #expect(shot.image.color(x: 150, y: 150).isClose(to: PNGImage.Color(hex: "#1565c0")!), "the box is drawn blue")
        #expect(shot.image.color(x: 50, y: 50).isClose(to: PNGImage.Color(hex: "#ffffff")!), "the page around it white")
        #expect(page.exceptions.isEmpty)
        #expect(server.requests.contains { $0.header("Host") == "www.driver.example" && $0.path == "/box" })
        browser.close()
        await server.stop()
    }

    @Test func pageErrorsAndUnreachablePagesFailClearly() async throws {
        let browser = try await HeadlessChromium.launch(.init(timeout: .seconds(10)))
        defer { browser.close() }
        let page = try await browser.newPage()
        await #expect(throws: HeadlessChromiumError.self) { try await page.open("http://127.0.0.1:1/") }
        do {
            let _: Int = try await page.evaluate("(() => { throw new Error('boom') })()")
            Issue.record("a throwing expression must fail")
        } catch {
            #expect("\(error)".contains("boom"))
        }
        await #expect(throws: HeadlessChromiumError.self) {
            try await page.waitUntil("false", timeout: .milliseconds(200))
        }
    }

    @Test func aClosedBrowserFailsInsteadOfHanging() async throws {
        let browser = try await HeadlessChromium.launch(.init(timeout: .seconds(10)))
        let page = try await browser.newPage()
        browser.close()
        let start = ContinuousClock.now
        await #expect(throws: HeadlessChromiumError.self) { try await page.open("about:blank") }
        #expect(ContinuousClock.now - start < .seconds(5), "fails at once, not at the timeout")
    }
}
