import AnshinAWS
import Foundation

/// Runs a query in Amazon Athena through anshin's AWS client and reads its rows: `StartQueryExecution`,
/// `GetQueryExecution` until the query ends, then every page of `GetQueryResults`.
public struct AthenaRunner: Sendable {
    public var client: AWSClient
    /// The workgroup to run in (Athena's default: `primary`).
    public var workGroup: String?
    /// Where Athena writes results (`s3://…/`); needed unless the workgroup names one.
    public var outputLocation: String?
    public var pollInterval: Duration
    /// The longest a query may run, in seconds.
    public var timeout: Double

    public init(client: AWSClient, workGroup: String? = nil, outputLocation: String? = nil, pollInterval: Duration = .seconds(1),
                timeout: Double = 900) {
        self.client = client
        self.workGroup = workGroup
        self.outputLocation = outputLocation
        self.pollInterval = pollInterval
        self.timeout = timeout
    }

    /// The rows of `sql`, each by column name (a NULL is absent).
    public func rows(_ sql: String, database: String?) async throws(LogConfigurationError) -> [[String: String]] {
        do {
            var request: JSON = ["QueryString": .string(sql), "ClientRequestToken": .string(UUID().uuidString)]
            if case .object(var members) = request {
                if let workGroup { members["WorkGroup"] = .string(workGroup) }
                if let outputLocation { members["ResultConfiguration"] = ["OutputLocation": .string(outputLocation)] }
                if let database { members["QueryExecutionContext"] = ["Database": .string(database)] }
                request = .object(members)
            }
            let started = try await client.json(service: .athena, operation: "StartQueryExecution", body: request)
            guard let id = started["QueryExecutionId"]?.string else { throw LogConfigurationError("Athena returned no QueryExecutionId") }
            let deadline = Date().addingTimeInterval(timeout)
            while true {
                let execution = try await client.json(service: .athena, operation: "GetQueryExecution", body: ["QueryExecutionId": .string(id)])
                let status = execution["QueryExecution"]?["Status"]
                switch status?["State"]?.string ?? "" {
                case "SUCCEEDED":
                    return try await results(id)
                case "FAILED", "CANCELLED":
                    let reason = status?["StateChangeReason"]?.string ?? "no reason given"
                    throw LogConfigurationError("the Athena query \(id) \(status?["State"]?.string?.lowercased() ?? "failed"): \(reason)")
                default:
                    guard Date() < deadline else {
                        _ = try? await client.json(service: .athena, operation: "StopQueryExecution", body: ["QueryExecutionId": .string(id)])
                        throw LogConfigurationError("the Athena query \(id) ran longer than \(Int(timeout)) s and was stopped")
                    }
                    try? await Task.sleep(for: pollInterval)
                }
            }
        } catch let error as LogConfigurationError {
            throw error
        } catch {
            throw LogConfigurationError("Athena: \(error)")
        }
    }

    private func results(_ id: String) async throws -> [[String: String]] {
        var rows: [[String: String]] = []
        var names: [String] = []
        var token: String?
        var first = true
        repeat {
            var body: JSON = ["QueryExecutionId": .string(id), "MaxResults": .number(1000)]
            if let token, case .object(var members) = body {
                members["NextToken"] = .string(token)
                body = .object(members)
            }
            let page = try await client.json(service: .athena, operation: "GetQueryResults", body: body)
            if names.isEmpty {
                names = page["ResultSet"]?["ResultSetMetadata"]?["ColumnInfo"]?.array?.compactMap { $0["Name"]?.string } ?? []
            }
            var pageRows = page["ResultSet"]?["Rows"]?.array ?? []
            // A SELECT's first row holds the column names.
            if first, let header = pageRows.first, header["Data"]?.array?.map({ $0["VarCharValue"]?.string }) == names.map({ Optional($0) }) {
                pageRows.removeFirst()
            }
            first = false
            for row in pageRows {
                var values: [String: String] = [:]
                for (name, datum) in zip(names, row["Data"]?.array ?? []) {
                    if let text = datum["VarCharValue"]?.string { values[name] = text }
                }
                rows.append(values)
            }
            token = page["NextToken"]?.string
        } while token != nil
        return rows
    }
}

extension LogReport {
    /// The report from the rows of ``AthenaQueries/routeReport(since:until:bucket:)``: the period's
    /// total, each route's own totals and percentiles, and the series of all traffic and of the
    /// busiest routes; with `previous` (the same query over the period before), the comparison.
    /// Customers are not part of that query.
    public init(athena rows: [[String: String]], bucketSeconds: Int64, from: Int64?, to: Int64?, generatedAt: String,
                previous: LogReport? = nil, options: Options = Options()) throws(LogConfigurationError) {
        func number(_ row: [String: String], _ name: String) -> Double? { row[name].flatMap(Double.init) }
        func count(_ row: [String: String], _ name: String) -> UInt64 { UInt64(number(row, name) ?? 0) }
        func percentiles(_ row: [String: String]) -> [Double?] {
            let text = row["latency_percentiles_ms"] ?? ""
            let values = text.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).split(separator: ",")
                .map { Double($0.trimmingCharacters(in: .whitespaces)) }
            return values.count == 4 ? values : [nil, nil, nil, nil]
        }
        func summary(_ row: [String: String], name: String, total: UInt64) -> RouteSummary {
            let requests = count(row, "requests")
            let share = requests == 0 ? 0 : 1.0 / Double(requests)
            let p = percentiles(row)
            return RouteSummary(name: name, requests: requests, share: total == 0 ? 0 : Double(requests) / Double(total),
                                serverErrorRate: Double(count(row, "server_errors")) * share,
                                clientErrorRate: Double(count(row, "client_errors")) * share,
                                loadBalancerErrors: count(row, "load_balancer_errors"), p50: p[0], p90: p[1], p95: p[2], p99: p[3],
                                max: number(row, "max_latency_ms"), bytesSent: count(row, "bytes_sent"),
                                requestMillis: number(row, "request_ms"), targetMillis: number(row, "target_ms"),
                                responseMillis: number(row, "response_ms"))
        }
        func time(_ row: [String: String]) throws(LogConfigurationError) -> Int64 {
            // Athena writes timestamps as "2026-11-23 10:00:00.000".
            let text = row["bucket"] ?? ""
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = text.contains(".") ? "yyyy-MM-dd HH:mm:ss.SSS" : "yyyy-MM-dd HH:mm:ss"
            guard let date = formatter.date(from: text) else { throw LogConfigurationError("Athena returned a bucket \"\(text)\" that is not a timestamp") }
            return Int64(date.timeIntervalSince1970)
        }
        let levels = Dictionary(grouping: rows) { $0["level"] ?? "" }
        guard let whole = levels["3"]?.first else { throw LogConfigurationError("Athena returned no total row (level 3): is this the report query?") }
        let total = count(whole, "requests")
        let routeRows = (levels["1"] ?? []).sorted { (count($0, "requests"), $1["route"] ?? "") > (count($1, "requests"), $0["route"] ?? "") }
        let routes = routeRows.map { summary($0, name: $0["route"] ?? "", total: total) }
        let allBuckets = try (levels["2"] ?? []).map { row throws(LogConfigurationError) in (try time(row), row) }.sorted { $0.0 < $1.0 }
        func point(_ entry: (Int64, [String: String])) -> RouteSeries.Point {
            let p = percentiles(entry.1)
            let requests = count(entry.1, "requests")
            return RouteSeries.Point(time: entry.0, requests: requests, p50: p[0], p95: p[2], p99: p[3],
                                     serverErrorRate: requests == 0 ? 0 : Double(count(entry.1, "server_errors")) / Double(requests))
        }
        var series = [RouteSeries(name: "All traffic", points: allBuckets.map(point))]
        let perRoute = Dictionary(grouping: levels["0"] ?? []) { $0["route"] ?? "" }
        for route in routes.prefix(options.chartedRoutes) {
            let entries = try (perRoute[route.name] ?? []).map { row throws(LogConfigurationError) in (try time(row), row) }.sorted { $0.0 < $1.0 }
            series.append(RouteSeries(name: route.name, points: entries.map(point)))
        }
        title = options.title
        self.generatedAt = generatedAt
        self.from = from ?? allBuckets.first?.0 ?? 0
        self.to = to ?? ((allBuckets.last?.0).map { $0 + bucketSeconds } ?? 0)
        self.bucketSeconds = bucketSeconds
        self.total = summary(whole, name: "All traffic", total: total)
        self.routes = Array(routes.prefix(options.routes))
        slowest = routes.filter { $0.requests >= options.minimumRequests && $0.p95 != nil }
            .sorted { ($0.p95 ?? 0, $1.name) > ($1.p95 ?? 0, $0.name) }.prefix(10).map { $0 }
        self.series = series
        customersByTraffic = []
        customersBySlowness = []
        comparison = nil
        if options.compare, let previous, previous.total.requests > 0 {
            let before = Dictionary(previous.routes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            comparison = Comparison(from: previous.from, to: previous.to, total: previous.total,
                                    routes: self.routes.compactMap { route in
                                        before[route.name].map { Comparison.Change(before: $0, after: route, options: options) }
                                    })
        }
        var counts = LineCounts()
        counts.records = total
        counts.lines = total
        self.counts = counts
    }
}
