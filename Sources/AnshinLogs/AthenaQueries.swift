import Foundation

/// SQL for teams whose ALB logs outgrow one machine: the Athena table over the log bucket, with
/// partition projection by day (no crawler, no `MSCK REPAIR`), and the per-route report computed
/// where the logs lie, with `approx_percentile`.
public struct AthenaQueries: Sendable {
    public let location: String
    public let database: String
    public let table: String
    public let firstDay: String

    /// The table's columns: the ALB fields, the request line split in three.
    public static let columns: [(name: String, type: String, quoted: Bool)] = [
        ("type", "string", false), ("time", "string", false), ("elb", "string", false), ("client", "string", false),
        ("target", "string", false), ("request_processing_time", "double", false), ("target_processing_time", "double", false),
        ("response_processing_time", "double", false), ("elb_status_code", "int", false), ("target_status_code", "string", false),
        ("received_bytes", "bigint", false), ("sent_bytes", "bigint", false),
        ("request_verb", "string", true), ("request_url", "string", true), ("request_proto", "string", true),
        ("user_agent", "string", true), ("ssl_cipher", "string", false), ("ssl_protocol", "string", false),
        ("target_group_arn", "string", false), ("trace_id", "string", true), ("domain_name", "string", true),
        ("chosen_cert_arn", "string", true), ("matched_rule_priority", "string", false), ("request_creation_time", "string", false),
        ("actions_executed", "string", true), ("redirect_url", "string", true), ("error_reason", "string", true),
        ("target_port_list", "string", true), ("target_status_code_list", "string", true), ("classification", "string", true),
        ("classification_reason", "string", true), ("conn_trace_id", "string", false), ("transformed_host", "string", true),
        ("transformed_uri", "string", true), ("request_transform_status", "string", true),
    ]

    /// - Parameters:
    ///   - location: `s3://bucket[/prefix]` as configured on the load balancer.
    ///   - table: `database.table`.
    ///   - firstDay: the first day of the projection, `yyyy/MM/dd`.
    public init(location: String, account: String, region: String, table: String, firstDay: String) throws(LogConfigurationError) {
        guard location.hasPrefix("s3://"), location.count > 5 else {
            throw LogConfigurationError("--bucket \(location): expected s3://bucket or s3://bucket/prefix")
        }
        guard account.count == 12, account.allSatisfy(\.isNumber) else {
            throw LogConfigurationError("--account \(account): expected a 12-digit AWS account id")
        }
        guard region.range(of: "^[a-z]{2}(-[a-z]+)+-[0-9]$", options: .regularExpression) != nil else {
            throw LogConfigurationError("--region \(region): expected a Region such as ap-northeast-1")
        }
        let (database, table) = try Self.tableName(table)
        guard firstDay.range(of: "^[0-9]{4}/[0-9]{2}/[0-9]{2}$", options: .regularExpression) != nil else {
            throw LogConfigurationError("--first-day \(firstDay): expected yyyy/MM/dd")
        }
        var base = location
        while base.hasSuffix("/") { base.removeLast() }
        self.location = "\(base)/AWSLogs/\(account)/elasticloadbalancing/\(region)/"
        self.database = database
        self.table = table
        self.firstDay = firstDay
    }

    /// `database.table`, each of letters, digits and `_` (so it is safe in SQL).
    public static func tableName(_ text: String) throws(LogConfigurationError) -> (database: String, table: String) {
        let parts = text.split(separator: ".")
        guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) else {
            throw LogConfigurationError("--table \(text): expected database.table (letters, digits, _)")
        }
        return (String(parts[0]), String(parts[1]))
    }

    /// The RegexSerDe pattern: one group per column; the fields AWS added over the years are
    /// optional and fields appended later are ignored, as the parser here does.
    public static var inputRegex: String {
        var pattern = ""
        for (index, column) in columns.enumerated() {
            let group: String
            switch column.name {
            case "request_verb": group = #""([^ ]*) "#
            case "request_url": group = "(.*?)"
            case "request_proto": group = #" ?([^ "]*)""#
            default: group = column.quoted ? #""([^"]*)""# : "([^ ]*)"
            }
            if index == 0 {
                pattern += group
            } else if column.name == "request_url" || column.name == "request_proto" {
                pattern += group
            } else if index > columns.firstIndex(where: { $0.name == "user_agent" })! {
                pattern += "(?: \(group))?"
            } else {
                pattern += " " + group
            }
        }
        return pattern + "(?: .*)?"
    }

    /// `CREATE EXTERNAL TABLE` with partition projection on `day` (`yyyy/MM/dd`, the delivery path).
    public func createTable() -> String {
        let columnList = AthenaQueries.columns.map { "  `\($0.name)` \($0.type)" }.joined(separator: ",\n")
        return """
        CREATE EXTERNAL TABLE IF NOT EXISTS \(database).\(table) (
        \(columnList)
        )
        PARTITIONED BY (`day` string)
        ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'
        WITH SERDEPROPERTIES (
          'serialization.format' = '1',
          'input.regex' = '\(AthenaQueries.inputRegex)'
        )
        LOCATION '\(location)'
        TBLPROPERTIES (
          'projection.enabled' = 'true',
          'projection.day.type' = 'date',
          'projection.day.format' = 'yyyy/MM/dd',
          'projection.day.range' = '\(firstDay),NOW',
          'projection.day.interval' = '1',
          'projection.day.interval.unit' = 'DAYS',
          'storage.location.template' = '\(location)${day}'
        );
        """
    }

    /// The route template in SQL: numbers, UUIDs and hex hashes become `{id}` (as the local
    /// templating does; long mixed tokens are left as they are).
    static let routeExpression = """
    request_verb || ' ' || regexp_replace(
          regexp_replace(url_extract_path(request_url), '/(?:[0-9]+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{16,})(?=/|$)', '/{id}'),
          '(.)/$', '$1')
    """

    /// The per-route report: requests, 5xx, 4xx, load balancer 5xx, percentiles, max, bytes and
    /// where time goes over `[since, until)` (days, `yyyy-MM-dd`), at four levels told apart by
    /// `level` (Trino's `grouping`): 0 per route and bucket, 1 per route, 2 per bucket for all
    /// traffic, 3 the whole period, so route totals have their own percentiles.
    public func routeReport(since: String?, until: String?, bucket: String) throws(LogConfigurationError) -> String {
        try Self.routeReport(database: database, table: table, since: since, until: until, bucket: bucket)
    }

    /// The same report over any table of the layout ``createTable()`` makes.
    public static func routeReport(database: String, table: String, since: String?, until: String?,
                                   bucket: String) throws(LogConfigurationError) -> String {
        guard bucket == "hour" || bucket == "day" else { throw LogConfigurationError("--bucket-unit \(bucket): expected hour or day") }
        var filters: [String] = []
        for (name, day, op) in [("since", since, ">="), ("until", until, "<")] {
            guard let day else { continue }
            guard day.range(of: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", options: .regularExpression) != nil else {
                throw LogConfigurationError("--\(name) \(day): expected yyyy-MM-dd")
            }
            filters.append("day \(op) '\(day.replacingOccurrences(of: "-", with: "/"))'")
        }
        let whereClause = filters.isEmpty ? "" : "\n  WHERE " + filters.joined(separator: " AND ")
        return """
        WITH requests AS (
          SELECT
            date_trunc('\(bucket)', from_iso8601_timestamp(time)) AS bucket,
            \(AthenaQueries.routeExpression) AS route,
            elb_status_code,
            target_status_code,
            sent_bytes,
            CASE WHEN request_processing_time >= 0 AND target_processing_time >= 0 AND response_processing_time >= 0
                 THEN (request_processing_time + target_processing_time + response_processing_time) * 1000 END AS latency_ms,
            CASE WHEN target_processing_time >= 0 AND request_processing_time >= 0 AND response_processing_time >= 0
                 THEN request_processing_time END AS request_seconds,
            CASE WHEN target_processing_time >= 0 AND request_processing_time >= 0 AND response_processing_time >= 0
                 THEN target_processing_time END AS target_seconds,
            CASE WHEN target_processing_time >= 0 AND request_processing_time >= 0 AND response_processing_time >= 0
                 THEN response_processing_time END AS response_seconds
          FROM \(database).\(table)\(whereClause)
        )
        SELECT
          route,
          bucket,
          grouping(route, bucket) AS level,
          count(*) AS requests,
          count_if(elb_status_code >= 500) AS server_errors,
          count_if(elb_status_code BETWEEN 400 AND 499) AS client_errors,
          count_if(elb_status_code >= 500 AND target_status_code = '-') AS load_balancer_errors,
          approx_percentile(latency_ms, ARRAY[0.5, 0.9, 0.95, 0.99]) AS latency_percentiles_ms,
          max(latency_ms) AS max_latency_ms,
          sum(sent_bytes) AS bytes_sent,
          avg(request_seconds) * 1000 AS request_ms,
          avg(target_seconds) * 1000 AS target_ms,
          avg(response_seconds) * 1000 AS response_ms
        FROM requests
        GROUP BY GROUPING SETS ((route, bucket), (route), (bucket), ())
        ORDER BY level DESC, bucket, requests DESC;
        """
    }
}
