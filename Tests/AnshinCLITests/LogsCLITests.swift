import AnshinAWS
import AnshinCore
import AnshinStore
import AnshinTesting
import Foundation
import Testing

/// `anshin logs …` end to end: the built binary on log files, its outputs and exit codes.
@Suite struct LogsCLITests {
    static let fixed: [String: String?] = ["SOURCE_DATE_EPOCH": "1795770000", "NO_COLOR": "1"]

    func anshin(_ arguments: [String], stdin: String? = nil) throws -> CommandResult {
        let binary = Command.anshinBinary
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the anshin binary first (swift build)")
        return try Command.run(binary, arguments, in: Command.packageRoot, environment: Self.fixed, stdin: stdin)
    }

    static let nginx = (0..<300).map { n in
        let path = ["/api/orders/\(n)", "/api/users/\(n % 7)/profile", "/health"][n % 3]
        let status = n % 50 == 0 ? 503 : 200
        return #"10.0.0.\#(n % 9) - - [30/Nov/2026:22:\#(String(format: "%02d", n % 60)):00 +0000] "GET \#(path) HTTP/1.1" \#(status) 512 "-" "curl/8" rt=0.\#(String(format: "%03d", 10 + n % 90)) tenant=t\#(n % 3)"#
    }.joined(separator: "\n") + "\n"
    static let nginxFormat = #"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" rt=$request_time tenant=$http_x_tenant"#

    @Test func reportReadsACustomNginxFormatAndWritesHTMLAndAggregates() throws {
        let directory = try TemporaryDirectory()
        let log = try directory.write("access.log", Self.nginx)
        let html = directory.url.appendingPathComponent("report.html").path
        let saved = directory.url.appendingPathComponent("week.json").path
        let result = try anshin(["logs", "report", log.path, "--log-format", Self.nginxFormat, "--customer", "header:X-Tenant",
                                 "-f", "html", "-o", html, "--save", saved])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("300 requests"))
        #expect(result.stdout.contains("GET /api/orders/{id}"))
        #expect(result.stdout.contains("Top customers by traffic"))
        #expect(result.stdout.contains("t0"))
        #expect(try String(contentsOfFile: html, encoding: .utf8).contains("<svg"))

        // The saved aggregates give the same report without the log.
        let again = try anshin(["logs", "report", "--aggregates", saved])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == result.stdout)
    }

    @Test func reportReadsStandardInputWithANamedType() throws {
        let result = try anshin(["logs", "report", "-", "--type", "nginx", "--log-format", Self.nginxFormat, "-f", "json"], stdin: Self.nginx)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect((json?["total"] as? [String: Any])?["requests"] as? Int == 300)
    }

    /// The shared -f/-o of every report: formats pair with outputs by position, a folder gets the
    /// default name inside, a missing folder is named; the earlier --html/--json still work.
    @Test func reportTakesTheSharedFormatAndOutputFlags() throws {
        let directory = try TemporaryDirectory()
        let log = try directory.write("access.log", Self.nginx)
        let reports = directory.url.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        let both = try anshin(["logs", "report", log.path, "--log-format", Self.nginxFormat,
                               "-f", "HTML", "-o", reports.path, "--format", "json", "--output", reports.path + "/"])
        #expect(both.status == 0, "\(both.stderr)")
        #expect(both.stdout.contains("300 requests"), "the terminal summary when no report takes standard output")
        #expect(try String(contentsOf: reports.appendingPathComponent("anshin-logs.html"), encoding: .utf8).contains("<svg"))
        let json = try Data(contentsOf: reports.appendingPathComponent("anshin-logs.json"))
        #expect(((try JSONSerialization.jsonObject(with: json) as? [String: Any])?["total"] as? [String: Any])?["requests"] as? Int == 300)
        #expect(both.stderr.contains("wrote html report to \(reports.path)/anshin-logs.html"))

        let old = directory.url.appendingPathComponent("old.html").path
        let aliases = try anshin(["logs", "report", log.path, "--log-format", Self.nginxFormat, "--html", old, "--json", "-"])
        #expect(aliases.status == 0, "\(aliases.stderr)")
        #expect(try String(contentsOfFile: old, encoding: .utf8).contains("<svg"))
        #expect(aliases.stdout.hasPrefix("{"), "--json - is the JSON on standard output")

        let missing = directory.url.appendingPathComponent("no-folder/report.html").path
        let refused = try anshin(["logs", "report", log.path, "--log-format", Self.nginxFormat, "-f", "html", "-o", missing])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("the folder \(directory.url.appendingPathComponent("no-folder").path) does not exist"), "\(refused.stderr)")
        let unpaired = try anshin(["logs", "report", log.path, "-o", "x.html"])
        #expect(unpaired.status == 2 && unpaired.stderr.contains("each --output pairs with the --format"), "\(unpaired.stderr)")
        let help = try anshin(["logs", "report", "--help"])
        #expect(!help.stdout.contains("--html") && !help.stdout.contains("--json <"), "the earlier spellings are hidden")
    }

    @Test(arguments: [
        (["logs", "report", "does-not-exist.log"], "no such file or folder"),
        (["logs", "report", "-"], "cannot be detected"),
        (["logs", "report", "Package.swift", "--type", "bogus"], "unknown log format bogus"),
        (["logs", "report", "Package.swift", "--type", "nginx", "--log-format", "$a$b"], "nothing between them"),
        (["logs", "report", "Package.swift", "--type", "alb"], "no line is in the alb format"),
        (["logs", "report", "Package.swift", "--bucket", "1y"], "expected a duration"),
        (["logs", "report", "Package.swift", "--customer", "cookie"], "--customer cookie"),
        (["logs", "group", "--start-pattern", "(["], "not a valid regular expression"),
    ])
    func badInputIsAUsageErrorWithAMessage(_ arguments: [String], _ message: String) throws {
        let result = try anshin(arguments, stdin: "")
        #expect(result.status == 2, "\(arguments): \(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func aTruncatedGzipFileIsAnErrorNamingIt() throws {
        let directory = try TemporaryDirectory()
        let log = try directory.write("access.log", Self.nginx)
        #expect(try Command.run("gzip", [log.path]).status == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: log.path + ".gz"))
        try data.dropLast(20).write(to: URL(fileURLWithPath: log.path + ".gz"))
        let result = try anshin(["logs", "report", log.path + ".gz", "--type", "nginx", "--log-format", Self.nginxFormat])
        #expect(result.status == 2)
        #expect(result.stderr.contains("access.log.gz: truncated gzip stream"))
    }

    @Test func groupPrintsOneJSONEventPerStackTrace() throws {
        let log = """
        2026-11-30 22:23:00.456 ERROR [http-1] order failed
        java.lang.IllegalStateException: boom
        \tat com.acme.Shop.place(Shop.java:87)
        2026-11-30 22:23:01.000 INFO  [http-2] ok

        """
        let result = try anshin(["logs", "group", "-"], stdin: log)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["lines"] as? Int == 3)
        #expect(first?["stack"] as? String == "java")
    }

    @Test func cwagentPrintsTheConfigurationAndWritesTheHook() throws {
        let directory = try TemporaryDirectory()
        let hook = directory.url.appendingPathComponent("01-multiline.sh").path
        let result = try anshin(["logs", "cwagent", "--log-group", "/aws/elasticbeanstalk/shop-prd/app.log", "--hook", hook])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"multi_line_start_pattern\""))
        let attributes = try FileManager.default.attributesOfItem(atPath: hook)
        #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o111 != 0 } == true)
    }

    @Test func volumeFlagsDebugAndExitsOneAtTheThreshold() throws {
        let directory = try TemporaryDirectory()
        var lines: [String] = []
        for second in stride(from: 0, to: 7200, by: 1) {
            let time = String(format: "2026-11-30 %02d:%02d:%02d.000", second / 3600, second / 60 % 60, second % 60)
            lines.append("\(time) DEBUG [worker] payload=\(String(repeating: "y", count: 900))")
        }
        let log = try directory.write("worker.log", lines.joined(separator: "\n") + "\n")
        let result = try anshin(["logs", "volume", log.path, "--debug-gb-per-month", "1", "--fail-on", "low", "--environment", "stg"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("logs-debug-volume"))
        let quiet = try anshin(["logs", "volume", log.path, "--debug-gb-per-month", "1000", "--cost-threshold", "100000"])
        #expect(quiet.status == 0, "\(quiet.stderr)")
    }

    @Test func athenaPrintsTheTableAndTheReport() throws {
        let result = try anshin(["logs", "athena", "--bucket", "s3://shop-logs", "--account", "111111111111", "--region", "ap-northeast-1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("CREATE EXTERNAL TABLE IF NOT EXISTS default.alb_logs"))
        #expect(result.stdout.contains("approx_percentile"))
        let bad = try anshin(["logs", "athena", "--bucket", "shop-logs", "--account", "111111111111", "--region", "ap-northeast-1"])
        #expect(bad.status == 2)
    }

    @Test func storeAddsEachFileOnceAndReportsWithoutTheLogs() throws {
        let directory = try TemporaryDirectory()
        let log = try directory.write("access.log", Self.nginx)
        let store = "sqlite:" + directory.url.appendingPathComponent("logs.db").path
        let arguments = ["logs", "report", "--type", "nginx", "--log-format", Self.nginxFormat, "--store", store]
        let first = try anshin(arguments + [log.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("300 requests"))
        #expect(first.stderr.contains("added 300 requests to the store"))

        // The same file again is skipped: the store still holds 300 requests, not 600.
        let again = try anshin(arguments + [log.path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("1 of 1 inputs already in the store, skipped"))
        #expect(again.stdout == first.stdout)

        // The report from the store alone, and a range the store has nothing for.
        let stored = try anshin(["logs", "report", "--store", store])
        #expect(stored.status == 0, "\(stored.stderr)")
        #expect(stored.stdout == first.stdout)
        let empty = try anshin(["logs", "report", "--store", store, "--since", "2027-01-01"])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("the store holds no 1h buckets of requests in --since/--until"))
        let unreachable = try anshin(["logs", "report", "--store", "postgres://anshin@127.0.0.1:1/logs?sslmode=disable"])
        #expect(unreachable.status == 2, "\(unreachable.stderr)")
        #expect(unreachable.stderr.contains("--store"))
    }

    @Test func reportReadsAnS3PrefixThroughTheAWSClient() async throws {
        let moto = try MotoServer.shared()
        let client = try AWSClient.configured(environment: moto.environment(), homeDirectory: "/nonexistent")
        let bucket = MotoServer.uniqueName("cli-logs")
        _ = try await client.rest(service: .s3, operation: "CreateBucket", method: "PUT", bucket: bucket)
        let lines = Self.nginx.split(separator: "\n")
        for (index, part) in [lines[..<120], lines[120...]].enumerated() {
            _ = try await client.rest(service: .s3, operation: "PutObject", method: "PUT", path: "/logs/2026/11/30/part\(index).log",
                                      body: Array((part.joined(separator: "\n") + "\n").utf8), bucket: bucket)
        }
        var environment: [String: String?] = Self.fixed
        for (name, value) in moto.environment() { environment[name] = value }
        environment["HOME"] = "/nonexistent"
        let binary = Command.anshinBinary
        let result = try Command.run(binary, ["logs", "report", "s3://\(bucket)/logs/", "--type", "nginx", "--log-format", Self.nginxFormat],
                                     in: Command.packageRoot, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("300 requests"))
        let missing = try Command.run(binary, ["logs", "report", "s3://\(bucket)/nothing-here/", "--type", "nginx"],
                                      in: Command.packageRoot, environment: environment)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no log objects under this prefix"))
    }

    /// Three workers ingest one prefix into one PostgreSQL store: two run, one has claimed objects
    /// and died. Every object counts once, the dead worker's included, and the report from the
    /// store equals the report of the logs themselves.
    @Test func ingestWorkersSplitAPrefixAndCountEachObjectOnce() async throws {
        let moto = try MotoServer.shared()
        let client = try AWSClient.configured(environment: moto.environment(), homeDirectory: "/nonexistent")
        let bucket = MotoServer.uniqueName("ingest")
        _ = try await client.rest(service: .s3, operation: "CreateBucket", method: "PUT", bucket: bucket)
        let lines = Self.nginx.split(separator: "\n")
        let parts = stride(from: 0, to: lines.count, by: 25).map { lines[$0..<min($0 + 25, lines.count)] }
        for (index, part) in parts.enumerated() {
            _ = try await client.rest(service: .s3, operation: "PutObject", method: "PUT", path: String(format: "/logs/2026/11/30/part%02d.log", index),
                                      body: Array((part.joined(separator: "\n") + "\n").utf8), bucket: bucket)
        }
        let store = try PostgresServer.shared().database("ingest")
        var environment: [String: String?] = Self.fixed
        for (name, value) in moto.environment() { environment[name] = value }
        environment["HOME"] = "/nonexistent"
        let arguments = ["logs", "ingest", "s3://\(bucket)/logs/", "--type", "nginx", "--log-format", Self.nginxFormat, "--store", store,
                         "--lease", "3s"]
        // The dead worker: it enqueues, claims two objects and never completes them.
        let history = try await Store.open(store)
        try await LeaseQueue.prepare(history)
        try await LeaseQueue("logs-ingest").add((0..<2).map { ("s3://\(bucket)/logs/2026/11/30/part\(String(format: "%02d", $0)).log", 0) },
                                                on: history)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let held = try await LeaseQueue("logs-ingest").claim(owner: "dead", now: now, dueBy: now, limit: 2, leaseFor: 3000, on: history)
        #expect(held.count == 2)
        let shared = environment
        let results = try await withThrowingTaskGroup(of: CommandResult.self) { group in
            for name in ["a", "b"] {
                group.addTask { try Command.run(Command.anshinBinary, arguments + ["--worker", name], in: Command.packageRoot, environment: shared) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let ingested = results.compactMap { result in result.stdout.split(separator: " ").dropFirst(2).first.flatMap { Int($0) } }
        #expect(ingested.reduce(0, +) == parts.count, "every object once, between the two workers: \(results.map(\.stdout))")
        let inputs = try PostgresServer.psql(store, "SELECT COUNT(*) || '/' || COUNT(DISTINCT name) FROM logs_inputs")
        #expect(inputs == "\(parts.count)/\(parts.count)")
        await history.close()
        // A second run finds nothing new.
        let again = try Command.run(Command.anshinBinary, arguments + ["--worker", "c"], in: Command.packageRoot, environment: environment)
        #expect(again.status == 0 && again.stderr.contains("0 objects to ingest"), "\(again.stderr)")
        let fromStore = try Command.run(Command.anshinBinary, ["logs", "report", "--store", store], in: Command.packageRoot, environment: environment)
        let direct = try Command.run(Command.anshinBinary, ["logs", "report", "s3://\(bucket)/logs/", "--type", "nginx", "--log-format", Self.nginxFormat],
                                     in: Command.packageRoot, environment: environment)
        #expect(fromStore.status == 0 && direct.status == 0, "\(fromStore.stderr) \(direct.stderr)")
        #expect(fromStore.stdout.contains("300 requests") && direct.stdout.contains("300 requests"), "\(fromStore.stdout)")
    }

    /// `logs report --athena` end to end: the query goes to Athena (moto's, which returns the rows it
    /// is given), the report comes back in every format; options that cannot go with it are refused.
    @Test func reportRunsInAthena() throws {
        let moto = try MotoServer.shared()
        let columns = ["route", "bucket", "level", "requests", "server_errors", "client_errors", "load_balancer_errors",
                       "latency_percentiles_ms", "max_latency_ms", "bytes_sent", "request_ms", "target_ms", "response_ms"]
        let rows: [[String?]] = [
            [nil, nil, "3", "500", "5", "10", "1", "[20.0, 60.0, 90.0, 200.0]", "400.0", "100000", "0.3", "40.0", "0.1"],
            ["GET /health", nil, "1", "500", "5", "10", "1", "[20.0, 60.0, 90.0, 200.0]", "400.0", "100000", "0.3", "40.0", "0.1"],
            [nil, "2026-11-23 10:00:00.000", "2", "500", "5", "10", "1", "[20.0, 60.0, 90.0, 200.0]", "400.0", "100000", "0.3", "40.0", "0.1"],
            ["GET /health", "2026-11-23 10:00:00.000", "0", "500", "5", "10", "1", "[20.0, 60.0, 90.0, 200.0]", "400.0", "100000", "0.3", "40.0", "0.1"],
        ]
        func row(_ values: [String?]) -> [String: Any] {
            ["Data": values.map { value -> [String: String] in value.map { ["VarCharValue": $0] } ?? [:] }]
        }
        // A Region of its own: moto's queue of results is per account and Region, shared by every test.
        let body: [String: Any] = ["region": "ap-southeast-2", "results": [[
            "rows": [row(columns)] + rows.map(row), "column_info": columns.map { ["Name": $0, "Type": "varchar"] },
        ]]]
        let queued = try Command.run("curl", ["-sf", "-X", "POST", "--data-binary",
                                              String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self),
                                              moto.endpoint + "/moto-api/static/athena/query-results"])
        #expect(queued.status == 0, "\(queued.stderr)")
        var environment: [String: String?] = Self.fixed
        for (name, value) in moto.environment(region: "ap-southeast-2") { environment[name] = value }
        environment["HOME"] = "/nonexistent"
        let result = try Command.run(Command.anshinBinary, ["logs", "report", "--athena", "--athena-table", "logs.alb_shop_prd",
                                                            "--athena-output", "s3://athena-results/", "--since", "2026-11-23",
                                                            "--until", "2026-11-24", "-f", "json"],
                                     in: Command.packageRoot, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("running the report in Athena over logs.alb_shop_prd, 2026-11-23 to 2026-11-24"), "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((report["total"] as? [String: Any])?["requests"] as? Int == 500)
        #expect(((report["routes"] as? [[String: Any]])?.first)?["name"] as? String == "GET /health")

        for (arguments, message) in [(["--athena", "access.log"], "--athena reports from the Athena table alone"),
                                     (["--athena", "--bucket", "5m"], "--athena buckets by 1h or 1d"),
                                     (["--athena", "--athena-table", "x; DROP TABLE y"], "expected database.table")] {
            let refused = try Command.run(Command.anshinBinary, ["logs", "report"] + arguments, in: Command.packageRoot, environment: environment)
            #expect(refused.status == 2 && refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
        }
    }
}
