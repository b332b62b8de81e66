import AnshinCore
import AnshinStore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// The monitor's web server: the public status page (`/`), the operator dashboard
/// (`/dashboard`, `/monitor?name=`), the REST API under `/api/v1` described by `/openapi.json`,
/// Prometheus metrics at `/metrics` and the server's own health at `/healthz`.
///
/// Everything is read from the store, so a server may run beside the workers or on its own
/// against the same PostgreSQL store. Writes (checking a monitor now, silences) need the API
/// token, given as `Authorization: Bearer …`; without a token configured they are refused.
public struct MonitorSite: Sendable {
    public var store: MonitorStore
    /// The monitors as configured now, and the objectives of whole groups.
    public var monitors: @Sendable () -> [Monitor]
    public var groups: @Sendable () -> [String: ServiceLevelObjective]
    public var clock: @Sendable () -> Date
    public var title: String
    public var apiToken: String?
    public var pageSize: Int

    public init(store: MonitorStore, monitors: @escaping @Sendable () -> [Monitor],
                groups: @escaping @Sendable () -> [String: ServiceLevelObjective] = { [:] }, clock: @escaping @Sendable () -> Date = { Date() },
                title: String = "Status", apiToken: String? = nil, pageSize: Int = 50) {
        self.store = store
        self.monitors = monitors
        self.groups = groups
        self.clock = clock
        self.title = title
        self.apiToken = apiToken
        self.pageSize = pageSize
    }

    /// Serves on `host:port` (port 0 picks a free one) until the task is cancelled; `started` is
    /// told the port once the server listens.
    public func serve(host: String, port: Int, started: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let application = Application(
            router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "anshin"),
            onServerRunning: { channel in await started(channel.localAddress?.port ?? port) },
            logger: Logger(label: "anshin.monitor.web", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await application.run()
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { _, _ in html(MonitorPages.status(try await overview(days: true), title: title)) }
        router.get("/dashboard") { request, _ in
            let query = Query(request.uri.query)
            let page = MonitorPages.DashboardPage(page: max(1, Int(query["page"] ?? "") ?? 1), pageSize: pageSize,
                                                  query: query["q"] ?? "", state: query["state"].flatMap { $0.isEmpty ? nil : $0 })
            let all = try await MonitorOverview.load(monitors(), store: store, now: clock(), detail: [])
            let shown = Set(page.slice(all.entries).entries.map(\.monitor.name))
            let overview = try await MonitorOverview.load(monitors(), store: store, now: all.now, detail: shown)
            return html(MonitorPages.dashboard(overview, page: page, title: title))
        }
        router.get("/monitor") { request, _ in
            guard let name = Query(request.uri.query)["name"] else { return problem(.badRequest, "give the monitor as ?name=") }
            return try await monitorPage(name)
        }
        router.get("/healthz") { _, _ in try await health() }
        router.get("/metrics") { _, _ in
            let overview = try await overview(days: false)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: MonitorAPI.metrics(overview))))
        }
        router.get("/openapi.json") { _, _ in json(Array(MonitorAPI.openAPI.utf8)) }
        router.get("/api/v1/monitors") { request, _ in
            let query = Query(request.uri.query)
            let overview = try await MonitorOverview.load(monitors(), store: store, now: clock(), detail: [])
            let limit = min(max(Int(query["limit"] ?? "") ?? 100, 1), 1000)
            let offset = max(Int(query["offset"] ?? "") ?? 0, 0)
            let entries = overview.entries.filter { query["state"] == nil || $0.state == query["state"] }
            let page = Array(entries.dropFirst(offset).prefix(limit))
            return json(MonitorAPI.encode(MonitorAPI.MonitorList(total: entries.count, offset: offset, limit: limit,
                                                                 monitors: page.map(MonitorAPI.MonitorDocument.init))))
        }
        router.get("/api/v1/monitors/**") { request, _ in
            let name = Self.name(in: request.uri.path, after: "/api/v1/monitors/")
            guard monitors().contains(where: { $0.name == name }) else { return unknown(name) }
            let overview = try await MonitorOverview.load(monitors(), store: store, now: clock(), detail: [name])
            guard let entry = overview.entries.first(where: { $0.monitor.name == name }) else { return unknown(name) }
            return json(MonitorAPI.encode(MonitorAPI.MonitorDocument(entry)))
        }
        router.get("/api/v1/results") { request, _ in
            let query = Query(request.uri.query)
            guard let name = query["monitor"] else { return problem(.badRequest, "give the monitor as ?monitor=") }
            guard monitors().contains(where: { $0.name == name }) else { return unknown(name) }
            let limit = min(max(Int(query["limit"] ?? "") ?? 100, 1), 1000)
            return json(MonitorAPI.encode(["results": try await store.results(name, limit: limit).map(MonitorAPI.ResultDocument.init)]))
        }
        router.get("/api/v1/incidents") { _, _ in
            let since = MonitorStore.milliseconds(clock()) - 7 * 86_400_000
            return json(MonitorAPI.encode(["incidents": try await store.incidents(since: since).map(MonitorAPI.IncidentDocument.init)]))
        }
        router.post("/api/v1/checks") { request, _ in
            if let refusal = refuseWrite(request) { return refusal }
            var request = request
            guard let body = try? JSONDecoder().decode([String: String].self, from: Data(buffer: try await request.collectBody(upTo: 65536))),
                  let name = body["monitor"] else {
                return problem(.badRequest, "expected a JSON body {\"monitor\": \"name\"}")
            }
            guard monitors().contains(where: { $0.name == name }) else { return unknown(name) }
            try await MonitorStore.queue.reschedule(name, dueAt: MonitorStore.milliseconds(clock()), on: store.store)
            return Response(status: .accepted, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: MonitorAPI.encode(["monitor": name, "status": "due now"]))))
        }
        router.get("/api/v1/silences") { _, _ in
            json(MonitorAPI.encode(["silences": try await store.silences(now: MonitorStore.milliseconds(clock())).map(MonitorAPI.SilenceDocument.init)]))
        }
        router.post("/api/v1/silences") { request, _ in
            if let refusal = refuseWrite(request) { return refusal }
            var request = request
            let data = Data(buffer: try await request.collectBody(upTo: 65536))
            let now = MonitorStore.milliseconds(clock())
            switch MonitorAPI.silence(from: data, now: now, monitors: monitors()) {
            case .failure(let message):
                return problem(.badRequest, message.description)
            case .success(let silence):
                try await store.addSilence(silence)
                return Response(status: .created, headers: [.contentType: "application/json", .location: "/api/v1/silences/\(silence.id)"],
                                body: .init(byteBuffer: ByteBuffer(bytes: MonitorAPI.encode(MonitorAPI.SilenceDocument(silence)))))
            }
        }
        router.delete("/api/v1/silences/:id") { request, context in
            if let refusal = refuseWrite(request) { return refusal }
            let id = context.parameters.get("id") ?? ""
            guard try await store.removeSilence(id) else { return problem(.notFound, "no silence \(id)") }
            return Response(status: .noContent)
        }
        return router
    }

    // MARK: - Handlers

    func overview(days: Bool) async throws(StoreError) -> MonitorOverview {
        try await MonitorOverview.load(monitors(), store: store, now: clock(), days: days, groups: groups())
    }

    func monitorPage(_ name: String) async throws -> Response {
        guard monitors().contains(where: { $0.name == name }) else {
            return Response(status: .notFound, headers: [.contentType: "text/html; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: MonitorPages.document("Not found", "<h1>No monitor \(HTMLText.escape(name))</h1>"))))
        }
        let now = clock()
        let millis = MonitorStore.milliseconds(now)
        let overview = try await MonitorOverview.load(monitors(), store: store, now: now, detail: [name])
        guard let entry = overview.entries.first(where: { $0.monitor.name == name }) else { return unknown(name) }
        let minutes = try await store.buckets(name, .minute, since: millis - 6 * 3_600_000)
        let results = try await store.results(name, limit: 50)
        let incidents = try await store.incidents(since: 0, limit: 1000).filter { $0.monitor == name }
        var burnRates: [(BurnRateAlert, long: Double?, short: Double?)] = []
        if let slo = entry.monitor.slo {
            let longest = BurnRateAlert.workbook.map(\.long).max() ?? 0
            let samples = try await store.sloSamples(name, window: max(longest, slo.window), now: millis)
            burnRates = BurnRateAlert.workbook.map { alert in
                (alert, slo.burnRate(samples, over: alert.long, at: now), slo.burnRate(samples, over: alert.short, at: now))
            }
        }
        return html(MonitorPages.monitor(entry, minutes: minutes, results: results, incidents: incidents, burnRates: burnRates,
                                         now: now, title: title))
    }

    /// `application/health+json`: pass when the store answers, with the monitors' counts.
    func health() async throws -> Response {
        do {
            let overview = try await MonitorOverview.load(monitors(), store: store, now: clock(), detail: [])
            let body = MonitorAPI.encode(MonitorAPI.HealthDocument(status: "pass", monitors: overview.entries.count, counts: overview.counts))
            return Response(status: .ok, headers: [.contentType: "application/health+json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        } catch {
            let body = MonitorAPI.encode(MonitorAPI.HealthDocument(status: "fail", monitors: 0, counts: [:], output: "\(error)"))
            return Response(status: .serviceUnavailable, headers: [.contentType: "application/health+json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
    }

    /// A refusal when `request` may not write: no token configured, or not the right one.
    func refuseWrite(_ request: Request) -> Response? {
        guard let apiToken, !apiToken.isEmpty else {
            return problem(.forbidden, "writes are off: start the server with an API token (--api-token-env) to allow them")
        }
        let given = request.headers[.authorization] ?? ""
        let expected = "Bearer \(apiToken)"
        // Compared in constant time, so the token cannot be guessed byte by byte.
        guard given.utf8.count == expected.utf8.count,
              zip(given.utf8, expected.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            return problem(.unauthorized, "a write needs \"Authorization: Bearer <token>\" with the server's API token")
        }
        return nil
    }

    func html(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func json(_ bytes: [UInt8]) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// An RFC 9457 problem document.
    func problem(_ status: HTTPResponse.Status, _ detail: String) -> Response {
        let body = MonitorAPI.encode(["status": "\(status.code)", "title": status.reasonPhrase, "detail": detail])
        return Response(status: status, headers: [.contentType: "application/problem+json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    func unknown(_ name: String) -> Response { problem(.notFound, "no monitor \"\(name)\"") }

    /// The part of `path` after `prefix`, percent-decoded (monitor names may hold `/`).
    static func name(in path: String, after prefix: String) -> String {
        let raw = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
        return raw.removingPercentEncoding ?? raw
    }
}

/// A URL query's parameters: `+` is a space, the rest percent-decoded; the first of a name wins.
struct Query {
    private var values: [String: String] = [:]

    init(_ query: String?) {
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let name = decode(parts[0])
            if values[name] == nil { values[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
    }

    subscript(name: String) -> String? { values[name] }
}
