import AnshinHTTP
import AnshinTesting
import Foundation
import Testing

/// `anshin monitor` end to end: the built binary against a project whose monitors point at a
/// loopback server.
@Suite struct MonitorCLITests {
    func anshin(_ arguments: String...) throws -> CommandResult {
        try Command.run(Command.anshinBinary, arguments, environment: ["NO_COLOR": "1"])
    }

    func project(_ endpoint: String, monitors: String) throws -> TemporaryDirectory {
        let root = try TemporaryDirectory()
        try root.write("anshin.yml", """
        project: acme
        environments:
          stg:
            urls: [\(endpoint)]
        monitors:
        \(monitors)
        """)
        return root
    }

    @Test func onceChecksEveryMonitorAndExitsByTheResult() async throws {
        let server = try await LoopbackHTTPServer.start { request in
            request.path == "/health"
                ? HTTPResponse(status: 200, body: Array(#"{"status":"fail","checks":{"db":[{"status":"fail","output":"refused"}]}}"#.utf8))
                : HTTPResponse(status: 200, body: Array("home".utf8))
        }
        defer { Task { await server.stop() } }
        let closed = try LoopbackPort.free()
        let passing = try project(server.endpoint, monitors: """
          - name: home
            environment: stg
            url: /
            conditions: ["[STATUS] == 200 && [BODY] == home"]
          - name: old-port
            tcp: 127.0.0.1:\(closed)
            conditions: ["[CONNECTED] == false"]
        """)
        let result = try anshin("monitor", "once", passing.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("PASS  home      GET \(server.endpoint)/  200  "))
        #expect(result.stdout.hasSuffix("2 checked, 2 passed, 0 failed\n"))

        let failing = try project(server.endpoint, monitors: """
          - name: health
            group: api
            environment: stg
            url: /health
            health: true
          - name: home
            environment: stg
            url: /
        """)
        let json = try anshin("monitor", "once", failing.path, "--format", "json", "--group", "api")
        #expect(json.status == 1)
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let entries = try #require(document?["monitors"] as? [[String: Any]])
        #expect(entries.count == 1, "only the api group")
        #expect(entries.first?["passed"] as? Bool == false)
        #expect(entries.first?["reason"] as? String == "health fail: db (fail: refused)")

        let unknownGroup = try anshin("monitor", "once", failing.path, "--group", "apj")
        #expect(unknownGroup.status == 2)
        #expect(unknownGroup.stderr.contains("no monitor in group \"apj\"; did you mean \"api\"?"))
    }

    @Test func checkConfigReportsEveryMistakeWithItsLine() throws {
        let root = try project("https://stg.acme.example", monitors: """
          - name: home
            environment: stg
            url: /
          - name: api
            environment: prod
            url: /api
          - name: db
            tcp: db.internal
            conditions: ["[STATUS] == 200"]
        """)
        let result = try anshin("monitor", "check-config", root.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("error: anshin.yml:10:18: monitors.[1].environment: no environment \"prod\" (known: stg)"),
                "\(result.stderr)")
        #expect(result.stderr.contains("error: anshin.yml:13:10: monitors.[2].tcp: expected host:port, got \"db.internal\""), "\(result.stderr)")
        #expect(result.stderr.contains("2 mistakes in the monitors"))

        let valid = try project("https://stg.acme.example", monitors: "  - name: home\n    environment: stg\n    url: /\n")
        let ok = try anshin("monitor", "check-config", valid.path)
        #expect(ok.status == 0)
        #expect(ok.stdout == "home  GET https://stg.acme.example/  every 1m  [STATUS] < 400\n1 monitor in anshin.yml: valid\n")
    }

    @Test func noMonitorsIsAClearMistake() throws {
        let root = try TemporaryDirectory()
        try root.write("anshin.yml", "environments:\n  stg: {}\n")
        let result = try anshin("monitor", "once", root.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("no \"monitors:\" in anshin.yml"))
    }

    /// `monitor run` against a target that fails twice then recovers: one alert when it goes
    /// down, one when it recovers, to the webhook and on standard output.
    @Test func runAlertsOnceWhenDownAndOnceWhenRecovered() async throws {
        let target = try await LoopbackHTTPServer.scripted([HTTPResponse(status: 503), HTTPResponse(status: 503), HTTPResponse(status: 200)])
        let receiver = try await LoopbackHTTPServer.start { _ in HTTPResponse(status: 204) }
        defer { Task { await target.stop(); await receiver.stop() } }
        let root = try project(target.endpoint, monitors: """
          - name: api
            environment: stg
            url: /
            interval: 1s
            failure_threshold: 2
        """)
        let result = try Command.run(Command.anshinBinary, ["monitor", "run", "--path", root.path, "--webhook", receiver.endpoint + "/alerts",
                                                            "--for", "10s"], environment: ["NO_COLOR": "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let documents = try receiver.requests.map { request in
            try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: String])
        }
        #expect(documents.map { $0["event"] } == ["down", "recovered"], "\(documents)")
        #expect(documents.first?["monitor"] == "api/stg" || documents.first?["monitor"] == "api", "\(documents)")
        #expect(documents.first?["reason"]?.contains("503") == true)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].contains("is down") && lines[1].contains("recovered after"), "\(result.stdout)")
        #expect(target.requests.count >= 3)
    }

    /// A monitor added while `monitor run` runs is checked without a restart; a broken edit is
    /// reported and the running monitors kept.
    @Test func runReadsTheMonitorsAgainWhenTheyChange() async throws {
        let healthy = try await LoopbackHTTPServer.start { _ in HTTPResponse(status: 200) }
        let broken = try await LoopbackHTTPServer.start { _ in HTTPResponse(status: 500) }
        let receiver = try await LoopbackHTTPServer.start { _ in HTTPResponse(status: 204) }
        defer { Task { await healthy.stop(); await broken.stop(); await receiver.stop() } }
        let root = try project(healthy.endpoint, monitors: """
          - name: api
            url: \(healthy.endpoint)/
            interval: 1s
        """)
        let file = root.url.appendingPathComponent("anshin.yml")
        let original = try String(contentsOf: file, encoding: .utf8)
        // Edited from a thread of its own: the run below holds this test's thread until it ends.
        let unreadable = original + "\n  - name: [unclosed\n"
        let added = original + "\n  - name: jobs\n    url: \(broken.endpoint)/\n    interval: 1s\n"
        DispatchQueue.global().asyncAfter(deadline: .now() + 4) { try? unreadable.write(to: file, atomically: true, encoding: .utf8) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 7) { try? added.write(to: file, atomically: true, encoding: .utf8) }
        let result = try Command.run(Command.anshinBinary, ["monitor", "run", "--path", root.path, "--webhook", receiver.endpoint + "/",
                                                            "--for", "15s"], environment: ["NO_COLOR": "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("cannot be read") && result.stderr.contains("still checking the previous ones"), "\(result.stderr)")
        #expect(result.stderr.contains("the monitors changed: now checking 2"), "\(result.stderr)")
        let events = try receiver.requests.map { request in
            try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: String])
        }
        #expect(events.map { $0["monitor"] } == ["jobs"] && events.first?["event"] == "down", "\(events)")
        #expect(healthy.requests.count >= 5, "the running monitor went on being checked")
    }

    /// Alerts configured in anshin.yml: a mail through the relay when the monitor goes down, and the
    /// history kept in the project's store, which the API then serves.
    @Test func runMailsTheChannelsOfTheCatalogAndServesTheHistory() async throws {
        let target = try await LoopbackHTTPServer.start { _ in HTTPResponse(status: 500) }
        defer { Task { await target.stop() } }
        let sink = try SMTPSink()
        let root = try TemporaryDirectory()
        try root.write("anshin.yml", """
        environments:
          stg: {}
        alerts:
          email: {smtp: "127.0.0.1:\(sink.port)", from: monitor@acme.example, to: [oncall@acme.example]}
        monitors:
          - name: api
            url: \(target.endpoint)/
            interval: 1s
        """)
        let port = try LoopbackPort.free()
        let result = try Command.run(Command.anshinBinary, ["monitor", "run", "--path", root.path, "--for", "4s", "--listen", "127.0.0.1:\(port)",
                                                            "--stats", root.path + "/stats.json"], environment: ["NO_COLOR": "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("alerting oncall@acme.example") && result.stderr.contains("serving the status page on http://127.0.0.1:\(port)/"),
                "\(result.stderr)")
        let mail = sink.received()
        #expect(mail.contains("RCPT TO:<oncall@acme.example>") && mail.contains("Subject: api is down: [STATUS] (500) < 400"), "\(mail)")
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: root.url.appendingPathComponent("stats.json"))) as? [String: Any])
        #expect((stats["checks"] as? Int ?? 0) >= 3 && stats["failed"] as? Int == stats["checks"] as? Int, "\(stats)")
        #expect(FileManager.default.fileExists(atPath: root.path + "/.anshin/monitor/history.db"))
        #expect(try String(contentsOfFile: root.path + "/.anshin/monitor/.gitignore", encoding: .utf8) == "*\n")
    }

    /// Two `monitor run` processes share a PostgreSQL store; one is killed (SIGKILL, so it gives
    /// nothing back); the other goes on checking every monitor, the dead one's included once its
    /// leases run out.
    @Test func aKilledWorkersMonitorsAreTakenOverByTheOther() async throws {
        let target = try await LoopbackHTTPServer.start { _ in HTTPResponse(status: 200) }
        defer { Task { await target.stop() } }
        let store = try PostgresServer.shared().database("monitor")
        let root = try TemporaryDirectory()
        let monitors = (1...10).map { "  - name: m\($0)\n    url: \(target.endpoint)/m\($0)\n    interval: 1s\n    timeout: 1s\n" }
        try root.write("anshin.yml", "environments:\n  stg: {}\nmonitors:\n" + monitors.joined())
        func worker(_ name: String, _ duration: String) -> Process {
            let process = Process()
            process.executableURL = Command.anshinBinary
            process.arguments = ["monitor", "run", "--path", root.path, "--store", store, "--worker", name, "--for", duration]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        let doomed = worker("doomed", "120s")
        let survivor = worker("survivor", "120s")
        try doomed.run()
        try survivor.run()
        defer { if survivor.isRunning { kill(survivor.processIdentifier, SIGKILL) } }
        // Both work for a while, then one dies holding its leases.
        let started = Date()
        var byWorker = ""
        while Date().timeIntervalSince(started) < 30 {
            try await Task.sleep(for: .seconds(1))
            byWorker = try PostgresServer.psql(store, "SELECT string_agg(DISTINCT worker, ',' ORDER BY worker) FROM monitor_results")
            if byWorker == "doomed,survivor" { break }
        }
        #expect(byWorker == "doomed,survivor", "both worked before the kill")
        kill(doomed.processIdentifier, SIGKILL)
        doomed.waitUntilExit()
        let killedAt = Date()
        // Every monitor is checked by the survivor once the dead worker's leases (1 s timeout +
        // 15 s) have run out: nothing is left behind. Checked until a deadline, so a loaded machine
        // only makes the test slower.
        let late = Int64((killedAt.timeIntervalSince1970 + 17) * 1000)
        var covered = ""
        while Date().timeIntervalSince(killedAt) < 60 {
            try await Task.sleep(for: .seconds(1))
            covered = try PostgresServer.psql(store, "SELECT COUNT(DISTINCT monitor) FROM monitor_results WHERE worker = 'survivor' AND at > \(late)")
            if covered == "10" { break }
        }
        #expect(covered == "10", "monitors the survivor checked after the dead worker's leases ran out: \(covered)")
        #expect(survivor.isRunning, "the survivor kept running")
    }

    @Test func runRefusesBadOptions() throws {
        for (arguments, message) in [(["--webhook", "ftp://x"], "--webhook takes an http or https URL"),
                                     (["--for", "soon"], "--for takes a duration"),
                                     (["--remind", "0s"], "--remind takes a duration"),
                                     (["--email", "oncall", "--smtp", "relay:25"], "oncall is not an email address"),
                                     (["--email", "oncall@acme.example", "--smtp", "relay"], "--smtp takes host:port"),
                                     (["--listen", "8080"], "--listen takes host:port")] {
            let result = try Command.run(Command.anshinBinary, ["monitor", "run"] + arguments, environment: ["NO_COLOR": "1"])
            #expect(result.status == 2 && result.stderr.contains(message), "\(result.stderr)")
        }
    }
}
