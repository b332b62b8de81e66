@testable import AnshinLogs
import AnshinTesting
import Foundation
import Testing

@Suite(.serialized) struct LogReportTests {
    static let start: Int64 = 1_795_392_000   // 2026-11-23T00:00:00Z
    /// Two weeks; in the second, GET /api/orders/{id} is three times slower and fails 5 % of the time.
    static let aggregate: LogAggregate = {
        let traffic = SyntheticTraffic(start: start, days: 14, perHour: 60, seed: 7, slowFrom: start + 7 * 86400)
        var options = LogAnalysisOptions()
        options.customerKey = .host
        return try! LogAnalyzer.analyze([.bytes(name: "alb.log", Array(traffic.albText.utf8))], format: try! ALBFormat(), options: options)
    }()

    static var report: LogReport {
        LogReport(aggregate, from: start + 7 * 86400, to: start + 14 * 86400, generatedAt: "2026-12-07T08:00:00Z")
    }

    @Test func weekOverWeekFlagsTheRouteThatGotSlower() throws {
        let report = Self.report
        let comparison = try #require(report.comparison)
        #expect(comparison.from == Self.start)
        #expect(comparison.regressions.map(\.name) == ["GET /api/orders/{id}"])
        let change = comparison.regressions[0]
        #expect(change.latencyRegression && change.errorRegression)
        #expect(change.after.p95! > 2.5 * change.before.p95!)
        #expect(report.total.requests == 7 * 24 * 60)
        #expect(report.routes.first?.name == "GET /api/orders/{id}")
        #expect(report.series.count == 6)
        #expect(report.series[0].points.count == 7 * 24)
        #expect(report.customersByTraffic.first?.name == "acme.shop.example")
    }

    @Test func theTerminalSummaryMatchesItsGoldenFile() {
        #expect(Golden.mismatch(Self.report.text(), name: "report.txt", directory: Golden.fixtures("report")) == nil)
    }

    @Test func theHTMLReportMatchesItsGoldenFileAndFetchesNothing() {
        let html = Self.report.html()
        #expect(Golden.mismatch(html, name: "report.html", directory: Golden.fixtures("report")) == nil)
        for pattern in ["<script", "<link", "src=", "@import", "url("] { #expect(!html.contains(pattern), "\(pattern)") }
        #expect(html.components(separatedBy: "<svg").count - 1 == 6 + 1 + 1)
        #expect(html.contains("<tr class=\"regression\"><td>GET /api/orders/{id}</td>"))
    }

    @Test func aReportWithoutAnEarlierPeriodHasNoComparison() {
        let report = LogReport(Self.aggregate, from: Self.start, to: Self.start + 7 * 86400, generatedAt: "x")
        #expect(report.comparison == nil)
        #expect(!report.html().contains("id=\"regressions\""))
    }

    @Test func anEmptyAggregateStillRenders() {
        let report = LogReport(LogAggregate(), generatedAt: "x")
        #expect(report.total.requests == 0)
        #expect(report.text().contains("0 requests"))
        #expect(report.html().contains("</html>"))
    }

    /// The HTML report in real headless Chromium: charts laid out, the regression highlighted, nothing
    /// wider than the window, no script error; a screenshot for people to look at.
    @Test func chromiumLaysTheReportOutAsIntended() async throws {
        let scratch = try TemporaryDirectory()
        let page = scratch.url.appendingPathComponent("report.html")
        try Self.report.html().write(to: page, atomically: true, encoding: .utf8)
        let browser = try await HeadlessChromium.launch(.init(width: 1200, height: 2600))
        defer { browser.close() }
        let tab = try await browser.newPage()
        try await tab.open(page.absoluteString)
        let probe: String = try await tab.evaluate("""
        (() => {
          const charts = Array.from(document.querySelectorAll("svg.chart"));
          const drawn = charts.filter(c => { const r = c.getBoundingClientRect(); return r.width > 200 && r.height > 50; });
          const row = document.querySelector("#regressions tr.regression");
          return [
            "charts=" + charts.length, "drawn=" + drawn.length,
            "lines=" + document.querySelectorAll("svg.chart path").length,
            "highlight=" + getComputedStyle(row.cells[0]).backgroundColor,
            "overflow=" + (document.documentElement.scrollWidth > window.innerWidth),
            "routes=" + document.querySelectorAll("#routes tbody tr").length,
          ].join("|");
        })()
        """)
        #expect(probe == "charts=8|drawn=8|lines=19|highlight=rgb(253, 236, 234)|overflow=false|routes=5")
        let box: [Double] = try await tab.evaluate("""
        (() => { const r = document.querySelector("#regressions tr.regression td").getBoundingClientRect(); return [r.left + 4, r.top + r.height / 2]; })()
        """)
        let shot = try await tab.screenshot("logs-weekly-report")
        #expect(shot.image.color(x: Int(box[0]), y: Int(box[1])).isClose(to: PNGImage.Color(hex: "#fdecea")!), "the regression row is drawn highlighted")
        #expect(tab.exceptions.isEmpty)
    }
}
