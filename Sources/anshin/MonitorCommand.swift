import AnshinCore
import AnshinHTTP
import AnshinMonitor
import AnshinStore
import ArgumentParser
import Foundation
import Synchronization

/// `anshin monitor`: synthetic monitoring as code, the monitors read from `anshin.yml`.
struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Monitors as code: HTTP(S), TCP, TLS certificate and DNS checks from anshin.yml; validate them, run each once, or keep checking and alert.",
        subcommands: [MonitorCheckConfigCommand.self, MonitorOnceCommand.self, MonitorRunCommand.self, MonitorServeCommand.self]
    )
}

/// Where the monitors come from, the same for every `monitor` subcommand.
struct MonitorSourceOptions: ParsableArguments {
    @OptionGroup var folder: FolderOptions

    @Option(name: .customLong("config"),
            help: ArgumentHelp("A YAML file or a folder of them holding the monitors (default: monitors: in anshin.yml).",
                               valueName: "path"),
            completion: .file())
    var config: String?

    /// The monitors as they are written now; throws what is wrong with them.
    func read() throws -> MonitorConfiguration {
        let project = try Workspace.project(folder.path)
        let catalog = try EnvironmentCatalog.load(root: project.catalogRoot)
        return try MonitorConfiguration.load(root: project.catalogRoot, catalog: catalog, path: config)
    }

    /// The monitors, or every mistake in them printed and a usage error.
    func load() throws -> MonitorConfiguration {
        do {
            return try read()
        } catch let problems as MonitorConfiguration.Problems {
            for error in problems.errors { printError("error: \(error)") }
            printError("\(problems.errors.count) mistake\(problems.errors.count == 1 ? "" : "s") in the monitors")
            throw ExitStatus.usage
        }
    }
}

struct MonitorCheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the monitors: every mistake with its file, line and field; exit 2 if there is one."
    )

    @OptionGroup var source: MonitorSourceOptions

    func run() throws {
        let configuration = try source.load()
        for monitor in configuration.monitors {
            let interval = MonitorDuration.format(monitor.interval)
            let conditions = monitor.effectiveConditions.map(\.description).joined(separator: "; ")
            print("\(monitor.name)  \(monitor.probe.target)  every \(interval)  \(conditions)")
        }
        let count = configuration.monitors.count
        print("\(count) monitor\(count == 1 ? "" : "s") in \(configuration.files.joined(separator: ", ")): valid")
    }
}

struct MonitorOnceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "once",
        abstract: "Run every monitor once (a smoke test after a deploy); exit 1 if one fails.",
        discussion: """
        Exit codes:
          0  every monitor passed
          1  at least one monitor failed
          2  a mistake in the monitors or the command line
        """
    )

    @OptionGroup var source: MonitorSourceOptions

    @Option(name: [.customShort("f"), .customLong("format")], help: ArgumentHelp("Output format.", valueName: "format"))
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Only the monitors of this group (repeatable).", valueName: "group"))
    var group: [String] = []

    @Option(help: ArgumentHelp("How many checks run at once.", valueName: "count"))
    var concurrency = 64

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
        init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    }

    func validate() throws {
        guard (1...10_000).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 10000, got \(concurrency)") }
    }

    func run() async throws {
        var monitors = try source.load().monitors
        if !group.isEmpty {
            let known = Set(monitors.compactMap(\.group))
            for name in group where !known.contains(name) {
                throw ConfigurationError(field: "--group", message: "no monitor in group \"\(name)\"" + Suggestion.phrase(for: name, in: Array(known).sorted()))
            }
            monitors = monitors.filter { $0.group.map(group.contains) ?? false }
        }
        let outcomes = await CheckRunner().checkAll(monitors, concurrency: concurrency)
        switch format {
        case .text: print(MonitorListing.text(outcomes), terminator: "")
        case .json: print(MonitorListing.json(outcomes))
        }
        if outcomes.contains(where: { !$0.passed }) { throw ExitStatus.findings }
    }
}

/// Where the monitors' history is kept, the same for every command that reads or writes it.
struct MonitorStoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Where history is kept: an SQLite file, sqlite:PATH or postgres://USER@HOST/DB "
                               + "(default: .anshin/monitor/history.db in the project; ANSHIN_STORE).", valueName: "location"))
    var store: String?

    /// Opens the store named, or the project's default SQLite file (created with a .gitignore
    /// so history is never committed).
    func open(project: ProjectFolder) async throws -> MonitorStore {
        let text: String
        if let store = store ?? ProcessInfo.processInfo.environment["ANSHIN_STORE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            text = store
        } else {
            let folder = project.root.appendingPathComponent(ProjectFolder.folderName).appendingPathComponent("monitor")
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let ignore = folder.appendingPathComponent(".gitignore")
            if !FileManager.default.fileExists(atPath: ignore.path) { try? Data("*\n".utf8).write(to: ignore) }
            text = folder.appendingPathComponent("history.db").path
        }
        return try await MonitorStore.open(try await Store.open(text))
    }
}

/// The web server's options, the same for `monitor run --listen` and `monitor serve`.
struct MonitorWebOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Serve the status page, dashboard, API and /metrics on this address (127.0.0.1:8080, :8080 for every interface).",
                               valueName: "host:port"))
    var listen: String?

    @Option(help: ArgumentHelp("The status page's title.", valueName: "text"))
    var title = "Status"

    @Option(name: .customLong("api-token-env"),
            help: ArgumentHelp("The environment variable holding the API token that writes (silences, checks now) need; without it the API is read-only.",
                               valueName: "name"))
    var apiTokenVariable: String?

    func validate() throws {
        if let listen { _ = try Self.address(listen) }
    }

    static func address(_ text: String) throws -> (host: String, port: Int) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2, let port = Int(parts.last!), (0...65535).contains(port) else {
            throw ValidationError("--listen takes host:port (127.0.0.1:8080 or :8080), got \"\(text)\"")
        }
        let host = parts.dropLast().joined(separator: ":")
        return (host.isEmpty ? "0.0.0.0" : host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port)
    }

    /// The API token, read from the variable named; a variable named but empty is a mistake.
    func token() throws -> String? {
        guard let apiTokenVariable else { return nil }
        guard let value = ProcessInfo.processInfo.environment[apiTokenVariable], !value.isEmpty else {
            throw ConfigurationError(field: "--api-token-env", message: "the environment variable \(apiTokenVariable) is not set or empty")
        }
        return value
    }

    /// Serves until cancelled, saying where once it listens.
    func serve(store: MonitorStore, monitors: @escaping @Sendable () -> [Monitor],
               groups: @escaping @Sendable () -> [String: ServiceLevelObjective]) async throws {
        guard let listen else { return }
        let (host, port) = try Self.address(listen)
        let site = MonitorSite(store: store, monitors: monitors, groups: groups, title: title, apiToken: try token())
        do {
            try await site.serve(host: host, port: port) { port in
                printError("serving the status page on http://\(host.contains(":") ? "[\(host)]" : host):\(port)/ (dashboard /dashboard, API /api/v1, /metrics)")
            }
        } catch is CancellationError {
        } catch {
            throw EnvironmentError(message: "cannot serve on \(listen): \(error)")
        }
    }
}

/// `anshin monitor run`: the monitors checked continuously, alerts sent as they go down and recover.
struct MonitorRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Check the monitors continuously, each at its interval and faster while failing; alert once when one goes down and once when it recovers.",
        discussion: """
        Each event is printed as a line on standard output and sent to every channel of alerts: in \
        anshin.yml and every --slack, --webhook and --email given. \
        A monitor is down after its failure_threshold failed checks in a row, and up after its \
        recovery_threshold passes; nothing new is sent during its maintenance windows. Monitors with \
        an slo are held to it: an alert is sent when a burn-rate alert starts firing and when it stops. \
        The monitors are read again every few seconds: a change takes effect without a restart \
        (monitors kept by name keep their state), and a change with mistakes is reported and the \
        running monitors kept. Runs until interrupted, or for --for.

        Every result is kept in the store (--store), so a restart loses no history and no state. \
        Several workers may share one PostgreSQL store: each claims the monitors that are due, and \
        the monitors of a worker that dies are taken over once its leases expire.
        """
    )

    @OptionGroup var source: MonitorSourceOptions
    @OptionGroup var storage: MonitorStoreOptions
    @OptionGroup var web: MonitorWebOptions

    @Option(help: ArgumentHelp("A Slack-compatible incoming webhook to alert (repeatable).", valueName: "url"))
    var slack: [String] = []

    @Option(help: ArgumentHelp("A URL that takes one JSON document per event (repeatable).", valueName: "url"))
    var webhook: [String] = []

    @OptionGroup var mail: MailOptions

    @Option(help: ArgumentHelp("Remind of a monitor still down this often (30m, 2h); default: alerts: remind in anshin.yml, else never.",
                               valueName: "duration"))
    var remind: String?

    @Option(name: .customLong("for"), help: ArgumentHelp("Stop after this long (10m); default: until interrupted.", valueName: "duration"))
    var duration: String?

    @Option(help: ArgumentHelp("How many checks run at once.", valueName: "count"))
    var concurrency = 256

    @Option(help: ArgumentHelp("This worker's name among those sharing the store (default: host name and process id).", valueName: "name"))
    var worker: String?

    @Option(help: ArgumentHelp("On exit, write what this worker did as JSON (checks, failures, lateness percentiles).", valueName: "file"),
            completion: .file())
    var stats: String?

    /// How often the monitors are read again.
    static let reloadInterval = 2.0

    func validate() throws {
        guard (1...10_000).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 10000, got \(concurrency)") }
        _ = try channels()
        _ = try Self.seconds(remind, option: "--remind")
        _ = try Self.seconds(duration, option: "--for")
        if let worker, worker.isEmpty || worker.count > 200 { throw ValidationError("--worker takes a name of 1 to 200 characters") }
    }

    static func seconds(_ text: String?, option: String) throws -> Double? {
        guard let text else { return nil }
        guard let seconds = MonitorDuration.seconds(text), seconds > 0 else {
            throw ValidationError("\(option) takes a duration such as 30s, 10m or 2h, got \"\(text)\"")
        }
        return seconds
    }

    func channels() throws -> [AlertChannel] {
        func url(_ text: String, _ option: String) throws -> URL {
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                throw ValidationError("\(option) takes an http or https URL, got \"\(text)\"")
            }
            return url
        }
        var channels: [AlertChannel] = try slack.map { .slack(try url($0, "--slack")) } + webhook.map { .webhook(try url($0, "--webhook")) }
        if let route = try mail.route() { channels.append(.email(route)) }
        return channels
    }

    func run() async throws {
        let configuration = try source.load()
        let monitors = configuration.monitors
        let channels = try channels() + configuration.alerts.channels
        let end = try Self.seconds(duration, option: "--for").map { Date().addingTimeInterval($0) }
        let project = try Workspace.project(source.folder.path)
        let history = try await storage.open(project: project)
        let owner = worker ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())"
        let runner = CheckRunner()
        let worker = MonitorWorker(store: history, options: .init(owner: owner, concurrency: concurrency,
                                                                  reminderInterval: try Self.seconds(remind, option: "--remind") ?? configuration.alerts.remind),
                                   check: { await runner.check($0) })
        try await worker.update(monitors, groups: configuration.groups)
        let sender = AlertSender(transport: HTTPClientTransport(environment: ProcessInfo.processInfo.environment))
        printError("checking \(monitors.count) monitor\(monitors.count == 1 ? "" : "s") as \(owner), history in \(history.store.location)"
                   + (channels.isEmpty ? "; no alerts: in anshin.yml and no --slack, --webhook or --email, so events are only printed"
                                       : "; alerting \(channels.map(\.destination).joined(separator: ", "))"))
        let reader = ConfigurationWatcher(source: source, configuration: configuration)
        _ = try web.token()
        let started = Date()
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await web.serve(store: history, monitors: { worker.monitors }, groups: { worker.groupObjectives }) }
                try await worker.run(until: end, reload: { reader.changed() }, reloadInterval: Self.reloadInterval) { events in
                    for event in events {
                        print("\(ISO8601DateFormatter().string(from: Date()))  \(AlertMessage.text(event))")
                        for channel in channels {
                            do {
                                try await sender.send(event, to: channel)
                            } catch {
                                printError("warning: \(error)")
                            }
                        }
                    }
                }
                group.cancelAll()
            }
        } catch let error as StoreError {
            throw EnvironmentError(message: "the monitor history at \(history.store.location) failed: \(error)")
        }
        await history.store.close()
        if let stats { try writeStatistics(worker, monitors: worker.monitors.count, since: started, to: stats) }
    }

    private func writeStatistics(_ worker: MonitorWorker, monitors: Int, since started: Date, to path: String) throws {
        let statistics = worker.statistics
        let document: [String: Any] = [
            "worker": worker.options.owner, "monitors": monitors, "checks": statistics.checks, "failed": statistics.failed,
            "seconds": (Date().timeIntervalSince(started) * 1000).rounded() / 1000,
            "lateness_ms": ["p50": statistics.latenessPercentile(0.5), "p90": statistics.latenessPercentile(0.9),
                            "p99": statistics.latenessPercentile(0.99), "max": statistics.latenessPercentile(1)],
        ]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(field: "--stats", message: "cannot write \(path): \(SystemErrorText.describe(error))")
        }
    }
}

/// `anshin monitor serve`: the web pages and API over a store that workers elsewhere fill.
struct MonitorServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the status page, dashboard, REST API and /metrics from the monitors' history, without checking.",
        discussion: """
        For a web server apart from the workers (monitor run) that share a PostgreSQL store. The \
        monitors are read again every few seconds, as monitor run does.
        """
    )

    @OptionGroup var source: MonitorSourceOptions
    @OptionGroup var storage: MonitorStoreOptions
    @OptionGroup var web: MonitorWebOptions

    func validate() throws {
        guard web.listen != nil else { throw ValidationError("monitor serve needs --listen host:port") }
    }

    func run() async throws {
        let configuration = try source.load()
        let project = try Workspace.project(source.folder.path)
        let history = try await storage.open(project: project)
        let reader = ConfigurationWatcher(source: source, configuration: configuration)
        let current = LockedValue(configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await web.serve(store: history, monitors: { current.withLock { $0.monitors } }, groups: { current.withLock { $0.groups } })
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(MonitorRunCommand.reloadInterval))
                    if let read = reader.changed() { current.withLock { $0 = read } }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}

/// Reads the monitors again when their files change and says when the monitors did; a change
/// with mistakes is reported once and the running monitors kept.
final class ConfigurationWatcher: Sendable {
    private let source: MonitorSourceOptions
    private let state: LockedValue<(current: [Monitor], groups: [String: ServiceLevelObjective], problem: String?, watched: [String],
                                    seen: [String: Date])>

    init(source: MonitorSourceOptions, configuration: MonitorConfiguration) {
        self.source = source
        state = LockedValue((configuration.monitors, configuration.groups, nil, [], [:]))
        watch(configuration)
        _ = filesChanged()
    }

    /// Watches the files `configuration` was read from, their folders (a file added there) and anshin.yml.
    private func watch(_ configuration: MonitorConfiguration) {
        let base = source.config == nil ? (try? Workspace.project(source.folder.path))?.catalogRoot.path : nil
        func path(_ shown: String) -> String { base.map { $0 + "/" + shown } ?? shown }
        var watched = Set(configuration.files.map(path))
        watched.formUnion(configuration.files.map { path(($0 as NSString).deletingLastPathComponent) })
        if let base { watched.insert(base + "/" + EnvironmentCatalog.fileName) }
        if let config = source.config { watched.insert(config) }
        state.withLock { $0.watched = watched.sorted() }
    }

    /// Whether a watched file or folder was modified since the last look.
    private func filesChanged() -> Bool {
        let watched = state.withLock { $0.watched }
        var seen: [String: Date] = [:]
        for path in watched {
            seen[path] = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date ?? .distantPast
        }
        return state.withLock { state in
            defer { state.seen = seen }
            return seen != state.seen
        }
    }

    /// The monitors when they changed since the last call; nil when they did not or cannot be read.
    func changed() -> MonitorConfiguration? {
        guard filesChanged() else { return nil }
        do {
            let configuration = try source.read()
            watch(configuration)
            let read = configuration.monitors
            return state.withLock { state in
                state.problem = nil
                guard read != state.current || configuration.groups != state.groups else { return nil }
                state.current = read
                state.groups = configuration.groups
                printError("the monitors changed: now checking \(read.count)")
                return configuration
            }
        } catch {
            let problem = "\(error)".split(separator: "\n").joined(separator: "; ")
            state.withLock { state in
                if problem != state.problem {
                    printError("warning: the monitors changed but cannot be read (\(problem)); still checking the previous ones")
                    state.problem = problem
                }
                // Read again next time, even without another change: the mistake is reported once.
                state.seen = [:]
            }
            return nil
        }
    }
}

/// The outcomes of `anshin monitor once` for people and for programs.
enum MonitorListing {
    static func text(_ outcomes: [CheckOutcome]) -> String {
        let width = outcomes.map(\.monitor.name.count).max() ?? 0
        var text = ""
        for outcome in outcomes {
            let mark = outcome.passed ? "PASS" : "FAIL"
            let name = outcome.monitor.name.padding(toLength: width, withPad: " ", startingAt: 0)
            var line = "\(mark)  \(name)  \(outcome.monitor.probe.target)"
            if let status = outcome.result.status { line += "  \(status)" }
            if outcome.result.connected { line += "  \(Int(outcome.result.timings.total.rounded())) ms" }
            text += line + "\n"
            if let reason = outcome.reason { text += "      \(reason)\n" }
            if let health = outcome.health, outcome.passed, health.status == .warn { text += "      health \(health.summary)\n" }
        }
        let failed = outcomes.filter { !$0.passed }.count
        text += "\(outcomes.count) checked, \(outcomes.count - failed) passed, \(failed) failed\n"
        return text
    }

    struct Entry: Encodable {
        var name: String
        var group: String?
        var environment: String?
        var kind: String
        var target: String
        var passed: Bool
        var reason: String?
        var status: Int?
        var timings: ProbeResult.Timings
        var certificateExpiry: String?
        var dnsAnswers: [String]?
        var health: String?
        var conditions: [ConditionOutcome]
        var attempts: Int
    }

    static func json(_ outcomes: [CheckOutcome]) -> String {
        let formatter = ISO8601DateFormatter()
        let entries = outcomes.map { outcome in
            Entry(name: outcome.monitor.name, group: outcome.monitor.group, environment: outcome.monitor.environment,
                  kind: outcome.monitor.probe.kind, target: outcome.monitor.probe.target, passed: outcome.passed, reason: outcome.reason,
                  status: outcome.result.status, timings: outcome.result.timings,
                  certificateExpiry: outcome.result.certificateExpiry.map(formatter.string(from:)),
                  dnsAnswers: outcome.result.dnsCode == nil ? nil : outcome.result.dnsAnswers,
                  health: outcome.health?.summary, conditions: outcome.conditions, attempts: outcome.attempts)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(["monitors": entries])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
