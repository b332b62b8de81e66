import AnshinCore
import AnshinHTTP
@testable import AnshinRibbon
import AnshinTesting
import Foundation
import Testing

/// The built extension in real headless Chromium: every host name resolves to a loopback HTTP
/// server, whose page tries hard to get in the ribbon's way (CSS aimed at it, a layer of its own
/// at a huge z-index, a button under the ribbon, client-side routing).
@Suite(.serialized, SharedRibbonBrowser()) struct RibbonChromiumTests {
    static let page = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Acme</title>
        <style>
          anshin-ribbon, anshin-ribbon * { display: none !important; --color: #00ff00 !important; --text: #00ff00 !important; }
          div { background: #00ff00 !important; font-size: 40px !important; }
          body { margin: 0; font: 16px sans-serif; background: #ffffff; }
          #bar { position: fixed; top: 0; left: 0; right: 0; height: 60px; background: #fafafa; z-index: 999999; }
          #menu { position: fixed; left: 0; top: 0; width: 140px; height: 140px; border: 0; background: #eeeeee; z-index: 1000000; }
          main { padding: 160px 20px; }
        </style></head>
        <body>
        <header id="bar"></header>
        <button id="menu">Menu</button>
        <main id="view"><h1>Home</h1></main>
        <script>
          window.menuClicks = 0;
          document.getElementById('menu').addEventListener('click', () => { window.menuClicks += 1; });
          window.route = (path, title) => {
            history.pushState({}, '', path);
            document.getElementById('view').innerHTML = '<h1>' + title + '</h1>';
            document.title = title;
          };
        </script>
        </body></html>
        """

    /// What the ribbon looks like in the page, read through its open shadow root.
    struct Drawn: Decodable, Sendable, Equatable {
        var environment: String
        var label: String
        var background: String
        var color: String
        var hostDisplay: String
        var hostPointerEvents: String
        var bandPointerEvents: String
        var zIndex: String
        var fontSize: String
        var connected: Bool
    }

    static let readRibbon = """
        (() => {
          const host = document.querySelector('anshin-ribbon');
          if (!host || !host.shadowRoot) return null;
          const band = host.shadowRoot.querySelector('.band');
          const hostStyle = getComputedStyle(host), bandStyle = getComputedStyle(band);
          return { environment: host.dataset.environment, label: band.textContent, background: bandStyle.backgroundColor,
                   color: bandStyle.color, hostDisplay: hostStyle.display, hostPointerEvents: hostStyle.pointerEvents,
                   bandPointerEvents: bandStyle.pointerEvents, zIndex: hostStyle.zIndex, fontSize: bandStyle.fontSize,
                   connected: host.isConnected };
        })()
        """

    /// A point on the band but clear of its label, and one on the top edge.
    static let onBand = (x: 10, y: 95)
    static let onEdge = (x: 640, y: 1)

    @Test(arguments: [
        ("http://app.acme.example/", "prd", "PRODUCTION", "#c62828", "rgb(198, 40, 40)", "rgb(255, 255, 255)", "ribbon-production"),
        ("http://web.stg.acme.example/orders", "stg", "STAGING", "#ef6c00", "rgb(239, 108, 0)", "rgb(0, 0, 0)", "ribbon-staging"),
        ("http://stg.acme.example/", "stg", "STAGING", "#ef6c00", "rgb(239, 108, 0)", "rgb(0, 0, 0)", "ribbon-staging-apex"),
        ("http://app.acme.example/ops/queues", "ops", "OPS", "#2e7d32", "rgb(46, 125, 50)", "rgb(255, 255, 255)", "ribbon-ops-path"),
        ("http://dev.acme.example:3000/", "dev", "DEV", "#455a64", "rgb(69, 90, 100)", "rgb(255, 255, 255)", "ribbon-dev-default"),
    ])
    func drawsTheEnvironmentsRibbon(_ url: String, _ environment: String, _ label: String, _ hex: String, _ background: String,
                                    _ text: String, _ screenshot: String) async throws {
        let session = try #require(SharedRibbonBrowser.current)
        let (page, drawn) = try await session.open(url, expecting: environment)
        #expect(drawn == Drawn(environment: environment, label: label, background: background, color: text, hostDisplay: "block",
                               hostPointerEvents: "none", bandPointerEvents: "none", zIndex: "2147483647", fontSize: "12px",
                               connected: true),
                "the page's CSS against anshin-ribbon and every div changed nothing")
        let shot = try await page.screenshot(screenshot)
        let color = try #require(PNGImage.Color(hex: hex))
        #expect(shot.image.color(x: Self.onBand.x, y: Self.onBand.y).isClose(to: color), "the band is drawn above the page's own layers")
        #expect(shot.image.color(x: Self.onEdge.x, y: Self.onEdge.y).isClose(to: color), "and so is the top edge")
        #expect(shot.image.color(x: 640, y: 30).isClose(to: PNGImage.Color(hex: "#fafafa")!), "the page shows below the edge")
        let title: String = try await page.evaluate("document.title")
        #expect(title == (environment == "prd" ? "[PRD] Acme" : "Acme"), "only production asks for a title prefix")
        #expect(page.exceptions.isEmpty, "\(page.exceptions)")
        try await page.close()
    }

    @Test(arguments: [
        ("http://demo.stg.acme.example/", true, "ribbon-demo-nothing"),
        ("http://www.unrelated.example/", false, "ribbon-unrelated-nothing"),
        ("http://dev.acme.example/", true, "ribbon-dev-wrong-port"),
        ("http://app.acme.example:8080/", true, "ribbon-production-wrong-port"),
        ("http://app.acme.example.unrelated.example/", false, "ribbon-lookalike-host"),
    ])
    func drawsNothingElsewhere(_ url: String, _ injected: Bool, _ screenshot: String) async throws {
        let session = try #require(SharedRibbonBrowser.current)
        let (page, drawn) = try await session.open(url, expecting: nil)
        if injected {
            // The script runs here (document_end comes before the load event the page waited
            // for) because a wildcard or the host covers the page, and decides to draw nothing.
            #expect(session.injected(page), "the content script ran")
        } else {
            #expect(!session.injected(page), "the extension is not even injected into unrelated sites")
        }
        #expect(drawn == nil)
        #expect(try await page.evaluate("document.querySelector('anshin-ribbon') === null", as: Bool.self))
        #expect(try await page.evaluate("document.title", as: String.self) == "Acme")
        let shot = try await page.screenshot(screenshot)
        #expect(shot.image.color(x: Self.onBand.x, y: Self.onBand.y).isClose(to: PNGImage.Color(hex: "#eeeeee")!), "only the page's button")
        #expect(shot.image.color(x: Self.onEdge.x, y: Self.onEdge.y).isClose(to: PNGImage.Color(hex: "#fafafa")!))
        try await page.close()
    }

    @Test func aClickOnTheCoveredCornerReachesThePage() async throws {
        let session = try #require(SharedRibbonBrowser.current)
        let (page, drawn) = try await session.open("http://app.acme.example/", expecting: "prd")
        #expect(drawn?.label == "PRODUCTION")
        #expect(try await page.evaluate("document.elementFromPoint(\(Self.onBand.x), \(Self.onBand.y)).id", as: String.self) == "menu")
        try await page.click(x: Double(Self.onBand.x), y: Double(Self.onBand.y))
        try await page.click(x: 52, y: 53)  // the middle of the label
        #expect(try await page.evaluate("window.menuClicks", as: Int.self) == 2, "both clicks went through the ribbon to the button")
        try await page.close()
    }

    @Test func theRibbonFollowsClientSideNavigation() async throws {
        let session = try #require(SharedRibbonBrowser.current)
        let (page, drawn) = try await session.open("http://app.acme.example/", expecting: "prd")
        #expect(drawn?.label == "PRODUCTION")

        try await page.evaluate("window.route('/orders', 'Orders')", as: String?.self)
        try await page.waitUntil("document.title === '[PRD] Orders'")
        #expect(try await page.evaluate(Self.readRibbon, as: Drawn?.self)?.label == "PRODUCTION", "a route change inside production keeps the ribbon")

        try await page.evaluate("window.route('/ops', 'Ops')", as: String?.self)
        try await page.waitUntil("document.querySelector('anshin-ribbon')?.dataset.environment === 'ops'")
        #expect(try await page.evaluate(Self.readRibbon, as: Drawn?.self)?.background == "rgb(46, 125, 50)")
        try await page.waitUntil("document.title === 'Ops'")
        try await page.screenshot("ribbon-after-route-change")

        try await page.evaluate("history.back()", as: String?.self)
        try await page.waitUntil("document.querySelector('anshin-ribbon')?.dataset.environment === 'prd'")
        try await page.waitUntil("document.title === '[PRD] Ops'", timeout: .seconds(5))  // the page keeps its title; the prefix returns

        try await page.evaluate("location.hash = 'details'", as: String?.self)
        try await page.evaluate(
            "document.documentElement.innerHTML = '<head><title>Rebuilt</title></head><body><p>all new</p></body>'", as: String?.self)
        try await page.waitUntil("document.querySelector('anshin-ribbon')?.isConnected === true")
        try await page.waitUntil("document.title === '[PRD] Rebuilt'")
        #expect(try await page.evaluate(Self.readRibbon, as: Drawn?.self)?.label == "PRODUCTION",
                "the ribbon comes back when the page replaces everything under <html>")
        #expect(page.exceptions.isEmpty, "\(page.exceptions)")
        try await page.close()
    }

    @Test func chromeDerivesTheSameExtensionID() async throws {
        let session = try #require(SharedRibbonBrowser.current)
        let (page, _) = try await session.open("http://app.acme.example/", expecting: "prd")
        let origins = page.executionContexts.map(\.origin).filter { $0.hasPrefix("chrome-extension://") }
        #expect(origins == ["chrome-extension://\(session.build.extensionID)"], "the manifest's key fixes the id Chrome gives it")
        try await page.close()
    }
}

/// One browser for the whole suite, closed after its last test; each test opens tabs of its own.
struct SharedRibbonBrowser: SuiteTrait, TestScoping {
    @TaskLocal static var current: RibbonBrowserSession?

    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        let session = try await RibbonBrowserSession()
        do {
            try await Self.$current.withValue(session) { try await function() }
        } catch {
            await session.close()
            throw error
        }
        await session.close()
    }
}

/// Builds the extension from `Fixtures/browser/anshin.yml` and opens a browser with it.
final class RibbonBrowserSession: Sendable {
    let repository: TemporaryDirectory
    let server: LoopbackHTTPServer
    let browser: HeadlessChromium
    let build: ExtensionBuild

    init() async throws {
        repository = try TemporaryDirectory()
        try repository.write("anshin.yml", String(contentsOf: Golden.fixtures("browser", "anshin.yml"), encoding: .utf8))
        let out = repository.url.appendingPathComponent("out")
        build = try RibbonBuilder.build(catalog: EnvironmentCatalog.load(root: repository.url),
                                        options: .init(root: repository.url, output: out)).build
        server = try await LoopbackHTTPServer.start { _ in
            HTTPResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: Array(RibbonChromiumTests.page.utf8))
        }
        browser = try await HeadlessChromium.launch(.init(extensions: [out.appendingPathComponent("extension")],
                                                          hostRules: ["MAP * 127.0.0.1:\(server.port)"]))
    }

    func close() async {
        browser.close()
        await server.stop()
    }

    /// Opens `url` and waits until the ribbon is drawn (or, for `nil`, until the content
    /// script has run or was never injected), returning what is drawn.
    func open(_ url: String, expecting environment: String?) async throws -> (ChromiumPage, RibbonChromiumTests.Drawn?) {
        let page = try await browser.newPage()
        try await page.open(url)
        if let environment {
            try await page.waitUntil("document.querySelector('anshin-ribbon')?.dataset.environment === '\(environment)'")
        }
        let drawn: RibbonChromiumTests.Drawn? = try await page.evaluate(RibbonChromiumTests.readRibbon)
        return (page, drawn)
    }

    /// Whether the extension's content script runs in the page at all.
    func injected(_ page: ChromiumPage) -> Bool {
        page.executionContexts.contains { $0.origin == "chrome-extension://\(build.extensionID)" }
    }
}
