import AnshinAWS
import AnshinTesting
@testable import AnshinLogs
import Foundation
import Testing

/// `logs report --athena`: the report query run through the AWS client against moto's Athena
/// (which returns the rows it is given, in Athena's documented GetQueryResults shape), and the
/// rows turned into the same report as logs read here.
@Suite(.serialized) struct AthenaReportTests {
    static let columns = ["route", "bucket", "level", "requests", "server_errors", "client_errors", "load_balancer_errors",
                          "latency_percentiles_ms", "max_latency_ms", "bytes_sent", "request_ms", "target_ms", "response_ms"]

    /// Rows as Athena returns them: every value as text, NULL as a missing VarCharValue.
    static let rows: [[String?]] = [
        [nil, nil, "3", "1000", "20", "50", "5", "[12.0, 80.5, 120.0, 400.0]", "950.0", "2000000", "0.4", "60.0", "0.2"],
        ["GET /users/{id}", nil, "1", "700", "14", "30", "3", "[10.0, 60.0, 90.0, 300.0]", "800.0", "1400000", "0.4", "50.0", "0.2"],
        ["POST /orders", nil, "1", "300", "6", "20", "2", "[30.0, 150.0, 210.0, 600.0]", "950.0", "600000", "0.5", "90.0", "0.3"],
        [nil, "2026-11-23 10:00:00.000", "2", "600", "5", "30", "1", "[11.0, 70.0, 100.0, 350.0]", "900.0", "1200000", "0.4", "55.0", "0.2"],
        [nil, "2026-11-23 11:00:00.000", "2", "400", "15", "20", "4", "[14.0, 95.0, 140.0, 450.0]", "950.0", "800000", "0.4", "66.0", "0.2"],
        ["GET /users/{id}", "2026-11-23 10:00:00.000", "0", "420", "3", "18", "1", "[9.0, 55.0, 85.0, 280.0]", "700.0", "840000", "0.4", "48.0", "0.2"],
        ["GET /users/{id}", "2026-11-23 11:00:00.000", "0", "280", "11", "12", "2", "[12.0, 66.0, 96.0, 320.0]", "800.0", "560000", "0.4", "52.0", "0.2"],
        ["POST /orders", "2026-11-23 10:00:00.000", "0", "180", "2", "12", "0", "[28.0, 140.0, 200.0, 580.0]", "900.0", "360000", "0.5", "85.0", "0.3"],
        ["POST /orders", "2026-11-23 11:00:00.000", "0", "120", "4", "8", "2", "[33.0, 160.0, 220.0, 610.0]", "950.0", "240000", "0.5", "95.0", "0.3"],
    ]

    /// Queues the rows (with Athena's header row first) as the result of the next query moto runs.
    static func queue(_ rows: [[String?]]) throws {
        let moto = try MotoServer.shared()
        func row(_ values: [String?]) -> [String: Any] {
            ["Data": values.map { value -> [String: String] in value.map { ["VarCharValue": $0] } ?? [:] }]
        }
        // A Region of its own: moto's queue of results is per account and Region, shared by every test.
        let body: [String: Any] = ["region": "eu-west-3", "results": [[
            "rows": [row(columns)] + rows.map(row),
            "column_info": columns.map { ["CatalogName": "hive", "SchemaName": "", "TableName": "", "Name": $0, "Label": $0, "Type": "varchar",
                                          "Precision": 0, "Scale": 0, "Nullable": "UNKNOWN", "CaseSensitive": true] },
        ]]]
        let data = try JSONSerialization.data(withJSONObject: body)
        let result = try Command.run("curl", ["-sf", "-X", "POST", "--data-binary", String(decoding: data, as: UTF8.self),
                                              moto.endpoint + "/moto-api/static/athena/query-results"])
        #expect(result.status == 0, "moto takes the Athena results: \(result.stderr)")
    }

    @Test func theReportQueryRunsInAthenaAndBecomesTheReport() async throws {
        try Self.queue(Self.rows)
        let client = try AWSClient.configured(environment: MotoServer.shared().environment(region: "eu-west-3"), homeDirectory: "/nonexistent")
        let sql = try AthenaQueries.routeReport(database: "logs", table: "alb_shop_prd", since: "2026-11-23", until: "2026-11-24", bucket: "hour")
        let rows = try await AthenaRunner(client: client, outputLocation: "s3://athena-results/anshin/", pollInterval: .milliseconds(50))
            .rows(sql, database: "logs")
        #expect(rows.count == Self.rows.count, "the header row is not a row")
        #expect(rows[0]["level"] == "3" && rows[0]["route"] == nil, "NULL is absent")

        let report = try LogReport(athena: rows, bucketSeconds: 3600, from: 1_795_392_000, to: 1_795_478_400, generatedAt: "2026-11-24T00:00:00Z")
        #expect(report.total.requests == 1000 && report.total.p95 == 120 && report.total.max == 950)
        #expect(abs(report.total.serverErrorRate - 0.02) < 1e-12 && abs(report.total.clientErrorRate - 0.05) < 1e-12)
        #expect(report.total.requestMillis == 0.4 && report.total.targetMillis == 60 && report.total.responseMillis == 0.2)
        #expect(report.routes.map(\.name) == ["GET /users/{id}", "POST /orders"], "busiest first")
        #expect(report.routes.map(\.share) == [0.7, 0.3])
        #expect(report.slowest.map(\.name) == ["POST /orders", "GET /users/{id}"], "by p95")
        #expect(report.series.map(\.name) == ["All traffic", "GET /users/{id}", "POST /orders"])
        #expect(report.series[0].points.map(\.time) == [1_795_428_000, 1_795_431_600])
        #expect(report.series[2].points.map(\.p95) == [200, 220])
        let html = report.html()
        #expect(html.contains("POST /orders") && html.contains("<svg"))
        #expect(report.text().contains("GET /users/{id}"))
    }

    /// The period before, from the same query: a route whose p95 grew by more than a fifth (and
    /// 20 ms) is a regression; one that stayed the same is not.
    @Test func thePeriodBeforeGivesTheComparison() throws {
        func rows(_ values: [[String?]]) -> [[String: String]] {
            values.map { row in Dictionary(uniqueKeysWithValues: zip(Self.columns, row).compactMap { name, value in value.map { (name, $0) } }) }
        }
        var earlier = Self.rows
        // POST /orders had a p95 of 150 ms the week before (210 now); GET /users/{id} the same 90.
        earlier[2][7] = "[30.0, 120.0, 150.0, 500.0]"
        let previous = try LogReport(athena: rows(earlier), bucketSeconds: 3600, from: 1_794_787_200, to: 1_795_392_000, generatedAt: "")
        let report = try LogReport(athena: rows(Self.rows), bucketSeconds: 3600, from: 1_795_392_000, to: 1_795_996_800, generatedAt: "",
                                   previous: previous)
        let comparison = try #require(report.comparison)
        #expect(comparison.from == 1_794_787_200 && comparison.total.requests == 1000)
        #expect(comparison.routes.map(\.name) == ["GET /users/{id}", "POST /orders"])
        #expect(comparison.regressions.map(\.name) == ["POST /orders"])
        #expect(comparison.regressions.first?.latencyRegression == true && comparison.regressions.first?.errorRegression == false)
        #expect(report.html().contains("class=\"regression\""), "highlighted in the HTML report")
    }

    @Test func rowsWithoutATotalAreNotTheReportQuery() {
        #expect(throws: LogConfigurationError.self) {
            try LogReport(athena: [["route": "x", "level": "1", "requests": "1"]], bucketSeconds: 3600, from: nil, to: nil, generatedAt: "")
        }
    }
}
