import AnshinAWS
import AnshinCore
import AnshinTesting
import Foundation
import Testing
@testable import AnshinAudit

/// The diagram as users see it: acme's production laid out by Graphviz, in the HTML page, opened
/// in real headless Chromium. The DOM must hold every resource exactly once, no two boxes may
/// overlap, and every badge must link to its findings.
@Suite struct DiagramChromiumTests {
    @Test func acmeProductionPageInChromium() async throws {
        let (diagram, audit) = try DiagramTests.acmeDiagram("prd")
        let html = diagram.html(svg: try GraphvizLayout.svg(diagram.dot(links: true)))
        let scratch = try TemporaryDirectory()
        let page = scratch.url.appendingPathComponent("diagram.html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        #expect(!html.contains("http://") || !html.contains("src=\"http"), "nothing is fetched")
        #expect(!html.contains("<script"))

        let browser = try await HeadlessChromium.launch(.init(width: 1800, height: 1100))
        defer { browser.close() }
        let tab = try await browser.newPage()
        try await tab.open(page.absoluteString)
        let seen = try await Self.probe(tab)
        #expect(seen.ids == diagram.nodes.map(\.id).sorted(), "one box per node, each once")
        #expect(seen.resources == audit.inventories.reduce(0) { $0 + $1.inventory.resourceCount }, "every resource of the inventory, groups counted")
        #expect(seen.overlaps.isEmpty, "overlapping boxes: \(seen.overlaps)")
        #expect(seen.empty == 0)
        #expect(seen.badged == diagram.nodes.filter { !$0.findings.isEmpty }.map(\.id).sorted(), "a badge on every box with findings, none elsewhere")
        #expect(seen.targets.isEmpty, "badges that link nowhere: \(seen.targets)")
        #expect(seen.vpcs == diagram.containers.filter { $0.parent == nil }.count && seen.vpcs == 1)
        // The public and private subnets, each a box inside the VPC's.
        #expect(seen.subnets == diagram.containers.filter { $0.parent != nil }.map { "cluster_" + $0.id } && seen.subnets.count == 2)
        #expect(seen.flows == diagram.edges.count && seen.flows > 0)
        #expect(seen.requests == diagram.edges.filter { $0.kind == .requests }.count && seen.requests >= 6)

        // A real click on the database's badge moves to its findings.
        let node = try #require(diagram.nodes.first { $0.members.contains("metabase:aws_db_instance.metabase") })
        #expect(node.severity == .high)
        let point: [Double] = try await tab.evaluate("""
        new Promise(done => {
          const a = document.querySelector("#\(node.id) a");
          a.scrollIntoView({block: "center", inline: "center"});
          requestAnimationFrame(() => requestAnimationFrame(() => {
            const r = a.querySelector("polygon").getBoundingClientRect();
            done([r.left + r.width / 2, r.top + r.height / 2, r.left + 3]);
          }));
        })
        """)
        let shot = try await tab.screenshot("diagram-acme-prd")
        #expect(shot.image.color(x: Int(point[2]), y: Int(point[1])).isClose(to: PNGImage.Color(hex: InfrastructureDiagram.badgeColor(.high))!),
                "the badge is drawn in the high severity colour (at \(point))")
        try await tab.click(x: point[0], y: point[1])
        try await tab.waitUntil("location.hash === '#findings-\(node.id)'")
        let listed: [String] = try await tab.evaluate("Array.from(document.querySelectorAll('#findings-\(node.id) code')).map(c => c.textContent)")
        #expect(listed.sorted() == node.findings.map(\.ruleID).sorted())
        #expect(tab.exceptions.isEmpty)
    }

    /// A live account running a web service (moto), drawn with the live audit's findings: every
    /// resource once, nothing overlapping, the subnets and the request path on the page.
    @Test func liveWebServicePageInChromium() async throws {
        let seeded = try MotoAccount.seed(web: true)
        let client = try AWSClient.configured(environment: seeded.environment, homeDirectory: AWSLiveAuditTests.home)
        let live = try await AWSAudit.read(client: client, options: .init(regions: ["us-east-1"], clock: Clock(now: Date())))
        let findings = AWSAudit.evaluate(live)
        let diagram = InfrastructureDiagram(title: "live", sources: [.init(inventory: live.inventory)], findings: findings)
        let html = diagram.html(svg: try GraphvizLayout.svg(diagram.dot(links: true)))
        let scratch = try TemporaryDirectory()
        let page = scratch.url.appendingPathComponent("live.html")
        try html.write(to: page, atomically: true, encoding: .utf8)

        let browser = try await HeadlessChromium.launch(.init(width: 1800, height: 1100))
        defer { browser.close() }
        let tab = try await browser.newPage()
        try await tab.open(page.absoluteString)
        let seen = try await Self.probe(tab)
        #expect(seen.ids == diagram.nodes.map(\.id).sorted(), "one box per node, each once")
        #expect(seen.resources == live.inventory.resourceCount, "every resource of the account, groups counted")
        #expect(seen.overlaps.isEmpty, "overlapping boxes: \(seen.overlaps)")
        #expect(seen.empty == 0)
        #expect(seen.badged == diagram.nodes.filter { !$0.findings.isEmpty }.map(\.id).sorted() && !seen.badged.isEmpty)
        #expect(seen.targets.isEmpty, "badges that link nowhere: \(seen.targets)")
        #expect(seen.subnets == diagram.containers.filter { $0.parent != nil }.map { "cluster_" + $0.id } && seen.subnets.count >= 2,
                "the web VPC's public and private subnets, the default VPC's: \(seen.subnets)")
        #expect(seen.requests == diagram.edges.filter { $0.kind == .requests }.count && seen.requests >= 4)
        _ = try await tab.screenshot("diagram-live-web")
        #expect(tab.exceptions.isEmpty)
    }

    struct Probe: Decodable {
        var ids: [String]; var resources: Int; var overlaps: [String]; var empty: Int; var badged: [String]
        var targets: [String]; var vpcs: Int; var subnets: [String]; var flows: Int; var requests: Int
    }

    /// What the page shows: the boxes, the resources they count, overlaps, badges and their
    /// links, containers and edges.
    static func probe(_ tab: ChromiumPage) async throws -> Probe {
        let probe: String = try await tab.evaluate("""
        (() => {
          const nodes = Array.from(document.querySelectorAll("svg g.node.resource"));
          const members = nodes.map(n => Number(Array.from(n.classList).find(c => c.startsWith("members-")).slice(8)));
          const boxes = nodes.map(n => n.getBoundingClientRect());
          let overlaps = [];
          for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i], b = boxes[j];
            if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps.push(nodes[i].id + "/" + nodes[j].id);
          }
          const badges = Array.from(document.querySelectorAll("svg g.node a"));
          const targets = badges.map(a => a.getAttribute("href") || a.getAttribute("xlink:href"));
          return JSON.stringify({
            ids: nodes.map(n => n.id).sort(),
            resources: members.reduce((s, m) => s + m, 0),
            overlaps: overlaps,
            empty: boxes.filter(b => b.width < 20 || b.height < 10).length,
            badged: badges.map(a => a.closest("g.node").id).sort(),
            targets: targets.filter(t => !(t.startsWith("#findings-") && document.getElementById(t.slice(1)))),
            vpcs: Array.from(document.querySelectorAll("svg g.cluster.vpc")).length,
            subnets: Array.from(document.querySelectorAll("svg g.cluster.subnets")).map(g => g.querySelector("title").textContent),
            flows: document.querySelectorAll("svg g.edge.flow").length,
            requests: document.querySelectorAll("svg g.edge.flow.requests").length,
          });
        })()
        """)
        return try JSONDecoder().decode(Probe.self, from: Data(probe.utf8))
    }
}
