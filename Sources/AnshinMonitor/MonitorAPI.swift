import Foundation

/// The documents of the monitor's REST API, its OpenAPI description and its Prometheus metrics.
public enum MonitorAPI {
    public struct MonitorList: Codable, Sendable {
        public var total: Int
        public var offset: Int
        public var limit: Int
        public var monitors: [MonitorDocument]
    }

    public struct MonitorDocument: Codable, Sendable {
        public var name: String
        public var group: String?
        public var environment: String?
        public var kind: String
        public var target: String
        public var intervalSeconds: Double
        public var state: String
        public var reason: String?
        public var downSince: String?
        public var lastCheck: String?
        public var lastPassed: Bool?
        public var latencyMs: Double?
        public var slo: SLODocument?

        init(_ entry: MonitorOverview.Entry) {
            name = entry.monitor.name
            group = entry.monitor.group
            environment = entry.monitor.environment
            kind = entry.monitor.probe.kind
            target = entry.monitor.probe.target
            intervalSeconds = entry.monitor.interval
            state = entry.state
            reason = entry.state == "down" ? entry.stored?.state.reason : nil
            downSince = entry.stored?.state.downSince.map(MonitorAPI.iso)
            lastCheck = entry.stored?.checkedAt.map { MonitorAPI.iso(MonitorStore.date($0)) }
            lastPassed = entry.stored?.passed
            latencyMs = entry.stored?.latency
            if let slo = entry.monitor.slo {
                self.slo = SLODocument(objective: slo.objective, windowSeconds: slo.window, checks: entry.slo?.total,
                                       availability: entry.slo?.availability, budgetRemaining: entry.slo?.budgetRemaining,
                                       firing: entry.slo?.firing.map(\.description) ?? [])
            }
        }
    }

    public struct SLODocument: Codable, Sendable {
        public var objective: Double
        public var windowSeconds: Double
        public var checks: Int?
        public var availability: Double?
        public var budgetRemaining: Double?
        public var firing: [String]
    }

    public struct ResultDocument: Codable, Sendable {
        public var at: String
        public var passed: Bool
        public var latencyMs: Double
        public var status: Int?
        public var reason: String?
        public var latenessMs: Int64
        public var maintenance: Bool

        init(_ record: MonitorStore.Record) {
            at = MonitorAPI.iso(MonitorStore.date(record.at))
            passed = record.passed
            latencyMs = record.latency
            status = record.status
            reason = record.reason
            latenessMs = record.lateness
            maintenance = record.maintenance
        }
    }

    public struct IncidentDocument: Codable, Sendable {
        public var monitor: String
        public var started: String
        public var ended: String?
        public var reason: String

        init(_ incident: Incident) {
            monitor = incident.monitor
            started = MonitorAPI.iso(MonitorStore.date(incident.started))
            ended = incident.ended.map { MonitorAPI.iso(MonitorStore.date($0)) }
            reason = incident.reason
        }
    }

    public struct SilenceDocument: Codable, Sendable {
        public var id: String
        public var target: String
        public var starts: String
        public var ends: String
        public var note: String

        init(_ silence: Silence) {
            id = silence.id
            target = silence.target
            starts = MonitorAPI.iso(MonitorStore.date(silence.starts))
            ends = MonitorAPI.iso(MonitorStore.date(silence.ends))
            note = silence.note
        }
    }

    public struct HealthDocument: Codable, Sendable {
        public var status: String
        public var monitors: Int
        public var counts: [String: Int]
        public var output: String?
    }

    /// What a silence is made from: `target` and either `ends` (RFC 3339) or `duration`
    /// (`2h`), optionally `starts` and `note`.
    struct SilenceRequest: Decodable {
        var target: String?
        var starts: String?
        var ends: String?
        var duration: String?
        var note: String?
    }

    public struct RequestError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The silence a POST body asks for, checked: its target exists, it ends after it starts.
    static func silence(from data: Data, now: Int64, monitors: [Monitor]) -> Result<Silence, RequestError> {
        func fail(_ text: String) -> Result<Silence, RequestError> { .failure(RequestError(description: text)) }
        guard let request = try? JSONDecoder().decode(SilenceRequest.self, from: data) else {
            return fail("expected a JSON object with target and ends or duration")
        }
        guard let target = request.target, !target.isEmpty else { return fail("a silence needs a target: a monitor, a group or \"*\"") }
        guard target == "*" || monitors.contains(where: { $0.name == target || $0.group == target }) else {
            return fail("no monitor or group \"\(target)\"")
        }
        let parser = ISO8601DateFormatter()
        var starts = now
        if let text = request.starts {
            guard let date = parser.date(from: text) else { return fail("starts is not an RFC 3339 time: \(text)") }
            starts = MonitorStore.milliseconds(date)
        }
        let ends: Int64
        if let text = request.ends {
            guard let date = parser.date(from: text) else { return fail("ends is not an RFC 3339 time: \(text)") }
            ends = MonitorStore.milliseconds(date)
        } else if let text = request.duration {
            guard let seconds = MonitorDuration.seconds(text), seconds > 0 else { return fail("duration takes 30m, 2h, …; got \(text)") }
            ends = starts + Int64(seconds * 1000)
        } else {
            return fail("a silence needs ends or duration")
        }
        guard ends > starts else { return fail("a silence must end after it starts") }
        return .success(Silence(id: UUID().uuidString.lowercased(), target: target, starts: starts, ends: ends,
                                note: request.note ?? "", created: now))
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(value)) ?? Data("{}".utf8))
    }

    // MARK: - Prometheus

    /// The text exposition format: each monitor's state, last latency and SLO figures, labelled
    /// by monitor, group and environment.
    public static func metrics(_ overview: MonitorOverview) -> String {
        func labels(_ monitor: Monitor) -> String {
            var pairs = ["monitor=\"\(escapeLabel(monitor.name))\""]
            if let group = monitor.group { pairs.append("group=\"\(escapeLabel(group))\"") }
            if let environment = monitor.environment { pairs.append("environment=\"\(escapeLabel(environment))\"") }
            return "{" + pairs.joined(separator: ",") + "}"
        }
        var lines: [String] = []
        func family(_ name: String, _ help: String, _ values: [(Monitor, Double)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) gauge")
            for (monitor, value) in values { lines.append("\(name)\(labels(monitor)) \(format(value))") }
        }
        let entries = overview.entries
        family("anshin_monitor_up", "1 when the monitor is up, 0 when down; absent before its first check.",
               entries.compactMap { entry in
                   switch entry.stored?.state.health {
                   case .up?: (entry.monitor, 1)
                   case .down?: (entry.monitor, 0)
                   default: nil
                   }
               })
        family("anshin_monitor_maintenance", "1 while the monitor is in a maintenance window or silenced.",
               entries.map { ($0.monitor, $0.state == "maintenance" ? 1 : 0) })
        family("anshin_monitor_latency_seconds", "The latency of the last check.",
               entries.compactMap { entry in entry.stored?.latency.map { (entry.monitor, $0 / 1000) } })
        family("anshin_monitor_last_check_timestamp_seconds", "When the last check started, in seconds since 1970.",
               entries.compactMap { entry in entry.stored?.checkedAt.map { (entry.monitor, Double($0) / 1000) } })
        family("anshin_monitor_slo_objective", "The SLO's objective as a share of checks.",
               entries.compactMap { entry in entry.monitor.slo.map { (entry.monitor, $0.objective) } })
        family("anshin_monitor_slo_availability", "The share of checks that passed over the SLO window.",
               entries.compactMap { entry in entry.slo?.availability.map { (entry.monitor, $0) } })
        family("anshin_monitor_slo_error_budget_remaining", "The share of the error budget left (below 0 when overspent).",
               entries.compactMap { entry in entry.slo?.budgetRemaining.map { (entry.monitor, $0) } })
        family("anshin_monitor_slo_burn_alert_firing", "1 while a burn-rate alert of the monitor's SLO fires.",
               entries.compactMap { entry in entry.slo.map { (entry.monitor, $0.firing.isEmpty ? 0 : 1) } })
        let groups = overview.groups.sorted { $0.key < $1.key }
        for (name, help, value) in [
            ("anshin_group_slo_availability", "The share of the group's checks that passed over its SLO window.", { (status: ServiceLevelStatus) in status.availability }),
            ("anshin_group_slo_error_budget_remaining", "The share of the group's error budget left.", { (status: ServiceLevelStatus) in status.budgetRemaining }),
        ] {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) gauge")
            for (group, objective) in groups {
                if let figure = value(objective.status) { lines.append("\(name){group=\"\(escapeLabel(group))\"} \(format(figure))") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func escapeLabel(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    // MARK: - OpenAPI

    /// The API's OpenAPI 3.1 description, served at `/openapi.json`.
    public static let openAPI = """
    {
      "openapi": "3.1.0",
      "info": {"title": "anshin monitor", "version": "1", "description": "Monitors, their results, incidents and silences. Writes need Authorization: Bearer <token>."},
      "components": {
        "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        "schemas": {
          "Problem": {"type": "object", "properties": {"status": {"type": "string"}, "title": {"type": "string"}, "detail": {"type": "string"}}},
          "SLO": {"type": "object", "required": ["objective", "window_seconds", "firing"], "properties": {
            "objective": {"type": "number"}, "window_seconds": {"type": "number"}, "checks": {"type": "integer"},
            "availability": {"type": "number"}, "budget_remaining": {"type": "number"}, "firing": {"type": "array", "items": {"type": "string"}}}},
          "Monitor": {"type": "object", "required": ["name", "kind", "target", "interval_seconds", "state"], "properties": {
            "name": {"type": "string"}, "group": {"type": "string"}, "environment": {"type": "string"}, "kind": {"enum": ["http", "tcp", "tls", "dns"]},
            "target": {"type": "string"}, "interval_seconds": {"type": "number"}, "state": {"enum": ["up", "down", "unknown", "maintenance"]},
            "reason": {"type": "string"}, "down_since": {"type": "string", "format": "date-time"}, "last_check": {"type": "string", "format": "date-time"},
            "last_passed": {"type": "boolean"}, "latency_ms": {"type": "number"}, "slo": {"$ref": "#/components/schemas/SLO"}}},
          "Result": {"type": "object", "required": ["at", "passed", "latency_ms", "lateness_ms", "maintenance"], "properties": {
            "at": {"type": "string", "format": "date-time"}, "passed": {"type": "boolean"}, "latency_ms": {"type": "number"},
            "status": {"type": "integer"}, "reason": {"type": "string"}, "lateness_ms": {"type": "integer"}, "maintenance": {"type": "boolean"}}},
          "Incident": {"type": "object", "required": ["monitor", "started", "reason"], "properties": {
            "monitor": {"type": "string"}, "started": {"type": "string", "format": "date-time"}, "ended": {"type": "string", "format": "date-time"},
            "reason": {"type": "string"}}},
          "Silence": {"type": "object", "required": ["id", "target", "starts", "ends", "note"], "properties": {
            "id": {"type": "string"}, "target": {"type": "string"}, "starts": {"type": "string", "format": "date-time"},
            "ends": {"type": "string", "format": "date-time"}, "note": {"type": "string"}}}
        }
      },
      "paths": {
        "/api/v1/monitors": {"get": {"summary": "Every monitor with its state", "parameters": [
          {"name": "state", "in": "query", "schema": {"enum": ["up", "down", "unknown", "maintenance"]}},
          {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000}}],
          "responses": {"200": {"description": "A page of monitors", "content": {"application/json": {"schema": {"type": "object",
            "required": ["total", "offset", "limit", "monitors"], "properties": {"total": {"type": "integer"}, "offset": {"type": "integer"},
            "limit": {"type": "integer"}, "monitors": {"type": "array", "items": {"$ref": "#/components/schemas/Monitor"}}}}}}}}}},
        "/api/v1/monitors/{name}": {"get": {"summary": "One monitor, with its SLO", "parameters": [
          {"name": "name", "in": "path", "required": true, "description": "The monitor's name, / included (api/prd)", "schema": {"type": "string"}}],
          "responses": {"200": {"description": "The monitor", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Monitor"}}}},
            "404": {"description": "No such monitor", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}}},
        "/api/v1/results": {"get": {"summary": "A monitor's newest raw results", "parameters": [
          {"name": "monitor", "in": "query", "required": true, "schema": {"type": "string"}},
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000}}],
          "responses": {"200": {"description": "Newest first", "content": {"application/json": {"schema": {"type": "object", "properties": {
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/Result"}}}}}}},
            "404": {"description": "No such monitor", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}}},
        "/api/v1/incidents": {"get": {"summary": "Incidents open now or ended in the last 7 days",
          "responses": {"200": {"description": "Newest first", "content": {"application/json": {"schema": {"type": "object", "properties": {
            "incidents": {"type": "array", "items": {"$ref": "#/components/schemas/Incident"}}}}}}}}}},
        "/api/v1/checks": {"post": {"summary": "Check a monitor now", "security": [{"token": []}],
          "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["monitor"],
            "properties": {"monitor": {"type": "string"}}}}}},
          "responses": {"202": {"description": "The monitor is due now"}, "400": {"description": "Malformed body"},
            "401": {"description": "Missing or wrong token"}, "403": {"description": "Writes are off"}, "404": {"description": "No such monitor"}}}},
        "/api/v1/silences": {
          "get": {"summary": "Silences that have not ended", "responses": {"200": {"description": "Soonest first", "content": {"application/json": {
            "schema": {"type": "object", "properties": {"silences": {"type": "array", "items": {"$ref": "#/components/schemas/Silence"}}}}}}}}},
          "post": {"summary": "Silence a monitor, a group or * (alerts held, checks left out of SLOs)", "security": [{"token": []}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["target"], "properties": {
              "target": {"type": "string"}, "starts": {"type": "string", "format": "date-time"}, "ends": {"type": "string", "format": "date-time"},
              "duration": {"type": "string", "examples": ["2h"]}, "note": {"type": "string"}}}}}},
            "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Silence"}}}},
              "400": {"description": "Malformed", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
              "401": {"description": "Missing or wrong token"}, "403": {"description": "Writes are off"}}}},
        "/api/v1/silences/{id}": {"delete": {"summary": "End a silence now", "security": [{"token": []}], "parameters": [
          {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
          "responses": {"204": {"description": "Removed"}, "401": {"description": "Missing or wrong token"}, "403": {"description": "Writes are off"},
            "404": {"description": "No such silence"}}}},
        "/metrics": {"get": {"summary": "Prometheus text exposition", "responses": {"200": {"description": "Gauges per monitor",
          "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
        "/healthz": {"get": {"summary": "The server's own health", "responses": {
          "200": {"description": "pass", "content": {"application/health+json": {"schema": {"type": "object"}}}},
          "503": {"description": "fail: the store cannot be read"}}}}
      }
    }
    """
}
