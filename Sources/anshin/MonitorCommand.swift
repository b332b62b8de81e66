import AnshinCore
import AnshinHTTP
import AnshinMonitor
import ArgumentParser
import Foundation

/// `anshin monitor`: synthetic monitoring as code, the monitors read from `anshin.yml`.
struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Monitors as code: HTTP(S), TCP, TLS certificate and DNS checks from anshin.yml; validate them, run each once, or keep checking and alert.",
        subcommands: [MonitorCheckConfigCommand.self, MonitorOnceCommand.self, MonitorRunCommand.self]
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

/// `anshin monitor run`: the monitors checked continuously, alerts sent as they go down and recover.
struct MonitorRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Check the monitors continuously, each at its interval and faster while failing; alert once when one goes down and once when it recovers.",
        discussion: """
        Each event is printed as a line on standard output and sent to every --slack and --webhook URL. \
        A monitor is down after its failure_threshold failed checks in a row, and up after its \
        recovery_threshold passes; nothing new is sent during its maintenance windows. The monitors \
        are read again every few seconds: a change takes effect without a restart (monitors kept by \
        name keep their state), and a change with mistakes is reported and the running monitors kept. \
        Runs until interrupted, or for --for.
        """
    )

    @OptionGroup var source: MonitorSourceOptions

    @Option(help: ArgumentHelp("A Slack-compatible incoming webhook to alert (repeatable).", valueName: "url"))
    var slack: [String] = []

    @Option(help: ArgumentHelp("A URL that takes one JSON document per event (repeatable).", valueName: "url"))
    var webhook: [String] = []

    @Option(help: ArgumentHelp("Remind of a monitor still down this often (30m, 2h); default never.", valueName: "duration"))
    var remind: String?

    @Option(name: .customLong("for"), help: ArgumentHelp("Stop after this long (10m); default: until interrupted.", valueName: "duration"))
    var duration: String?

    @Option(help: ArgumentHelp("How many checks run at once.", valueName: "count"))
    var concurrency = 64

    /// How often the monitors are read again.
    static let reloadInterval = 2.0

    func validate() throws {
        guard (1...10_000).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 10000, got \(concurrency)") }
        _ = try channels()
        _ = try Self.seconds(remind, option: "--remind")
        _ = try Self.seconds(duration, option: "--for")
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
        return try slack.map { .slack(try url($0, "--slack")) } + webhook.map { .webhook(try url($0, "--webhook")) }
    }

    func run() async throws {
        let monitors = try source.load().monitors
        let channels = try channels()
        let end = try Self.seconds(duration, option: "--for").map { Date().addingTimeInterval($0) }
        var scheduler = Scheduler(monitors: monitors, now: Date(), reminderInterval: try Self.seconds(remind, option: "--remind"))
        var current = monitors
        var lastRead = Date()
        var lastProblem: String?
        let runner = CheckRunner()
        let sender = AlertSender(transport: HTTPClientTransport(environment: ProcessInfo.processInfo.environment))
        printError("checking \(monitors.count) monitor\(monitors.count == 1 ? "" : "s")"
                   + (channels.isEmpty ? "; no --slack or --webhook given, so events are only printed" : ""))
        while true {
            let now = Date()
            if let end, now >= end { break }
            if now.timeIntervalSince(lastRead) >= Self.reloadInterval {
                lastRead = now
                do {
                    let read = try source.read().monitors
                    lastProblem = nil
                    if read != current {
                        scheduler.replace(read, now: now)
                        current = read
                        printError("the monitors changed: now checking \(read.count)")
                    }
                } catch {
                    let problem = "\(error)".split(separator: "\n").joined(separator: "; ")
                    if problem != lastProblem {
                        printError("warning: the monitors changed but cannot be read (\(problem)); still checking the previous ones")
                        lastProblem = problem
                    }
                }
            }
            let due = scheduler.due(at: now)
            if !due.isEmpty {
                for outcome in await runner.checkAll(due, concurrency: concurrency) {
                    let events = scheduler.record(outcome.monitor.name, passed: outcome.passed, reason: outcome.reason, at: Date())
                    for event in events {
                        print("\(ISO8601DateFormatter().string(from: Date()))  \(AlertMessage.text(event))")
                        for channel in channels {
                            do {
                                try await sender.send(event, to: channel)
                            } catch {
                                printError("warning: \(error.message)")
                            }
                        }
                    }
                }
                continue
            }
            let wake = [scheduler.nextDue, end, lastRead.addingTimeInterval(Self.reloadInterval)].compactMap { $0 }.min()!
            let pause = max(wake.timeIntervalSince(Date()), 0.01)
            try await Task.sleep(for: .milliseconds(Int64(pause * 1000)))
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
