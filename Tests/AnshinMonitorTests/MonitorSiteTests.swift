import AnshinHTTP
@testable import AnshinMonitor
import AnshinStore
import AnshinTesting
import Foundation
import Testing

/// The monitor's web server on loopback: its pages looked at in real headless Chromium
/// (screenshots in test-output/screenshots), its API and metrics over HTTP.
@Suite(.serialized) struct MonitorSiteTests {
    /// 2026-12-07 12:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_796_644_800)
    static let token = "test-token-0123456789"

    /// A store with 90 days of history for a few monitors and 1,500 more that make the dashboard paginate.
    final class Fixture: Sendable {
        let folder: TemporaryDirectory
        let history: MonitorStore
        let monitors: [Monitor]
        let server: Task<Void, any Error>
        let port: Int

        var base: String { "http://127.0.0.1:\(port)" }

        init(folder: TemporaryDirectory, history: MonitorStore, monitors: [Monitor], server: Task<Void, any Error>, port: Int) {
            self.folder = folder
            self.history = history
            self.monitors = monitors
            self.server = server
            self.port = port
        }

        func stop() async {
            server.cancel()
            _ = await server.result
            await history.store.close()
        }
    }

    static func fixture() async throws -> Fixture {
        let folder = try TemporaryDirectory()
        let history = try await MonitorStore.open(try await Store.open("sqlite:\(folder.path)/history.db"))
        var api = Monitor(name: "api/prd", group: "Backend", environment: "prd",
                          probe: .http(HTTPProbeSpec(url: "https://api.acme.example/healthz")), interval: 60)
        api.slo = ServiceLevelObjective(objective: 0.999, window: 30 * 86400)
        let jobs = Monitor(name: "jobs", group: "Backend", probe: .tcp(host: "jobs.internal", port: 5432), interval: 30)
        var web = Monitor(name: "web", group: "Frontend", probe: .http(HTTPProbeSpec(url: "https://acme.example/")), interval: 60)
        web.maintenance = [.weekly(weekday: 1, minute: 120, duration: 3600)]
        let fleet = (1...1500).map { index in
            Monitor(name: String(format: "edge-%04d", index), group: "Fleet",
                    probe: .http(HTTPProbeSpec(url: "https://edge\(index).acme.example/")), interval: 300)
        }
        let monitors = [api, jobs, web] + fleet
        let millis = MonitorStore.milliseconds(now)
        let day: Int64 = 86_400_000
        var records: [MonitorStore.Record] = []
        // api/prd: one check a day for 90 days; day 80 has three failures (a bad day), day 85 one
        // failure in 32 (a partial day); an hour of checks a minute with latency rising, for the chart.
        for index in 0..<90 {
            let at = millis - Int64(89 - index) * day - 3_600_000 * 7
            records.append(.init(monitor: "api/prd", at: at, passed: true, latency: 40))
            if index == 80 {
                for extra in 1...3 { records.append(.init(monitor: "api/prd", at: at + Int64(extra) * 1000, passed: false, latency: 900)) }
            }
            if index == 85 {
                for extra in 1...31 { records.append(.init(monitor: "api/prd", at: at + Int64(extra) * 1000, passed: extra != 1, latency: 40)) }
            }
        }
        for minute in 0..<60 {
            records.append(.init(monitor: "api/prd", at: millis - Int64(60 - minute) * 60_000, passed: true,
                                 latency: 20 + Double(minute), status: 200))
        }
        // jobs: down for the last 20 minutes.
        for minute in 0..<20 {
            records.append(.init(monitor: "jobs", at: millis - Int64(20 - minute) * 60_000, passed: false, latency: 3000,
                                 reason: "connection failed: timed out"))
        }
        records += fleet.map { .init(monitor: $0.name, at: millis - 60_000, passed: true, latency: 5) }
        try await history.write(records, worker: "fixture", on: history.store)
        try await history.save(fleet.map { StoredState(monitor: $0.name, state: .init(health: .up, due: now), checkedAt: millis - 60_000,
                                                       passed: true, latency: 5, status: 200) }
            + [StoredState(monitor: "api/prd", state: .init(health: .up, due: now), checkedAt: millis - 60_000, passed: true,
                           latency: 79, status: 200),
               StoredState(monitor: "jobs", state: .init(health: .down, failuresInARow: 20, due: now,
                                                         downSince: now.addingTimeInterval(-1200), reason: "connection failed: timed out"),
                           checkedAt: millis - 60_000, passed: false, latency: 3000)],
            on: history.store)
        try await history.openIncident("jobs", at: millis - 1_200_000, reason: "connection failed: timed out", on: history.store)
        try await history.addSilence(Silence(id: "upgrade", target: "web", starts: millis - 600_000, ends: millis + 3_600_000,
                                             note: "Database upgrade", created: millis - 600_000))
        try await MonitorStore.queue.add(monitors.map { ($0.name, millis + 3_600_000) }, on: history.store)

        let site = MonitorSite(store: history, monitors: { monitors }, clock: { now }, title: "Acme status", apiToken: token)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = Task { try await site.serve(host: "127.0.0.1", port: 0) { continuation.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return Fixture(folder: folder, history: history, monitors: monitors, server: server, port: port)
    }

    // MARK: - Pages in Chromium

    @Test func theStatusPageShowsGroupsBarsIncidentsAndMaintenance() async throws {
        let fixture = try await Self.fixture()
        let browser = try await HeadlessChromium.launch(.init(width: 1280, height: 1000))
        defer { browser.close() }
        let tab = try await browser.newPage()
        try await tab.open(fixture.base + "/")
        let probe: String = try await tab.evaluate("""
        (() => {
          const row = name => document.querySelector(`.monitor[data-monitor="${name}"]`);
          const bars = name => row(name).querySelectorAll("svg.bars rect");
          const kinds = name => Array.from(bars(name)).map(r => r.getAttribute("class"));
          const count = (name, kind) => kinds(name).filter(k => k == kind).length;
          return [
            "title=" + document.title,
            "overall=" + document.querySelector("#overall").dataset.state + ":" + document.querySelector("#overall").textContent,
            "groups=" + Array.from(document.querySelectorAll("section.group")).map(s => s.dataset.group).join(","),
            "states=" + ["api/prd", "jobs", "web"].map(n => n + ":" + row(n).dataset.state).join(","),
            "bars=" + bars("api/prd").length + ":" + count("api/prd", "up") + " up," + count("api/prd", "partial") + " partial,"
              + count("api/prd", "down") + " down",
            "uptime=" + row("api/prd").querySelector(".uptime").textContent,
            "incident=" + document.querySelector("#incidents li.incident").textContent,
            "maintenance=" + Array.from(document.querySelectorAll("#maintenance li")).map(li => li.textContent).join(";"),
            "scripts=" + document.scripts.length + ",links=" + document.querySelectorAll("link").length,
            "overflow=" + (document.documentElement.scrollWidth > window.innerWidth),
          ].join("|");
        })()
        """)
        let lines = probe.split(separator: "|").map(String.init)
        #expect(lines[0] == "title=Acme status")
        #expect(lines[1] == "overall=down:Some systems are down")
        #expect(lines[2] == "groups=Backend,Fleet,Frontend")
        #expect(lines[3] == "states=api/prd:up,jobs:down,web:maintenance")
        #expect(lines[4] == "bars=90:88 up,1 partial,1 down", "one bar a day: a day with a few failures amber, a bad day red")
        // 90 + 30 + 60 passed and 4 failed.
        #expect(lines[5] == "uptime=" + MonitorPages.percent(180.0 / 184) + " uptime, 90 days")
        #expect(lines[6].hasPrefix("incident=jobs down since 2026-12-07 11:40 UTC: connection failed: timed out"), "\(lines[6])")
        #expect(lines[7].contains("web: Database upgrade (until 2026-12-07 13:00 UTC)")
                && lines[7].contains("web: maintenance every Sunday 02:00 UTC for 1h"), "\(lines[7])")
        let timing: Double = try await tab.evaluate("performance.getEntriesByType('navigation')[0].responseEnd")
        print("status page of \(fixture.monitors.count) monitors served in \(Int(timing)) ms")
        #expect(lines[8] == "scripts=0,links=0", "no script and nothing fetched")
        #expect(lines[9] == "overflow=false")
        let banner: [Double] = try await tab.evaluate(
            ##"(() => { const r = document.querySelector("#overall").getBoundingClientRect(); return [r.left + 4, r.top + 4]; })()"##)
        let shot = try await tab.screenshot("monitor-status-page")
        #expect(shot.image.color(x: Int(banner[0]), y: Int(banner[1])).isClose(to: PNGImage.Color(hex: "#c62828")!), "the banner is red")

        // A phone-width screen: the bars shrink to fit, nothing scrolls sideways.
        let narrow = try await HeadlessChromium.launch(.init(width: 400, height: 900))
        defer { narrow.close() }
        let phone = try await narrow.newPage()
        try await phone.open(fixture.base + "/")
        let fits: Bool = try await phone.evaluate("""
        document.documentElement.scrollWidth <= window.innerWidth &&
          document.querySelector("svg.bars").getBoundingClientRect().right <= window.innerWidth
        """)
        #expect(fits)
        try await phone.screenshot("monitor-status-page-narrow")
        #expect(tab.exceptions.isEmpty && phone.exceptions.isEmpty)
        await fixture.stop()
    }

    @Test func theDashboardPaginatesFiltersAndLinksEachMonitor() async throws {
        let fixture = try await Self.fixture()
        let browser = try await HeadlessChromium.launch(.init(width: 1400, height: 1000))
        defer { browser.close() }
        let tab = try await browser.newPage()
        try await tab.open(fixture.base + "/dashboard")
        let rows = """
        Array.from(document.querySelectorAll("#monitors tbody tr")).map(r => r.dataset.monitor)
        """
        let first: [String] = try await tab.evaluate(rows)
        #expect(first.count == 50)
        #expect(Array(first.prefix(3)) == ["api/prd", "jobs", "edge-0001"], "sorted by group, then name")
        let counts: [String] = try await tab.evaluate(##"Array.from(document.querySelectorAll("[data-count]")).map(a => a.dataset.count + "=" + a.textContent)"##)
        #expect(counts == ["up=1501", "down=1", "maintenance=1", "unknown=0"])
        #expect(try await tab.evaluate(##"document.querySelector("#page").textContent"##, as: String.self) == "page 1 of 31 · 1503 matching")
        let spark: Int = try await tab.evaluate(#"document.querySelectorAll("tr[data-monitor='api/prd'] svg.spark polyline").length"#)
        #expect(spark == 1, "a latency line for the monitor with hours of history")
        try await tab.screenshot("monitor-dashboard")

        // Following "next" leads to the second page.
        let next: String = try await tab.evaluate(#"document.querySelector("a[rel=next]").getAttribute("href")"#)
        try await tab.open(fixture.base + next)
        let second: [String] = try await tab.evaluate(rows)
        #expect(second.first == "edge-0049" && second.count == 50)
        #expect(try await tab.evaluate(##"document.querySelector("#page").textContent"##, as: String.self) == "page 2 of 31 · 1503 matching")

        // The filter form and the state links narrow the list.
        try await tab.open(fixture.base + "/dashboard?q=api")
        #expect(try await tab.evaluate(rows, as: [String].self) == ["api/prd"])
        try await tab.open(fixture.base + "/dashboard?state=down")
        #expect(try await tab.evaluate(rows, as: [String].self) == ["jobs"])
        let budget: String = try await tab.evaluate(##"document.querySelector("#monitors tbody tr td:last-child").textContent"##)
        #expect(budget == "no SLO")

        // Each monitor's page: its latency chart, SLO windows and recent checks.
        try await tab.open(fixture.base + "/monitor?name=api%2Fprd")
        let detail: String = try await tab.evaluate("""
        (() => [
          "h1=" + document.querySelector("h1").textContent,
          "mean=" + document.querySelector("svg.chart polyline.mean").getAttribute("points").split(" ").length,
          "windows=" + Array.from(document.querySelectorAll("#slo tbody tr td:first-child")).map(td => td.textContent).join(";"),
          "checks=" + document.querySelectorAll("#checks tbody tr").length,
        ].join("|"))()
        """)
        #expect(detail == "h1=api/prd up|mean=60|windows=page: 14.4× over 1h and 5m;page: 6× over 6h and 30m;ticket: 1× over 3d and 6h|checks=50")
        try await tab.screenshot("monitor-detail")
        #expect(tab.exceptions.isEmpty)
        await fixture.stop()
    }

    // MARK: - API

    func call(_ fixture: Fixture, _ method: String, _ path: String, token: String? = nil, body: String? = nil) async throws -> HTTPResponse {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        let request = HTTPRequest(method: method, url: URL(string: fixture.base + path)!, headers: headers,
                                  body: body.map { .bytes(Array($0.utf8)) } ?? .empty)
        return try await HTTPClientTransport(environment: [:]).send(request, timeout: .seconds(10))
    }

    func object(_ response: HTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    @Test func theAPIReadsMonitorsAndWritesOnlyWithTheToken() async throws {
        let fixture = try await Self.fixture()
        let list = try object(try await call(fixture, "GET", "/api/v1/monitors?state=down"))
        #expect(list["total"] as? Int == 1)
        let down = try #require((list["monitors"] as? [[String: Any]])?.first)
        #expect(down["name"] as? String == "jobs" && down["reason"] as? String == "connection failed: timed out")
        #expect(down["down_since"] as? String == "2026-12-07T11:40:00Z")
        let paged = try object(try await call(fixture, "GET", "/api/v1/monitors?offset=1500&limit=10"))
        #expect((paged["monitors"] as? [Any])?.count == 3 && paged["total"] as? Int == 1503)

        let api = try object(try await call(fixture, "GET", "/api/v1/monitors/api/prd"))
        let slo = try #require(api["slo"] as? [String: Any])
        #expect(slo["objective"] as? Double == 0.999 && (slo["checks"] as? Int ?? 0) > 0)
        #expect(try await call(fixture, "GET", "/api/v1/monitors/nope").status == 404)
        let results = try object(try await call(fixture, "GET", "/api/v1/results?monitor=jobs&limit=5"))
        #expect((results["results"] as? [[String: Any]])?.count == 5)
        let incidents = try object(try await call(fixture, "GET", "/api/v1/incidents"))
        #expect((incidents["incidents"] as? [[String: Any]])?.first?["monitor"] as? String == "jobs")

        // Writes: refused without the token or with a wrong one.
        let check = #"{"monitor": "jobs"}"#
        #expect(try await call(fixture, "POST", "/api/v1/checks", body: check).status == 401)
        #expect(try await call(fixture, "POST", "/api/v1/checks", token: "wrong", body: check).status == 401)
        #expect(try await call(fixture, "POST", "/api/v1/checks", token: Self.token, body: "{").status == 400)
        #expect(try await call(fixture, "POST", "/api/v1/checks", token: Self.token, body: #"{"monitor": "nope"}"#).status == 404)
        #expect(try await call(fixture, "POST", "/api/v1/checks", token: Self.token, body: check).status == 202)
        let queued = try await MonitorStore.queue.items(on: fixture.history.store).first { $0.item == "jobs" }
        #expect(queued?.dueAt == MonitorStore.milliseconds(Self.now), "jobs is due now")

        let created = try await call(fixture, "POST", "/api/v1/silences", token: Self.token,
                                     body: #"{"target": "Backend", "duration": "2h", "note": "failover drill"}"#)
        #expect(created.status == 201)
        let silence = try object(created)
        #expect(silence["ends"] as? String == "2026-12-07T14:00:00Z" && silence["target"] as? String == "Backend")
        let id = try #require(silence["id"] as? String)
        for (body, message) in [(#"{"target": "nobody", "duration": "1h"}"#, "no monitor or group"),
                                (#"{"target": "jobs"}"#, "needs ends or duration"),
                                (#"{"target": "jobs", "starts": "2026-12-08T00:00:00Z", "ends": "2026-12-07T00:00:00Z"}"#, "must end after")] {
            let refused = try await call(fixture, "POST", "/api/v1/silences", token: Self.token, body: body)
            let detail = try object(refused)["detail"] as? String
            #expect(refused.status == 400 && detail?.contains(message) == true, "\(body)")
        }
        let silences = try object(try await call(fixture, "GET", "/api/v1/silences"))
        #expect((silences["silences"] as? [[String: Any]])?.map { $0["id"] as? String }.contains(id) == true)
        let overview = try await MonitorOverview.load(fixture.monitors, store: fixture.history, now: Self.now, detail: [])
        #expect(overview.entries.first { $0.monitor.name == "api/prd" }?.state == "maintenance", "the group's monitors are silenced")
        #expect(try await call(fixture, "DELETE", "/api/v1/silences/\(id)").status == 401)
        #expect(try await call(fixture, "DELETE", "/api/v1/silences/\(id)", token: Self.token).status == 204)
        #expect(try await call(fixture, "DELETE", "/api/v1/silences/\(id)", token: Self.token).status == 404)
        await fixture.stop()
    }

    @Test func openAPIMetricsAndHealthDescribeWhatIsServed() async throws {
        let fixture = try await Self.fixture()
        let description = try object(try await call(fixture, "GET", "/openapi.json"))
        #expect(description["openapi"] as? String == "3.1.0")
        let paths = try #require(description["paths"] as? [String: [String: Any]])
        // Every GET the description lists is served (with a monitor or silence for the templated ones).
        for (path, operations) in paths where operations["get"] != nil {
            let concrete = path.replacingOccurrences(of: "{name}", with: "jobs") + (path == "/api/v1/results" ? "?monitor=jobs" : "")
            let response = try await call(fixture, "GET", concrete)
            #expect(response.status == 200, "GET \(concrete) answered \(response.status)")
        }
        #expect(Set(paths.keys) == ["/api/v1/monitors", "/api/v1/monitors/{name}", "/api/v1/results", "/api/v1/incidents",
                                    "/api/v1/checks", "/api/v1/silences", "/api/v1/silences/{id}", "/metrics", "/healthz"])

        let metrics = String(decoding: try await call(fixture, "GET", "/metrics").body, as: UTF8.self)
        #expect(metrics.contains(#"anshin_monitor_up{monitor="jobs",group="Backend"} 0"#))
        #expect(metrics.contains(#"anshin_monitor_up{monitor="api/prd",group="Backend",environment="prd"} 1"#))
        #expect(metrics.contains(#"anshin_monitor_slo_objective{monitor="api/prd",group="Backend",environment="prd"} 0.999"#))
        #expect(metrics.contains(#"anshin_monitor_maintenance{monitor="web",group="Frontend"} 1"#))
        // Every sample line belongs to a family announced with # TYPE.
        let families = Set(metrics.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] })
        for line in metrics.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(families.contains(line.split(separator: "{")[0]), "\(line)")
        }

        let health = try await call(fixture, "GET", "/healthz")
        #expect(health.status == 200 && health.headers.first { $0.name.lowercased() == "content-type" }?.value == "application/health+json")
        #expect(try object(health)["status"] as? String == "pass")
        await fixture.stop()
    }
}
