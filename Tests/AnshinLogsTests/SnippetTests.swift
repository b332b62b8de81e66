@testable import AnshinLogs
import AnshinTesting
import Foundation
import Testing

@Suite struct SnippetTests {
    @Test func theAgentConfigurationAndHookMatchTheirGoldenFiles() throws {
        let config = CloudWatchAgentConfig(file: "/var/app/current/log/application.log", logGroup: "/aws/elasticbeanstalk/shop-prd/application.log",
                                           startPattern: MultiLineGrouper.defaultStartPattern, retentionDays: 30)
        let json = try config.json()
        #expect(Golden.mismatch(json, name: "cwagent.json", directory: Golden.fixtures("snippets")) == nil)
        let hook = try config.predeployHook()
        #expect(Golden.mismatch(hook, name: "predeploy-hook.sh", directory: Golden.fixtures("snippets")) == nil)

        // The pattern the agent gets is the one the grouper uses.
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let logs = decoded?["logs"] as? [String: Any]
        let files = (logs?["logs_collected"] as? [String: Any])?["files"] as? [String: Any]
        let entry = (files?["collect_list"] as? [[String: Any]])?.first
        #expect(entry?["multi_line_start_pattern"] as? String == MultiLineGrouper.defaultStartPattern)

        // The hook is valid bash and writes the same JSON.
        let directory = try TemporaryDirectory()
        let script = try directory.write("hook.sh", hook)
        #expect(try Command.run("bash", ["-n", script.path]).status == 0)
        let heredoc = hook.components(separatedBy: "<<'ANSHIN_AGENT_CONFIG'\n")[1].components(separatedBy: "ANSHIN_AGENT_CONFIG\n")[0]
        #expect(heredoc == json)
    }

    @Test func theAthenaTableAndReportMatchTheirGoldenFiles() throws {
        let athena = try AthenaQueries(location: "s3://shop-prd-alb-logs/prd", account: "111111111111", region: "ap-northeast-1",
                                       table: "logs.alb_shop_prd", firstDay: "2026/01/01")
        #expect(Golden.mismatch(athena.createTable(), name: "athena-table.sql", directory: Golden.fixtures("snippets")) == nil)
        let sql = try athena.routeReport(since: "2026-11-23", until: "2026-11-30", bucket: "hour")
        #expect(Golden.mismatch(sql, name: "athena-report.sql", directory: Golden.fixtures("snippets")) == nil)
        #expect(throws: LogConfigurationError.self) { try athena.routeReport(since: "23/11/2026", until: nil, bucket: "hour") }
        #expect(throws: LogConfigurationError.self) {
            try AthenaQueries(location: "shop-prd-alb-logs", account: "111111111111", region: "ap-northeast-1", table: "a.b", firstDay: "2026/01/01")
        }
        #expect(throws: LogConfigurationError.self) {
            try AthenaQueries(location: "s3://b", account: "1111", region: "ap-northeast-1", table: "a.b", firstDay: "2026/01/01")
        }
    }

    /// The SerDe's regular expression reads the sample ALB lines into the right columns (checked
    /// with Foundation's ICU engine, whose syntax the pattern keeps to what Java's also accepts).
    @Test func theAthenaRegexReadsALBLines() throws {
        let regex = try NSRegularExpression(pattern: "^" + AthenaQueries.inputRegex + "$")
        for (line, expected) in FormatCase.all[0].samples {
            let match = try #require(regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)), "\(line)")
            #expect(match.numberOfRanges == AthenaQueries.columns.count + 1)
            func column(_ name: String) -> String? {
                let index = AthenaQueries.columns.firstIndex { $0.name == name }! + 1
                let range = match.range(at: index)
                return range.location == NSNotFound ? nil : (line as NSString).substring(with: range)
            }
            #expect(column("request_verb") == expected.method)
            #expect(column("elb_status_code") == String(expected.status))
            #expect(column("sent_bytes") == String(expected.bytesSent))
            #expect(column("request_url")?.hasSuffix(expected.path) == true || column("request_url")?.contains(expected.path + "?") == true)
        }
        let full = FormatCase.albLine
        let match = try #require(regex.firstMatch(in: full, range: NSRange(full.startIndex..., in: full)))
        #expect((full as NSString).substring(with: match.range(at: AthenaQueries.columns.count)) == "-")
        #expect((full as NSString).substring(with: match.range(at: AthenaQueries.columns.firstIndex { $0.name == "conn_trace_id" }! + 1)) == "TID_1234abcd5678ef90")
    }
}
