import AnshinCore
import AnshinTesting
@testable import AnshinGitHub
import Foundation
import Testing

/// The HTML board, looked at in real headless Chromium: one column per pillar, security first,
/// side by side on a wide screen and stacked on a narrow one, titles shown as text, links to
/// GitHub, severity badges in the labels' colours.
@Suite struct IssueBoardHTMLTests {
    /// anshin's issues for the samples (a critical and a high security group, a medium
    /// reliability one), plus issues filed by hand, one of them with markup in its title.
    static let issues: [GitHubIssue] = {
        let plan = IssueSync.planFromScratch([Samples.versioning("prd"), Samples.publicDatabase(), Samples.secret()])
        var issues = plan.creates.enumerated().map { index, draft in
            GitHubIssue(number: index + 1, title: draft.title, body: draft.body(), state: "open", labels: draft.labels,
                        user: "anshin-bot", htmlUrl: "https://github.com/acme/app/issues/\(index + 1)")
        }
        issues.append(GitHubIssue(number: 4, title: "Backups are untested", body: "Restore one.", state: "open", labels: ["reliability"],
                                  htmlUrl: "https://github.com/acme/app/issues/4"))
        issues.append(GitHubIssue(number: 5, title: "Rotate <img src=x onerror=\"document.title='owned'\"> keys & tokens", body: nil,
                                  state: "open", labels: ["security", "severity:high"], htmlUrl: "javascript:alert(1)"))
        issues.append(GitHubIssue(number: 6, title: "Idle NAT gateway in stg", body: nil, state: "open", labels: ["cost", "severity:low"],
                                  htmlUrl: "https://github.com/acme/app/issues/6"))
        issues.append(GitHubIssue(number: 7, title: "Unlabelled chore", body: nil, state: "open", labels: []))
        issues.append(GitHubIssue(number: 8, title: "Closed long ago", body: nil, state: "closed", labels: ["security"]))
        return issues
    }()

    static let board = IssueBoard(issues: issues)

    /// Opens the board in a browser `width` pixels wide.
    func open(width: Int) async throws -> (HeadlessChromium, ChromiumPage) {
        let scratch = try TemporaryDirectory()
        let page = scratch.url.appendingPathComponent("board.html")
        try Self.board.renderHTML(repository: "acme/app").write(to: page, atomically: true, encoding: .utf8)
        let browser = try await HeadlessChromium.launch(.init(width: width, height: 900))
        let tab = try await browser.newPage()
        try await tab.open(page.absoluteString)
        return (browser, tab)
    }

    @Test func wideScreenShowsOneColumnPerPillarSecurityFirst() async throws {
        let (browser, tab) = try await open(width: 1280)
        defer { browser.close() }
        let probe: String = try await tab.evaluate("""
        (() => {
          const sections = Array.from(document.querySelectorAll("section.pillar"));
          const boxes = sections.map(s => s.getBoundingClientRect());
          const cards = id => Array.from(document.querySelectorAll("#" + id + " li.issue")).map(li => li.dataset.number).join(",");
          return [
            "columns=" + sections.map(s => s.id).join(","),
            "sideBySide=" + boxes.every((b, i) => i == 0 || (b.left > boxes[i - 1].right && Math.abs(b.top - boxes[0].top) < 1)),
            "security=" + cards("pillar-security"), "reliability=" + cards("pillar-reliability"), "cost=" + cards("pillar-cost"),
            "byHand=" + Array.from(document.querySelectorAll("li.by-hand")).map(li => li.dataset.number).join(","),
            "images=" + document.images.length, "title=" + document.title,
            "links=" + Array.from(document.querySelectorAll("a.number")).map(a => a.getAttribute("href").split("/").pop()).join(","),
            "counts=" + Array.from(document.querySelectorAll("#counts tbody tr")).map(r => Array.from(r.cells).map(c => c.textContent).join(" ")).join(";"),
            "overflow=" + (document.documentElement.scrollWidth > window.innerWidth),
          ].join("|");
        })()
        """)
        #expect(probe == [
            "columns=pillar-security,pillar-reliability,pillar-cost", "sideBySide=true",
            "security=1,2,5", "reliability=3,4", "cost=6", "byHand=5,4,6", "images=0", "title=Open issues of acme/app by pillar",
            "links=1,2,3,4,6",
            "counts=Security 1 2 0 0 0 0 3;Reliability 0 0 1 0 0 1 2;Cost Optimization 0 0 0 1 0 0 1",
            "overflow=false",
        ].joined(separator: "|"))
        let markup: String = try await tab.evaluate(#"document.querySelector("li[data-number='5'] .title").textContent"#)
        #expect(markup.hasPrefix("Rotate <img src=x"), "a title's markup is shown as text, never run")

        let badge: [Double] = try await tab.evaluate("""
        (() => { const r = document.querySelector("li[data-number='1'] .severity").getBoundingClientRect(); return [r.left + 3, r.top + r.height / 2]; })()
        """)
        let shot = try await tab.screenshot("issue-board-wide")
        #expect(shot.image.color(x: Int(badge[0]), y: Int(badge[1])).isClose(to: PNGImage.Color(hex: "#5c0011")!),
                "the critical badge has the severity:critical label's colour")
        #expect(tab.exceptions.isEmpty)
    }

    @Test func narrowScreenStacksTheColumnsInTheSameOrder() async throws {
        let (browser, tab) = try await open(width: 420)
        defer { browser.close() }
        let probe: String = try await tab.evaluate("""
        (() => {
          const boxes = Array.from(document.querySelectorAll("section.pillar")).map(s => s.getBoundingClientRect());
          return [
            "stacked=" + boxes.every((b, i) => i == 0 || b.top >= boxes[i - 1].bottom),
            "overflow=" + (document.documentElement.scrollWidth > window.innerWidth),
          ].join("|");
        })()
        """)
        #expect(probe == "stacked=true|overflow=false")
        try await tab.screenshot("issue-board-narrow")
    }

    @Test func anEmptyBoardSaysSo() {
        let html = IssueBoard(issues: []).renderHTML(repository: "acme/<app>")
        #expect(html.contains("No open issue has a pillar label."))
        #expect(html.contains("acme/&lt;app&gt;") && !html.contains("<app>"))
    }
}
